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

#include <config.h>
#include "ofproto-tenant.h"

#include <stdlib.h>
#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-port.h"
#include "ofproto-provider.h"
#include "sset.h"
#include "util.h"

/* Sets the tenant policy of 'ofproto' from 'settings'.  A provider without
 * tenant support ignores it, which is safe only because such a provider
 * never has ports with LNIDs: ofproto-dpif, the only provider, supports
 * it. */
void
ofproto_set_tenant_policy(struct ofproto *ofproto,
                          const struct tenant_bridge_settings *settings)
{
    if (ofproto->ofproto_class->set_tenant_policy) {
        ofproto->ofproto_class->set_tenant_policy(ofproto, settings);
    }
}

/* Sets the tenant bindings, the same for every bridge. */
void
ofproto_set_tenant_bindings(struct ofproto *ofproto,
                            const struct tenant_bindings_view *view)
{
    if (ofproto->ofproto_class->set_tenant_bindings) {
        ofproto->ofproto_class->set_tenant_bindings(ofproto, view);
    }
}

static bool
port_isolates(const struct tenant_port_settings *s)
{
    return s->error || !lnid_set_is_empty(s->lnids);
}

/* Does a bridge with 'settings' isolate, given whether it did so far?
 * Once it isolates it goes on until the administrator says otherwise:
 * losing its last LNID must not turn it into an unfiltered switch. */
bool
tenant_bridge_settings_isolate(const struct tenant_bridge_settings *settings,
                               bool was_isolating)
{
    size_t i;

    switch (settings->isolation) {
    case TENANT_ISOLATION_ON:
        return true;
    case TENANT_ISOLATION_OFF:
        return false;
    case TENANT_ISOLATION_AUTO:
    default:
        if (was_isolating) {
            return true;
        }
        for (i = 0; i < settings->n_ports; i++) {
            if (port_isolates(&settings->ports[i])) {
                return true;
            }
        }
        return false;
    }
}

/* Returns the policy for the 'n' ports in 'ports' of a bridge, or NULL if
 * the bridge does not isolate ('isolating' is false). */
struct tenant_policy *
tenant_policy_create(const struct tenant_port_settings *ports, size_t n,
                     bool isolating)
{
    struct tenant_policy *policy;
    size_t i;

    if (!isolating) {
        return NULL;
    }

    policy = xmalloc(sizeof *policy);
    hmap_init(&policy->ports);
    for (i = 0; i < n; i++) {
        const struct tenant_port_settings *s = &ports[i];
        struct tenant_port *port = xzalloc(sizeof *port);

        port->ofp_port = s->ofp_port;
        port->name = xstrdup(s->name);
        port->lnids = (lnid_set_is_empty(s->lnids) ? NULL
                       : lnid_set_clone(s->lnids));
        port->has_vm_mac = s->has_vm_mac;
        port->vm_mac = s->has_vm_mac ? s->vm_mac : eth_addr_zero;
        port->allowed_macs = (s->n_allowed_macs
                              ? xmemdup(s->allowed_macs,
                                        s->n_allowed_macs
                                        * sizeof *s->allowed_macs)
                              : NULL);
        port->n_allowed_macs = s->n_allowed_macs;
        port->allowed_refused = nullable_xstrdup(s->allowed_refused);
        tenant_attached_ips_clone(&port->ips, &s->ips);
        port->egress = lnid_set_clone(s->egress);
        port->ingress_hosts = tenant_hosts_clone(s->ingress_hosts);
        port->error = nullable_xstrdup(s->error);
        hmap_insert(&policy->ports, &port->node,
                    hash_int(ofp_to_u16(s->ofp_port), 0));
    }
    return policy;
}

void
tenant_policy_destroy(struct tenant_policy *policy)
{
    struct tenant_port *port;

    if (!policy) {
        return;
    }
    HMAP_FOR_EACH_POP (port, node, &policy->ports) {
        free(port->name);
        lnid_set_destroy(port->lnids);
        lnid_set_destroy(port->egress);
        tenant_hosts_destroy(port->ingress_hosts);
        free(port->allowed_macs);
        free(port->allowed_refused);
        tenant_attached_ips_uninit(&port->ips);
        free(port->error);
        free(port);
    }
    hmap_destroy(&policy->ports);
    free(policy);
}

const struct tenant_port *
tenant_policy_find(const struct tenant_policy *policy, ofp_port_t ofp_port)
{
    const struct tenant_port *port;

    HMAP_FOR_EACH_WITH_HASH (port, node, hash_int(ofp_to_u16(ofp_port), 0),
                             &policy->ports) {
        if (port->ofp_port == ofp_port) {
            return port;
        }
    }
    return NULL;
}

