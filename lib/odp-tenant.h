/*
 * Copyright (c) 2026 HostVLAN-OVS developers.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#ifndef ODP_TENANT_H
#define ODP_TENANT_H 1

/* The check_tenant datapath action (OVS_ACTION_ATTR_CHECK_TENANT).
 *
 * Translation wraps each output to a port of an isolating bridge in
 *
 *     check_tenant(lnid(PORT-LNIDS),pass(ACTIONS))
 *
 * and the datapath runs ACTIONS only if the LNIDs that its tenant table
 * binds to the packet's Ethernet source intersect PORT-LNIDS (see
 * tenant_check()).  Everything about the action's netlink form lives here:
 * composing it, validating it, formatting it and deciding on a packet; the
 * text parser is in odp-util.c next to the other actions'. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/types.h"
#include "ovs-atomic.h"
#include "tenant.h"

struct dp_packet;
struct ds;
struct flow;
struct flow_wildcards;
struct hmap;
struct nlattr;
struct ofpbuf;

/* A validated check_tenant action. */
struct odp_check_tenant {
    bool global;                    /* Port is global. */
    const uint32_t *lnids;          /* Port's LNIDs, ascending. */
    size_t n_lnids;
    const struct nlattr *actions;   /* Nested actions, run on pass. */
    size_t actions_len;
};

/* Offsets of the two nested attributes being composed. */
struct odp_check_tenant_ofs {
    size_t action;
    size_t pass;
};

struct odp_check_tenant_ofs odp_put_check_tenant_start(
    struct ofpbuf *, const struct lnid_set *port_lnids);
void odp_put_check_tenant_end(struct ofpbuf *, struct odp_check_tenant_ofs);

/* The last verdict of one check_tenant action on one batch of packets.  A
 * batch normally holds packets of one flow, often with one source MAC, so
 * one table lookup usually decides the whole batch. */
struct odp_check_tenant_cache {
    bool valid;
    struct eth_addr src;
    enum tenant_verdict verdict;
};

bool odp_check_tenant_parse(const struct nlattr *, struct odp_check_tenant *);
odp_port_t odp_check_tenant_out_port(const struct odp_check_tenant *);

/* Packets that check_tenant dropped, by the datapath port they were headed
 * for (the first output of the pass actions).  Ports numbered
 * TENANT_DROP_PORTS - 1 and above share the last counter. */
#define TENANT_DROP_PORTS 1024
struct odp_tenant_drops {
    atomic_uint64_t by_port[TENANT_DROP_PORTS];
};

void odp_tenant_drops_add(struct odp_tenant_drops *, odp_port_t, uint64_t n);
uint64_t odp_tenant_drops_get(const struct odp_tenant_drops *, odp_port_t);
int odp_check_tenant_from_string(const char *, struct ofpbuf *,
                                 int (*parse_actions)(void *aux,
                                                      const char *,
                                                      struct ofpbuf *),
                                 void *aux);
void odp_check_tenant_format(struct ds *, const struct nlattr *,
                             const struct hmap *portno_names);
enum tenant_verdict odp_check_tenant_packet(const struct tenant_table *,
                                            const struct odp_check_tenant *,
                                            const struct dp_packet *,
                                            struct odp_check_tenant_cache *);


/* Verdicts of a datapath flow's check_tenant actions.
 *
 * When a datapath flow matches the Ethernet source exactly, every packet of
 * the flow has that source, so each of its check_tenant actions gives every
 * packet the same verdict until the tenant table changes.  The userspace
 * datapath keeps one slot per top-level check_tenant action next to the
 * flow's (immutable) actions, and looks the source up once per flow and
 * table generation instead of once per packet or batch.
 *
 * Only check_tenant actions that no earlier action of the flow may have
 * rewritten the Ethernet source for get a slot; the others take the
 * per-packet path. */
struct odp_tenant_flow_slot {
    const struct nlattr *action;    /* The check_tenant action. */
    struct odp_check_tenant ct;     /* 'action', parsed. */
    odp_port_t out_port;            /* Where its drops are counted. */
    atomic_uint64_t state;          /* (generation + 1) << 2 | verdict;
                                     * 0 if no verdict yet.  One word, so a
                                     * reader never pairs a verdict with the
                                     * wrong generation. */
};

struct odp_tenant_flow_cache {
    size_t n;                                   /* Number of slots. */
    struct odp_tenant_flow_slot slots[];        /* In action order. */
};

bool odp_tenant_flow_src_exact(const struct flow *,
                               const struct flow_wildcards *);
size_t odp_tenant_flow_cache_size(const struct nlattr *actions, size_t len);
void odp_tenant_flow_cache_init(struct odp_tenant_flow_cache *,
                                const struct nlattr *actions, size_t len);
struct odp_tenant_flow_slot *odp_tenant_flow_cache_find(
    struct odp_tenant_flow_cache *, const struct nlattr *action);
enum tenant_verdict odp_tenant_flow_verdict(struct odp_tenant_flow_slot *,
                                            const struct tenant_table *,
                                            struct eth_addr src);

#endif /* odp-tenant.h */
