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

#ifndef OFPROTO_TENANT_H
#define OFPROTO_TENANT_H 1

/* HostVLAN tenant isolation at the ofproto layer.
 *
 * The bridge hands each ofproto two things:
 *
 *   - Its tenant policy (ofproto_set_tenant_policy()): for every port, its
 *     LNID set, its VM MAC, for a global port the LNIDs it may deliver to
 *     (broadcast pruning on tunnels) and any configuration error, and the
 *     bridge's other_config:tenant-isolation.  By default a bridge starts
 *     to isolate once one of its ports has LNIDs or a tenant configuration
 *     error, and keeps isolating when the last LNID goes (its ports then
 *     fail closed); "true" isolates from the start, "false" never.  An
 *     ofproto that does not isolate behaves exactly as upstream.
 *
 *   - The tenant bindings (ofproto_set_tenant_bindings()): every MAC that
 *     may send on this host's isolating bridges, with its LNID set.  The
 *     bindings are the same for all bridges; a provider may share them.
 *     They come as a "struct tenant_bindings_view": the changes since the
 *     previous view, so that changing one binding among a million costs
 *     one binding's work, and the whole set on demand.
 *
 * A policy is immutable once made (tenant_policy_create()), so a provider
 * can publish it to translation threads with RCU and compare it with its
 * predecessor to see whether anything changed. */

#include <stdbool.h>
#include <stddef.h>
#include "openvswitch/hmap.h"
#include "openvswitch/types.h"
#include "packets.h"
#include "tenant.h"
#include "tenant-iface.h"

struct ds;
struct ofproto;
struct sset;

/* A port's tenant settings, as the bridge passes them in. */
struct tenant_port_settings {
    ofp_port_t ofp_port;
    const char *name;               /* Interface name, for logs. */
    const struct lnid_set *lnids;   /* NULL or empty: the port has none. */
    bool has_vm_mac;                /* Is 'vm_mac' set? */
    struct eth_addr vm_mac;         /* MAC of the VM behind the port. */
    const struct eth_addr *allowed_macs; /* Further MACs the VM may send
                                          * from, ascending. */
    size_t n_allowed_macs;
    const char *allowed_refused;    /* allowed-macs entries that fail
                                     * closed, and why; NULL if none. */
    struct tenant_attached_ips ips; /* The addresses its MACs may use
                                     * (entries borrowed from the caller):
                                     * see tenant_check_input_addresses(). */
    const struct lnid_set *egress;  /* Global port: deliver only these
                                     * (may be empty); NULL: no pruning. */
    const struct sset *ingress_hosts; /* Trunk: carries only the MACs bound
                                       * to these hosts; NULL: any MAC. */
    const char *error;              /* Configuration error, or NULL. */
};

/* A port in a tenant policy. */
struct tenant_port {
    struct hmap_node node;          /* In tenant_policy's 'ports'. */
    ofp_port_t ofp_port;
    char *name;
    struct lnid_set *lnids;         /* NULL if the port has no LNIDs. */
    bool has_vm_mac;
    struct eth_addr vm_mac;
    struct eth_addr *allowed_macs;  /* Ascending. */
    size_t n_allowed_macs;
    char *allowed_refused;
    struct tenant_attached_ips ips;
    struct lnid_set *egress;        /* Nonnull: the port prunes. */
    struct sset *ingress_hosts;     /* Nonnull: the port checks hosts. */
    char *error;                    /* Port fails closed if nonnull. */
};

/* An isolating bridge's tenant policy.  Immutable. */
struct tenant_policy {
    struct hmap ports;              /* Contains "struct tenant_port"s. */
};

/* A bridge's other_config:tenant-isolation. */
enum tenant_isolation {
    TENANT_ISOLATION_AUTO,      /* Once any port had LNIDs (default). */
    TENANT_ISOLATION_ON,        /* Always, even with no LNIDs at all. */
    TENANT_ISOLATION_OFF,       /* Never: the administrator turned it off. */
};

/* A bridge's tenant settings, as the bridge passes them in. */
struct tenant_bridge_settings {
    const struct tenant_port_settings *ports;
    size_t n_ports;
    enum tenant_isolation isolation;
};