/* Do host sets 'a' and 'b' (NULL: any host) accept the same hosts? */
bool
tenant_hosts_equal(const struct sset *a, const struct sset *b)
{
    return !a || !b ? a == b : sset_equals(a, b);
}

struct sset *
tenant_hosts_clone(const struct sset *hosts)
{
    struct sset *clone = NULL;

    if (hosts) {
        clone = xmalloc(sizeof *clone);
        sset_clone(clone, hosts);
    }
    return clone;
}

void
tenant_hosts_destroy(struct sset *hosts)
{
    if (hosts) {
        sset_destroy(hosts);
        free(hosts);
    }
}

/* Does 'b' accept the MACs of every host that 'a' does? */
static bool
ingress_hosts_widen(const struct tenant_port *a, const struct tenant_port *b)
{
    const char *host;

    if (!b->ingress_hosts) {
        return true;
    } else if (!a->ingress_hosts) {
        return false;
    }
    SSET_FOR_EACH (host, a->ingress_hosts) {
        if (!sset_contains(b->ingress_hosts, host)) {
            return false;
        }
    }
    return true;
}

/* Does 'b' let its VM send from every further MAC that 'a' does? */
static bool
allowed_macs_widen(const struct tenant_port *a, const struct tenant_port *b)
{
    for (size_t i = 0; i < a->n_allowed_macs; i++) {
        if (!tenant_macs_contains(b->allowed_macs, b->n_allowed_macs,
                                  a->allowed_macs[i])) {
            return false;
        }
    }
    return true;
}

bool
tenant_policy_port_equals(const struct tenant_port *a,
                          const struct tenant_port *b)
{
    return (!strcmp(a->name, b->name)
            && lnid_set_equals(a->lnids, b->lnids)
            && a->has_vm_mac == b->has_vm_mac
            && eth_addr_equals(a->vm_mac, b->vm_mac)
            && tenant_macs_equal(a->allowed_macs, a->n_allowed_macs,
                                 b->allowed_macs, b->n_allowed_macs)
            && nullable_string_is_equal(a->allowed_refused,
                                        b->allowed_refused)
            && tenant_attached_ips_equal(&a->ips, &b->ips)
            && !a->egress == !b->egress
            && lnid_set_equals(a->egress, b->egress)
            && tenant_hosts_equal(a->ingress_hosts, b->ingress_hosts)
            && nullable_string_is_equal(a->error, b->error));
}

/* Returns true if port settings 'b' let through everything 'a' does: only
 * the port's LNIDs, those it delivers to, or the hosts it accepts, grew.
 * Any other change may stop a frame (e.g. a new attached-mac, an error).
 * A change of the attached-ips is never taken for a widening: the guard
 * is not worth the subtlety. */
static bool
tenant_port_widens(const struct tenant_port *a, const struct tenant_port *b)
{
    return (ingress_hosts_widen(a, b)
            && allowed_macs_widen(a, b)
            && tenant_attached_ips_equal(&a->ips, &b->ips)
            && a->has_vm_mac == b->has_vm_mac
            && eth_addr_equals(a->vm_mac, b->vm_mac)
            && nullable_string_is_equal(a->error, b->error)
            && !a->egress == !b->egress
            && lnid_set_is_subset(a->egress, b->egress)
            && lnid_set_is_subset(a->lnids, b->lnids));
}

/* Returns true if every port of 'a' is in 'b', with the same settings or,
 * if 'widen' is true, settings that let through everything they did. */
static bool
tenant_policy_keeps_ports(const struct tenant_policy *a,
                          const struct tenant_policy *b, bool widen)
{
    const struct tenant_port *pa;

    HMAP_FOR_EACH (pa, node, &a->ports) {
        const struct tenant_port *pb = tenant_policy_find(b, pa->ofp_port);

        if (!pb || !(widen
                     ? tenant_port_widens(pa, pb)
                     : tenant_policy_port_equals(pa, pb))) {
            return false;
        }
    }
    return true;
}

bool
tenant_policy_equals(const struct tenant_policy *a,
                     const struct tenant_policy *b)
{
    if (!a || !b) {
        return a == b;
    }
    return (hmap_count(&a->ports) == hmap_count(&b->ports)
            && tenant_policy_keeps_ports(a, b, false));
}

/* Returns true if going from policy 'old' to 'new' may stop a frame that
 * 'old' let through: the bridge starts to isolate, a port went away (a
 * port that later reuses its number may belong to another tenant), or a
 * port changed other than by gaining LNIDs.  New ports and the end of
 * isolation stop nothing. */
bool
tenant_policy_narrows(const struct tenant_policy *old,
                      const struct tenant_policy *new)
{
    return new && (!old || !tenant_policy_keeps_ports(old, new, true));
}

