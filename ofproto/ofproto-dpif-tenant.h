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

#ifndef OFPROTO_DPIF_TENANT_H
#define OFPROTO_DPIF_TENANT_H 1

/* HostVLAN tenant isolation in ofproto-dpif.
 *
 * Each ofproto_dpif publishes its tenant policy (ofproto-tenant.h) through
 * an RCU pointer, NULL when the bridge does not isolate, so translation
 * threads read it without locks.  The tenant bindings live in a tenant
 * table per dpif_backer (all bridges of one datapath type share them).
 *
 * Enforcement (ofproto-dpif-xlate.c):
 *
 *   - on input, the transmit filter (anti-spoofing) drops frames from a VM
 *     port whose source MAC is not the VM's; the megaflow then matches the
 *     source MAC of frames from VM ports;
 *
 *   - on every output to a port of an isolating bridge, the receive filter.
 *     If the datapath supports check_tenant (it holds a copy of the tenant
 *     table, kept in sync here), translation wraps the output in that
 *     action: the megaflow need not match the source MAC and a binding
 *     change takes effect without revalidation.  Otherwise, and for outputs
 *     the datapath cannot check (patch ports; a source MAC rewritten by the
 *     pipeline), translation decides with the LNIDs of the frame's source
 *     MAC as received: the megaflow matches it, and a binding change
 *     revalidates the datapath flows.
 *
 * A frame's tenant identity is the source MAC it had when it entered the
 * bridge (tenant_xlate_start()).  It is carried through
 * recirculation in the frozen state, so that a pipeline that rewrites the
 * source and then recirculates (ct(table=N), bonds, dp_hash groups) cannot
 * borrow another tenant's identity either.  A packet without an Ethernet
 * header has no source MAC: it may enter only through a global port, and
 * translation then delivers it to every port with LNIDs, as for the global
 * port's own frames (the datapath has no source to check).
 *
 * The functions below are for ofproto-dpif.c and ofproto-dpif-xlate.c. */

#include <stdbool.h>
#include <stddef.h>
#include "ofproto-tenant.h"

struct backer_tenants;
struct dpif_backer;
struct ds;
struct flow;
struct flow_wildcards;
struct frozen_state;
struct ovs_list;
struct ofproto;
struct ofproto_dpif;

/* ofproto_class members. */
void ofproto_dpif_set_tenant_policy(struct ofproto *,
                                    const struct tenant_bridge_settings *);
void ofproto_dpif_set_tenant_bindings(struct ofproto *,
                                      const struct tenant_bindings_view *);

/* Life cycle. */
void ofproto_dpif_tenant_destruct(struct ofproto_dpif *);
struct backer_tenants *dpif_backer_tenants_create(void);
void dpif_backer_tenants_destroy(struct backer_tenants *);
bool ofproto_dpif_tenant_probe(struct dpif_backer *);

/* Translation (ofproto-dpif-xlate.c). */
const struct tenant_policy *ofproto_dpif_tenant_policy(
    const struct ofproto_dpif *);

/* A frame's tenant identity during one translation, in struct xlate_ctx:
 * the source MAC it had when it entered the bridge, whatever the OpenFlow
 * pipeline did since. */
struct tenant_xlate {
    struct eth_addr src;        /* Source MAC as received. */
    bool src_in_packet;         /* 'src' is the packet's own source as this
                                 * translation got it from the datapath
                                 * (not a frozen or assigned identity). */
    bool no_src;                /* Entered without an Ethernet header,
                                 * through a global port. */
    bool prefiltered;           /* A bond's recirculation: see
                                 * frozen_state. */
};

/* How translation delivers a frame to a port of a bridge. */
enum tenant_xlate_output {
    TENANT_XLATE_DELIVER,       /* Output: the bridge does not isolate, or
                                 * translation decided to deliver. */
    TENANT_XLATE_DROP,          /* Do not output. */
    TENANT_XLATE_DATAPATH,      /* Output inside check_tenant: the datapath
                                 * decides per packet. */
};

void tenant_xlate_start(struct tenant_xlate *, const struct ofproto_dpif *,
                        const struct frozen_state *, const struct flow *);
bool tenant_xlate_input_spoofed(const struct tenant_xlate *,
                                const struct ofproto_dpif *,
                                ofp_port_t in_port, const struct flow *,
                                struct flow_wildcards *,
                                struct ovs_list *trace);
bool tenant_xlate_enter_bridge(struct tenant_xlate *,
                               const struct ofproto_dpif *,
                               ofp_port_t in_port, const struct flow *,
                               struct flow_wildcards *,
                               struct ovs_list *trace);
enum tenant_xlate_output tenant_xlate_output(
    const struct tenant_xlate *, const struct ofproto_dpif *,
    ofp_port_t out_port, bool datapath_may_check, const struct flow *,
    struct flow_wildcards *, struct ovs_list *trace,
    const struct lnid_set **port_lnids);
void tenant_xlate_freeze(const struct tenant_xlate *,
                         const struct ofproto_dpif *, struct frozen_state *,
                         struct flow_wildcards *);
bool tenant_xlate_may_learn(const struct tenant_xlate *,
                            const struct ofproto_dpif *, const struct flow *);

/* Frames ovs-vswitchd itself sends (LACP, STP/RSTP, BFD, CFM, LLDP, bond
 * learning packets) are not a tenant's: xlate_send_packet() marks its
 * translation with these, and the receive filter lets them through. */
void ofproto_dpif_tenant_own_frame_begin(void);
void ofproto_dpif_tenant_own_frame_end(void);
bool ofproto_dpif_tenant_is_own_frame(void);

#endif /* ofproto-dpif-tenant.h */