void ofproto_set_tenant_policy(struct ofproto *,
                               const struct tenant_bridge_settings *);
/* The tenant bindings, as handed to each ofproto.  'seq' is the bindings'
 * version: it changes whenever they do and the first view's is 1.
 * 'changes' takes a provider from version 'seq - 1' to 'seq' (a change
 * with null 'lnids' removes its MAC); all() returns the whole set, for a
 * provider that does not hold version 'seq - 1' (e.g. a new datapath).
 * Both stay valid until the caller's reconfiguration ends. */
struct tenant_bindings_view {
    uint64_t seq;
    const struct tenant_binding *changes;
    size_t n_changes;
    const struct tenant_binding *(*all)(const struct tenant_bindings_view *,
                                        size_t *n);
};

void ofproto_set_tenant_bindings(struct ofproto *,
                                 const struct tenant_bindings_view *);

struct tenant_policy *tenant_policy_create(const struct tenant_port_settings *,
                                           size_t n, bool isolating);
bool tenant_bridge_settings_isolate(const struct tenant_bridge_settings *,
                                    bool was_isolating);
void tenant_policy_destroy(struct tenant_policy *);
bool tenant_policy_equals(const struct tenant_policy *,
                          const struct tenant_policy *);
bool tenant_policy_narrows(const struct tenant_policy *old,
                           const struct tenant_policy *new);
const struct tenant_port *tenant_policy_find(const struct tenant_policy *,
                                             ofp_port_t);
bool tenant_policy_port_equals(const struct tenant_port *,
                               const struct tenant_port *);
void tenant_policy_format(const struct tenant_policy *, struct ds *);

/* Outcome of the transmit filter (anti-spoofing) for a frame that enters
 * an isolating bridge. */
enum tenant_input_verdict {
    TENANT_INPUT_PASS,
    TENANT_INPUT_SPOOFED,       /* Source MAC is not the attached-mac. */
    TENANT_INPUT_NO_VM_MAC,     /* VM port without attached-mac. */
    TENANT_INPUT_PORT_ERROR,    /* Port's tenant configuration is broken. */
    TENANT_INPUT_NO_LNIDS,      /* Port without LNIDs, isolating bridge. */
    TENANT_INPUT_NO_SOURCE,     /* No Ethernet source, port not global. */
    TENANT_INPUT_WRONG_HOST,    /* Source MAC bound to a host the trunk
                                 * does not lead to. */
    /* The address guard of a port with attached-ips: */
    TENANT_INPUT_ARP_SPOOFED,   /* ARP sender not the frame's MAC and one
                                 * of its addresses. */
    TENANT_INPUT_IP_SPOOFED,    /* IP source not one of its addresses. */
    TENANT_INPUT_ND_SPOOFED,    /* Neighbor advertisement or solicitation
                                 * for another's address or MAC. */
    TENANT_INPUT_ROUTER_ONLY,   /* Router advertisement or redirect. */
    TENANT_INPUT_UNCHECKABLE,   /* More VLAN headers than the guard
                                 * can see through. */
};

bool tenant_port_is_vm(const struct tenant_port *);
/* A trunk's ingress hosts (see tenant_port_settings): heap-allocated
 * ssets, NULL for "any". */
bool tenant_hosts_equal(const struct sset *, const struct sset *);
struct sset *tenant_hosts_clone(const struct sset *);
void tenant_hosts_destroy(struct sset *);

bool tenant_port_checks_source(const struct tenant_port *);
bool tenant_port_owns_mac(const struct tenant_port *, struct eth_addr);
bool tenant_port_checks_hosts(const struct tenant_port *);
const char *tenant_port_class(const struct tenant_port *);
enum tenant_input_verdict tenant_check_input(const struct tenant_port *,
                                             struct eth_addr dl_src,
                                             bool no_src);
enum tenant_input_verdict tenant_check_ingress_host(const struct tenant_port *,
                                                    const char *src_host);
const char *tenant_input_verdict_to_string(enum tenant_input_verdict);
const struct lnid_set *tenant_port_output_lnids(const struct tenant_port *);
bool tenant_port_prunes(const struct tenant_port *);

#endif /* ofproto-tenant.h */