static int
compare_ports_by_name(const void *a_, const void *b_)
{
    const struct tenant_port *const *a = a_;
    const struct tenant_port *const *b = b_;

    return strcmp((*a)->name, (*b)->name);
}

/* Appends one line per port of 'policy' to 's', sorted by name. */
void
tenant_policy_format(const struct tenant_policy *policy, struct ds *s)
{
    const struct tenant_port **ports;
    const struct tenant_port *port;
    size_t n = 0, i;

    ports = xmalloc((hmap_count(&policy->ports) + 1) * sizeof *ports);
    HMAP_FOR_EACH (port, node, &policy->ports) {
        ports[n++] = port;
    }
    qsort(ports, n, sizeof *ports, compare_ports_by_name);
    for (i = 0; i < n; i++) {
        port = ports[i];
        ds_put_format(s, "  port %s (ofport %"PRIu16"): lnid ", port->name,
                      ofp_to_u16(port->ofp_port));
        lnid_set_format(port->lnids, s);
        if (port->has_vm_mac) {
            ds_put_format(s, ", vm mac "ETH_ADDR_FMT,
                          ETH_ADDR_ARGS(port->vm_mac));
        }
        if (port->n_allowed_macs) {
            ds_put_format(s, ", %"PRIuSIZE" further macs",
                          port->n_allowed_macs);
        }
        if (port->allowed_refused) {
            ds_put_format(s, ", refused macs (%s)", port->allowed_refused);
        }
        if (port->ips.declared) {
            ds_put_format(s, ", %"PRIuSIZE" attached ips", port->ips.n);
        }
        if (port->egress) {
            ds_put_cstr(s, ", egress lnid ");
            lnid_set_format(port->egress, s);
        }
        if (port->ingress_hosts) {
            ds_put_cstr(s, ", ingress hosts ");
            if (sset_is_empty(port->ingress_hosts)) {
                ds_put_cstr(s, "none");
            } else {
                const char **hosts = sset_sort(port->ingress_hosts);
                size_t j;

                for (j = 0; j < sset_count(port->ingress_hosts); j++) {
                    ds_put_format(s, "%s%s", j ? "," : "", hosts[j]);
                }
                free(hosts);
            }
        }
        ds_put_format(s, " (%s%s)", port->error ? "fails closed: " : "",
                      port->error ? port->error : tenant_port_class(port));
        ds_put_char(s, '\n');
    }
    free(ports);
}

/* Describes what kind of port 'port' is for tenant isolation, and what it
 * may send (see tenant_check_input()), for tenant/show.  'port' must be
 * free of errors: the error itself says why such a port fails closed. */
const char *
tenant_port_class(const struct tenant_port *port)
{
    ovs_assert(!port->error);
    if (!port->lnids) {
        return "no LNIDs: sends and receives nothing";
    } else if (port->has_vm_mac) {
        return port->lnids->global ? "global vm" : "vm";
    } else if (port->lnids->global) {
        return (port->ingress_hosts
                ? "trunk: sends from its hosts' MACs"
                : "trunk: sends from any MAC");
    }
    return "no attached-mac: sends nothing";
}

/* A VM port has LNIDs but not "global": it needs an attached-mac to send. */
bool
tenant_port_is_vm(const struct tenant_port *port)
{
    return port && !port->error && port->lnids && !port->lnids->global;
}

/* Is a frame's source MAC part of the transmit filter's decision for
 * 'port', so that the megaflow must match it? */
bool
tenant_port_checks_source(const struct tenant_port *port)
{
    return port && !port->error && port->lnids && port->has_vm_mac;
}

/* Does 'port' accept only the MACs bound to some hosts (a tunnel to
 * another host)?  Then tenant_check_ingress_host() also decides. */
bool
tenant_port_checks_hosts(const struct tenant_port *port)
{
    return (port && !port->error && port->lnids && !port->has_vm_mac
            && port->ingress_hosts);
}

/* May the VM behind 'port' send from 'mac': is it its attached-mac or one
 * of its further MACs? */
bool
tenant_port_owns_mac(const struct tenant_port *port, struct eth_addr mac)
{
    return (port->has_vm_mac
            && (eth_addr_equals(port->vm_mac, mac)
                || tenant_macs_contains(port->allowed_macs,
                                        port->n_allowed_macs, mac)));
}

/* The transmit filter: may a frame with source MAC 'dl_src' enter an
 * isolating bridge through 'port' (NULL if the port has no settings)?
 * 'no_src' says the packet has no Ethernet header, hence no source MAC.
 *
 * A port without LNIDs sends nothing: otherwise it could send with any
 * bound source MAC, the global router's among them, and reach every
 * tenant (libvirt adds a port before its LNIDs are set; the cluster
 * unregisters a VM by clearing them).  A port with an attached-mac, a VM's
 * port, sends only from that MAC and its further MACs (allowed-macs),
 * whether its LNIDs are a tenant's or "global" (a router or DHCP VM).  The
 * trunks, global ports without an attached-mac (uplinks, tunnels, patch
 * ports), send from any MAC, and the receive filter decides by the
 * source's bindings.
 *
 * A packet without an Ethernet header (from an L3 tunnel port, for one) has
 * no source to look up: only a global port may send it, and it is then
 * everyone's, as the port is. */
enum tenant_input_verdict
tenant_check_input(const struct tenant_port *port, struct eth_addr dl_src,
                   bool no_src)
{
    if (!port) {
        return no_src ? TENANT_INPUT_NO_SOURCE : TENANT_INPUT_PASS;
    } else if (port->error) {
        return TENANT_INPUT_PORT_ERROR;
    } else if (!port->lnids) {
        return TENANT_INPUT_NO_LNIDS;
    } else if (no_src) {
        return (port->lnids->global
                ? TENANT_INPUT_PASS : TENANT_INPUT_NO_SOURCE);
    } else if (port->has_vm_mac) {
        return (tenant_port_owns_mac(port, dl_src)
                ? TENANT_INPUT_PASS : TENANT_INPUT_SPOOFED);
    } else if (tenant_port_is_vm(port)) {
        return TENANT_INPUT_NO_VM_MAC;
    }
    return TENANT_INPUT_PASS;
}

/* The transmit filter's second half for a trunk that checks hosts: may a
 * frame whose source MAC is bound to 'src_host' ("" for a VM on a local
 * interface, NULL for a MAC bound to no host or not bound) enter through
 * 'port'?  A tunnel's far end can forge any source MAC, so it may send
 * only those of its own VMs: another host's VM's, or a local VM's, would
 * let it speak in their tenants.  A MAC that no host claims (an
 * administrator's binding of a distributed router, say) passes, and the
 * receive filter decides by its LNIDs as for any trunk. */
enum tenant_input_verdict
tenant_check_ingress_host(const struct tenant_port *port,
                          const char *src_host)
{
    return (!tenant_port_checks_hosts(port) || !src_host
            || sset_contains(port->ingress_hosts, src_host)
            ? TENANT_INPUT_PASS : TENANT_INPUT_WRONG_HOST);
}

const char *
tenant_input_verdict_to_string(enum tenant_input_verdict verdict)
{
    switch (verdict) {
    case TENANT_INPUT_PASS:
        return "pass";
    case TENANT_INPUT_SPOOFED:
        return "drop: source MAC is not the port's VM MAC";
    case TENANT_INPUT_NO_VM_MAC:
        return "drop: VM port has no external_ids:attached-mac";
    case TENANT_INPUT_PORT_ERROR:
        return "drop: port's tenant configuration is invalid";
    case TENANT_INPUT_NO_LNIDS:
        return "drop: port has no LNIDs on an isolating bridge";
    case TENANT_INPUT_NO_SOURCE:
        return "drop: no Ethernet source, and the port is not global";
    case TENANT_INPUT_WRONG_HOST:
        return "drop: source MAC is bound to a host the port does not "
               "lead to";
    case TENANT_INPUT_ARP_SPOOFED:
        return "drop: ARP sender is not the source MAC with one of its "
               "attached-ips";
    case TENANT_INPUT_IP_SPOOFED:
        return "drop: IP source is not one of the source MAC's attached-ips";
    case TENANT_INPUT_ND_SPOOFED:
        return "drop: neighbor discovery for an address or MAC that is not "
               "the source MAC's";
    case TENANT_INPUT_ROUTER_ONLY:
        return "drop: router advertisement or redirect from a VM port";
    case TENANT_INPUT_UNCHECKABLE:
        return "drop: too many VLAN headers to check the addresses";
    }
    return "unknown";
}

/* The LNIDs that frames delivered to 'port' must match: none (NULL) for a
 * port without LNIDs or with a configuration error, so that nothing is
 * delivered to it; a pruning port's egress LNIDs. */
const struct lnid_set *
tenant_port_output_lnids(const struct tenant_port *port)
{
    return (!port || port->error ? NULL
            : port->egress ? port->egress
            : port->lnids);
}

/* Does 'port' deliver only some tenants' frames, though it receives from
 * all (a tunnel to a host that has only those tenants)?  Its drops are then
 * broadcasts and floods pruned from the wire. */
bool
tenant_port_prunes(const struct tenant_port *port)
{
    return port && !port->error && port->egress;
}
