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
#include "ofproto-dpif-tenant.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cmap.h"
#include "coverage.h"
#include "dpif-tenant.h"
#include "dpif.h"
#include "flow.h"
#include "hash.h"
#include "netdev-vport.h"
#include "odp-tenant.h"
#include "odp-util.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "ofproto-dpif.h"
#include "ofproto-dpif-rid.h"
#include "ofproto-dpif-trace.h"
#include "ofproto-dpif-upcall.h"
#include "ofproto-provider.h"
#include "ofproto-tenant-guard.h"
#include "openvswitch/shash.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "sset.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(tenant);

COVERAGE_DEFINE(tenant_policy_changed);
COVERAGE_DEFINE(tenant_bindings_changed);
COVERAGE_DEFINE(tenant_bindings_synced);
COVERAGE_DEFINE(tenant_bindings_updated);
COVERAGE_DEFINE(tenant_table_full);
COVERAGE_DEFINE(tenant_datapath_update_failed);
COVERAGE_DEFINE(tenant_datapath_untrusted);
COVERAGE_DEFINE(tenant_flows_flushed);
COVERAGE_DEFINE(tenant_xlate_spoofed);
COVERAGE_DEFINE(tenant_xlate_no_vm_mac);
COVERAGE_DEFINE(tenant_xlate_port_error);
COVERAGE_DEFINE(tenant_xlate_no_lnids);
COVERAGE_DEFINE(tenant_xlate_no_source);
COVERAGE_DEFINE(tenant_xlate_wrong_host);
COVERAGE_DEFINE(tenant_xlate_arp_spoofed);
COVERAGE_DEFINE(tenant_xlate_ip_spoofed);
COVERAGE_DEFINE(tenant_xlate_nd_spoofed);
COVERAGE_DEFINE(tenant_xlate_router_only);
COVERAGE_DEFINE(tenant_xlate_uncheckable);
COVERAGE_DEFINE(tenant_xlate_unknown_src);
COVERAGE_DEFINE(tenant_xlate_no_overlap);
COVERAGE_DEFINE(tenant_xlate_pruned);

/* A datapath backer's HostVLAN state. */
struct backer_tenants {
    struct tenant_table table;  /* The bindings, as ovs-vswitchd knows them. */
    bool dp_reconciled;         /* Datapath's own table reconciled yet? */
    uint64_t bindings_seq;      /* Version of the bindings in 'table', or 0
                                 * if the next view must be synced whole. */
    atomic_bool xlate_used;     /* Did translation decide on a binding? */
    bool flush_flows;           /* A change may stop what cached flows let
                                 * through: see backer_flush_flows(). */

    /* Failed updates of the datapath's own table.  A binding the datapath
     * could not take is removed there (its frames are dropped) and retried
     * at the next reconfiguration.  If even that fails, or the table cannot
     * be read, the datapath may hold a stale binding: it is then
     * 'dp_untrusted' and translation decides every verdict (check_tenant is
     * suspended) until a whole sync succeeds. */
    size_t n_failed;            /* Failed updates in the current pass. */
    bool dp_resync;             /* Reinstall every binding at next sync. */
    bool dp_untrusted;
    bool check_tenant_suspended; /* rt_support.check_tenant cleared by us. */
    unsigned int inject_failures; /* Testing: fail this many updates. */
};

static void tenant_unixctl_init(void);

/* The host of each bound MAC that has one (see struct tenant_binding), for
 * the trunks that carry only some hosts' MACs (lnid-ingress-hosts).  The
 * bindings are the same for every bridge, so there is one map: the main
 * thread writes it, translation threads read it under RCU. */
struct sender_host {
    struct cmap_node node;      /* In 'sender_hosts', by MAC. */
    struct eth_addr mac;
    char host[];                /* "" for a VM on a local interface. */
};

static struct cmap sender_hosts = CMAP_INITIALIZER;
static uint64_t sender_hosts_seq;   /* Bindings version it holds. */

static struct sender_host *
sender_host_find(struct eth_addr mac)
{
    struct sender_host *sh;

    CMAP_FOR_EACH_WITH_HASH (sh, node, hash_mac(mac, 0, 0), &sender_hosts) {
        if (eth_addr_equals(sh->mac, mac)) {
            return sh;
        }
    }
    return NULL;
}

/* Returns the host that 'mac' is bound to, or NULL if none.  The string
 * stays valid until the calling thread quiesces. */
static const char *
sender_host_lookup(struct eth_addr mac)
{
    const struct sender_host *sh = sender_host_find(mac);

    return sh ? sh->host : NULL;
}

/* Binds 'mac' to 'host' (NULL: to no host).  Returns true if that may stop
 * a frame: 'mac' gets a host, or another one. */
static bool
sender_host_set(struct eth_addr mac, const char *host)
{
    struct sender_host *old = sender_host_find(mac);
    uint32_t hash = hash_mac(mac, 0, 0);
    struct sender_host *sh;

    if (old ? host && !strcmp(old->host, host) : !host) {
        return false;
    }
    if (old) {
        cmap_remove(&sender_hosts, &old->node, hash);
        ovsrcu_postpone(free, old);
    }
    if (host) {
        size_t size = strlen(host) + 1;

        sh = xmalloc(sizeof *sh + size);
        sh->mac = mac;
        memcpy(sh->host, host, size);
        cmap_insert(&sender_hosts, &sh->node, hash);
    }
    return host != NULL;
}

/* Brings 'sender_hosts' to the version of 'view', if no bridge did so yet.
 * Returns true if the change to that version may stop a frame, as often as
 * it is called for that version (once for each datapath). */
static bool
sender_hosts_update(const struct tenant_bindings_view *view)
{
    static bool narrowed;
    const struct tenant_binding *bindings;
    struct sender_host *sh;
    size_t n, i;

    if (view->seq == sender_hosts_seq) {
        return narrowed;
    }
    narrowed = false;
    if (sender_hosts_seq && view->seq == sender_hosts_seq + 1) {
        bindings = view->changes;
        n = view->n_changes;
    } else {
        /* Start over: what the whole set does not list goes. */
        bindings = view->all(view, &n);
        CMAP_FOR_EACH (sh, node, &sender_hosts) {
            narrowed = true;
            cmap_remove(&sender_hosts, &sh->node, hash_mac(sh->mac, 0, 0));
            ovsrcu_postpone(free, sh);
        }
    }
    for (i = 0; i < n; i++) {
        narrowed |= sender_host_set(bindings[i].mac,
                                    bindings[i].lnids ? bindings[i].host
                                    : NULL);
    }
    sender_hosts_seq = view->seq;
    return narrowed;
}

/* Removes every flow from 'backer''s datapath if a change asked for it,
 * once no thread still translates with what the change replaced.
 *
 * A cached flow carries what its translation decided: the LNIDs of the
 * ports it delivers to, baked into its check_tenant actions, and the whole
 * verdict where translation decided it.  Revalidation corrects such a
 * flow only when a revalidator reaches it, a round (500 ms or more) later,
 * or never while they are paused, and until then the flow delivers frames
 * the new configuration stops.  So a change that may stop a frame removes
 * the cached flows before the next packet; each comes back at its next
 * upcall, translated anew.  A change that only lets more through waits for
 * revalidation. */
static void
backer_flush_flows(struct dpif_backer *backer)
{
    if (!backer->tenants->flush_flows) {
        return;
    }
    backer->tenants->flush_flows = false;
    COVERAGE_INC(tenant_flows_flushed);
    /* A translation that read the old configuration installs its flow
     * before its thread next quiesces; after that, a thread that holds a
     * flow's ukey (and so keeps it from the purge) translates anew. */
    ovsrcu_synchronize();
    udpif_purge_flows(backer->udpif);
}

static bool
backer_enforces_in_datapath(const struct dpif_backer *backer)
{
    return backer->rt_support.check_tenant;
}

static const char *
enforcement_mode(const struct dpif_backer *backer)
{
    return (backer_enforces_in_datapath(backer)
            ? "enforced by the datapath's check_tenant action"
            : backer->tenants->check_tenant_suspended
            ? "enforced during flow translation (the datapath's tenant "
              "table is out of sync)"
            : "enforced during flow translation (the datapath has no "
              "check_tenant action)");
}

static struct ofproto_dpif *
tenant_ofproto_dpif_cast(const struct ofproto *ofproto)
{
    return CONTAINER_OF(ofproto, struct ofproto_dpif, up);
}

const struct tenant_policy *
ofproto_dpif_tenant_policy(const struct ofproto_dpif *ofproto)
{
    return ovsrcu_get(struct tenant_policy *, &ofproto->tenant_policy);
}

static void
log_policy_change(const struct ofproto_dpif *ofproto,
                  const struct tenant_policy *old,
                  const struct tenant_policy *new)
{
    const char *name = ofproto->up.name;
    const struct tenant_port *port;

    if (!new) {
        VLOG_WARN("%s: tenant isolation disabled: "
                  "other_config:tenant-isolation is false", name);
        return;
    }
    if (!old) {
        VLOG_INFO("%s: tenant isolation enabled, %s", name,
                  enforcement_mode(ofproto->backer));
    }
    HMAP_FOR_EACH (port, node, &new->ports) {
        const struct tenant_port *was = (old
                                         ? tenant_policy_find(old,
                                                              port->ofp_port)
                                         : NULL);

        if (was && tenant_policy_port_equals(was, port)) {
            continue;           /* Said already. */
        }
        if (port->error) {
            VLOG_WARN("%s: interface %s: %s; it neither sends nor receives",
                      name, port->name, port->error);
        } else if (!port->lnids) {
            VLOG_WARN("%s: interface %s has no LNIDs: it neither sends "
                      "nor receives", name, port->name);
        } else if (tenant_port_is_vm(port) && !port->has_vm_mac) {
            VLOG_WARN("%s: interface %s has LNIDs but no "
                      "external_ids:attached-mac: it sends nothing", name,
                      port->name);
        }
    }
}

void
ofproto_dpif_set_tenant_policy(struct ofproto *ofproto_,
                               const struct tenant_bridge_settings *settings)
{
    struct ofproto_dpif *ofproto = tenant_ofproto_dpif_cast(ofproto_);
    struct tenant_policy *old, *new;

    tenant_unixctl_init();
    old = ovsrcu_get_protected(struct tenant_policy *,
                               &ofproto->tenant_policy);
    new = tenant_policy_create(settings->ports, settings->n_ports,
                               tenant_bridge_settings_isolate(settings,
                                                              old != NULL));
    if (tenant_policy_equals(old, new)) {
        tenant_policy_destroy(new);
        return;
    }

    COVERAGE_INC(tenant_policy_changed);
    log_policy_change(ofproto, old, new);
    if (tenant_policy_narrows(old, new)) {
        ofproto->backer->tenants->flush_flows = true;
    }
    ovsrcu_set(&ofproto->tenant_policy, new);
    if (old) {
        ovsrcu_postpone(tenant_policy_destroy, old);
    }
    ofproto->backer->need_revalidate = REV_RECONFIGURE;
    backer_flush_flows(ofproto->backer);
}

/* Sets or, if 'lnids' is NULL, removes the binding of 'mac' in the
 * datapath's own table.  Returns 0 if the datapath now holds what was
 * asked (a removal of what it did not hold included). */
static int
datapath_tenant_set(struct dpif_backer *backer, struct eth_addr mac,
                    const struct lnid_set *lnids)
{
    struct backer_tenants *bt = backer->tenants;
    int error;

    if (bt->inject_failures) {
        bt->inject_failures--;
        error = ENOMEM;
    } else {
        error = dpif_tenant_set(backer->dpif, mac, lnids);
    }
    return error == EOPNOTSUPP || (error == ENOENT && !lnids) ? 0 : error;
}

/* Counts a failed datapath table operation and has the whole table synced
 * again at the next reconfiguration. */
static void
backer_schedule_resync(struct dpif_backer *backer)
{
    backer->tenants->n_failed++;
    backer->tenants->dp_resync = true;
}

/* Switches 'backer' between the datapath's check_tenant and translation,
 * as the trust in its table says. */
static void
backer_set_untrusted(struct dpif_backer *backer, bool untrusted)
{
    struct backer_tenants *bt = backer->tenants;

    if (untrusted == bt->dp_untrusted) {
        return;
    }
    bt->dp_untrusted = untrusted;
    if (untrusted && backer->rt_support.check_tenant) {
        COVERAGE_INC(tenant_datapath_untrusted);
        VLOG_ERR("%s: the datapath's tenant table may hold stale bindings: "
                 "tenant isolation is enforced during flow translation until "
                 "it is back in sync", dpif_name(backer->dpif));
        backer->rt_support.check_tenant = false;
        bt->check_tenant_suspended = true;
        backer->need_revalidate = REV_RECONFIGURE;
        /* Cached check_tenant actions read the stale table. */
        bt->flush_flows = true;
    } else if (!untrusted && bt->check_tenant_suspended) {
        VLOG_INFO("%s: the datapath's tenant table is in sync again: "
                  "check_tenant resumes", dpif_name(backer->dpif));
        backer->rt_support.check_tenant = true;
        bt->check_tenant_suspended = false;
        backer->need_revalidate = REV_RECONFIGURE;
    }
}

static void
push_binding_to_datapath(void *backer_, struct eth_addr mac,
                         const struct lnid_set *lnids)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    struct dpif_backer *backer = backer_;
    int error = datapath_tenant_set(backer, mac, lnids);

    if (!error) {
        return;
    }
    COVERAGE_INC(tenant_datapath_update_failed);
    VLOG_WARN_RL(&rl, "%s: could not %s tenant binding for "ETH_ADDR_FMT
                 " in the datapath (%s)", dpif_name(backer->dpif),
                 lnids ? "install" : "remove", ETH_ADDR_ARGS(mac),
                 ovs_strerror(error));
    /* The datapath drops frames from a MAC it does not hold, so a binding
     * it could not take is safest removed; if that fails too, it may still
     * hold the old one. */
    if (!lnids || datapath_tenant_set(backer, mac, NULL)) {
        backer_set_untrusted(backer, true);
    }
    /* Retried, with every other binding, at the next reconfiguration; a
     * full datapath table is not (it would refuse again). */
    if (error != ENOSPC) {
        backer_schedule_resync(backer);
    }
}

/* Removes from the datapath's tenant table what ovs-vswitchd does not know,
 * e.g. bindings a previous ovs-vswitchd left in a kernel datapath.  Bindings
 * that it does know stay in place, so traffic is never cut while this runs.
 * The caller then installs every binding it knows. */
static void
reconcile_datapath(struct dpif_backer *backer,
                   const struct tenant_binding *wanted, size_t n_wanted)
{
    struct tenant_table keep;
    struct tenant_binding *have;
    size_t n_have, i;
    bool changed;

    int error = dpif_tenant_dump(backer->dpif, &have, &n_have);

    if (error) {
        if (error != EOPNOTSUPP) {
            /* What the datapath holds is unknown: trust it with nothing. */
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

            VLOG_WARN_RL(&rl, "%s: could not read the datapath's tenant "
                         "table (%s)", dpif_name(backer->dpif),
                         ovs_strerror(error));
            backer_schedule_resync(backer);
            backer_set_untrusted(backer, true);
        }
        return;
    }
    tenant_table_init(&keep);
    keep.max_entries = SIZE_MAX;
    ignore(tenant_table_sync(&keep, wanted, n_wanted, &changed, NULL, NULL));
    for (i = 0; i < n_have; i++) {
        bool found;

        tenant_table_lookup(&keep, have[i].mac, &found);
        if (!found) {
            push_binding_to_datapath(backer, have[i].mac, NULL);
        }
    }
    tenant_bindings_destroy(have, n_have);
    tenant_table_destroy(&keep);
}

/* Returns true if applying 'changes' to 'table' may stop a frame: one of
 * them removes a binding 'table' has or takes LNIDs from it. */
static bool
bindings_narrow(const struct tenant_table *table,
                const struct tenant_binding *changes, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const struct lnid_set *old;
        bool found;

        old = tenant_table_lookup(table, changes[i].mac, &found);
        if (found && (!changes[i].lnids
                      || !lnid_set_is_subset(old, changes[i].lnids))) {
            return true;
        }
    }
    return false;
}

/* Returns true if some cached flow of 'backer' may carry a verdict that
 * translation decided from the bindings.  Called after the bindings
 * changed: translation marks its first decision before it reads the table
 * (see tenant_check_output_port()), and the fences order the two
 * sides, so either this sees the mark or that translation sees the new
 * bindings. */
static bool
backer_xlate_decided(struct dpif_backer *backer)
{
    bool xlate_used;

    atomic_thread_fence(memory_order_seq_cst);
    atomic_read_relaxed(&backer->tenants->xlate_used, &xlate_used);
    return xlate_used || !backer_enforces_in_datapath(backer);
}

void
ofproto_dpif_set_tenant_bindings(struct ofproto *ofproto_,
                                 const struct tenant_bindings_view *view)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    struct ofproto_dpif *ofproto = tenant_ofproto_dpif_cast(ofproto_);
    struct dpif_backer *backer = ofproto->backer;
    struct backer_tenants *bt = backer->tenants;
    bool changed, narrows;
    int error;

    if (view->seq == bt->bindings_seq) {
        return;                 /* Another bridge on this datapath did it. */
    }
    if (sender_hosts_update(view)) {
        /* Translation decided these verdicts for the megaflows that match
         * the source MAC: see tenant_check_input_port(). */
        bt->flush_flows = true;
        backer->need_revalidate = REV_RECONFIGURE;
    }
    bt->n_failed = 0;
    if (bt->bindings_seq && view->seq == bt->bindings_seq + 1) {
        narrows = bindings_narrow(&bt->table, view->changes,
                                  view->n_changes);
        COVERAGE_INC(tenant_bindings_updated);
        error = tenant_table_update(&bt->table, view->changes,
                                    view->n_changes, &changed,
                                    push_binding_to_datapath, backer);
    } else {
        size_t n;
        const struct tenant_binding *bindings = view->all(view, &n);

        COVERAGE_INC(tenant_bindings_synced);
        narrows = tenant_table_count(&bt->table) > 0;
        if (!bt->dp_reconciled || bt->dp_resync) {
            /* After a failed update, the datapath's table is read back and
             * cleaned, and every binding is installed again (the sync
             * below pushes only what changed in ovs-vswitchd's copy). */
            bool reinstall = bt->dp_resync;
            size_t i;

            bt->dp_reconciled = true;
            bt->dp_resync = false;
            reconcile_datapath(backer, bindings, n);
            for (i = 0; reinstall && i < n; i++) {
                push_binding_to_datapath(backer, bindings[i].mac,
                                         bindings[i].lnids);
            }
        }
        error = tenant_table_sync(&bt->table, bindings, n, &changed,
                                  push_binding_to_datapath, backer);
        if (!error && !bt->n_failed) {
            backer_set_untrusted(backer, false);
        }
    }
    /* A binding left out of a full table, or one the datapath refused,
     * gets another chance at the next reconfiguration, which then syncs
     * the whole set. */
    bt->bindings_seq = error || bt->n_failed ? 0 : view->seq;
    if (error == ENOSPC) {
        COVERAGE_INC(tenant_table_full);
        VLOG_WARN_RL(&rl, "%s: tenant table full (%"PRIuSIZE" bindings): "
                     "frames from MACs left out are dropped",
                     backer->type, bt->table.max_entries);
    }
    if (changed) {
        COVERAGE_INC(tenant_bindings_changed);
        /* The datapath reads its own copy on every packet; only flows
         * whose verdict translation decided need another look. */
        if (backer_xlate_decided(backer)) {
            backer->need_revalidate = REV_RECONFIGURE;
            bt->flush_flows |= narrows;
        }
    }
    backer_flush_flows(backer);
}

void
ofproto_dpif_tenant_destruct(struct ofproto_dpif *ofproto)
{
    struct tenant_policy *policy;

    policy = ovsrcu_get_protected(struct tenant_policy *,
                                  &ofproto->tenant_policy);
    ovsrcu_set(&ofproto->tenant_policy, NULL);
    if (policy) {
        ovsrcu_postpone(tenant_policy_destroy, policy);
    }
}

struct backer_tenants *
dpif_backer_tenants_create(void)
{
    struct backer_tenants *bt = xzalloc(sizeof *bt);

    tenant_table_init(&bt->table);
    atomic_init(&bt->xlate_used, false);
    return bt;
}

static void
backer_tenants_free(struct backer_tenants *bt)
{
    tenant_table_destroy(&bt->table);
    free(bt);
}

void
dpif_backer_tenants_destroy(struct backer_tenants *bt)
{
    if (bt) {
        ovsrcu_postpone(backer_tenants_free, bt);
    }
}

/* Tests whether 'backer''s datapath has a tenant table and executes
 * check_tenant.  The action is sent only to a datapath whose tenant table
 * answered first, so a datapath that does not know it never sees it. */
bool
ofproto_dpif_tenant_probe(struct dpif_backer *backer)
{
    uint32_t max_entries, max_lnids;
    struct odputil_keybuf keybuf;
    struct odp_check_tenant_ofs ofs;
    struct lnid_set *lnids;
    struct ofpbuf actions;
    struct ofpbuf key;
    struct flow flow;
    bool supported;
    int error;

    error = dpif_tenant_get_features(backer->dpif, &max_entries, &max_lnids);
    if (error) {
        VLOG_INFO("%s: Datapath has no tenant table (%s): tenant isolation "
                  "will be enforced during flow translation",
                  dpif_name(backer->dpif), ovs_strerror(error));
        return false;
    }

    struct odp_flow_key_parms odp_parms = {
        .flow = &flow,
        .probe = true,
    };
    memset(&flow, 0, sizeof flow);
    ofpbuf_use_stack(&key, &keybuf, sizeof keybuf);
    odp_flow_key_from_flow(&odp_parms, &key);

    ofpbuf_init(&actions, 64);
    lnids = lnid_set_create(true, NULL, 0);
    ofs = odp_put_check_tenant_start(&actions, lnids);
    odp_put_check_tenant_end(&actions, ofs);
    lnid_set_destroy(lnids);

    supported = dpif_probe_feature(backer->dpif, "check_tenant", &key,
                                   &actions, NULL);
    ofpbuf_uninit(&actions);
    VLOG_INFO("%s: Datapath %s check_tenant action (tenant table: "
              "%"PRIu32" bindings, %"PRIu32" LNIDs per binding)",
              dpif_name(backer->dpif),
              supported ? "supports" : "does not support",
              max_entries, max_lnids);
    return supported;
}

/* Translation (ofproto-dpif-xlate.c): see struct tenant_xlate. */

/* Adds a node to the trace 'trace' if translation traces (ofproto/trace). */
static void OVS_PRINTF_FORMAT(3, 4)
tenant_xlate_report(struct ovs_list *trace, enum oftrace_node_type type,
                    const char *format, ...)
{
    if (OVS_UNLIKELY(trace)) {
        va_list args;
        char *text;

        va_start(args, format);
        text = xvasprintf(format, args);
        va_end(args);
        oftrace_report(trace, type, text);
        free(text);
    }
}

/* The transmit filter for a frame 'flow' that entered its bridge on 'port'
 * (NULL if the bridge's policy has no such port), without an Ethernet
 * header if 'no_src'.  Masks in 'wc' the fields the verdict depends on. */
static enum tenant_input_verdict
tenant_check_input_port(const struct tenant_port *port,
                        const struct flow *flow, bool no_src,
                        struct flow_wildcards *wc)
{
    enum tenant_input_verdict verdict = tenant_check_input(port, flow->dl_src,
                                                           no_src);
    bool checks_hosts = tenant_port_checks_hosts(port);

    if (tenant_port_checks_source(port) || checks_hosts) {
        WC_MASK_FIELD(wc, dl_src);
    }
    if (verdict == TENANT_INPUT_PASS && checks_hosts && !no_src) {
        verdict = tenant_check_ingress_host(
            port, sender_host_lookup(flow->dl_src));
    }
    if (verdict == TENANT_INPUT_PASS && port && port->ips.declared
        && !no_src) {
        verdict = tenant_check_input_addresses(port, flow, wc);
    }
    switch (verdict) {
    case TENANT_INPUT_PASS:
        break;
    case TENANT_INPUT_SPOOFED:
        COVERAGE_INC(tenant_xlate_spoofed);
        break;
    case TENANT_INPUT_NO_VM_MAC:
        COVERAGE_INC(tenant_xlate_no_vm_mac);
        break;
    case TENANT_INPUT_PORT_ERROR:
        COVERAGE_INC(tenant_xlate_port_error);
        break;
    case TENANT_INPUT_NO_LNIDS:
        COVERAGE_INC(tenant_xlate_no_lnids);
        break;
    case TENANT_INPUT_NO_SOURCE:
        COVERAGE_INC(tenant_xlate_no_source);
        break;
    case TENANT_INPUT_WRONG_HOST:
        COVERAGE_INC(tenant_xlate_wrong_host);
        break;
    case TENANT_INPUT_ARP_SPOOFED:
        COVERAGE_INC(tenant_xlate_arp_spoofed);
        break;
    case TENANT_INPUT_IP_SPOOFED:
        COVERAGE_INC(tenant_xlate_ip_spoofed);
        break;
    case TENANT_INPUT_ND_SPOOFED:
        COVERAGE_INC(tenant_xlate_nd_spoofed);
        break;
    case TENANT_INPUT_ROUTER_ONLY:
        COVERAGE_INC(tenant_xlate_router_only);
        break;
    case TENANT_INPUT_UNCHECKABLE:
        COVERAGE_INC(tenant_xlate_uncheckable);
        break;
    }
    return verdict;
}

/* Returns the tenant identity of a frame that translation starts with:
 * the source MAC it had when it entered the bridge.  'frozen_src' is the
 * identity stored when the frame was frozen (recirculation, or a pause
 * whose continuation a controller resumes), NULL for a frame just
 * received; 'dl_src' is the frame's source MAC now.  A frozen identity is
 * kept even if it is all-zeros: that is a source no binding has, not "no
 * identity", so a pipeline that rewrites the source of such a frame and
 * recirculates it gains nothing.
 *
 * A port with an attached-mac lets in nothing else than that MAC and its
 * further MACs, so its frames have one of those identities whatever
 * 'frozen_src' says (the attached-mac if it names none of them): a
 * controller cannot borrow another identity through a VM port by forging a
 * continuation.  For a trunk, a forged continuation gains nothing that a
 * packet-out on that trunk does not already give (a trunk carries any
 * source MAC). */
static struct eth_addr
tenant_ingress_src(const struct tenant_policy *policy,
                   const struct eth_addr *frozen_src,
                   ofp_port_t in_port, struct eth_addr dl_src)
{
    struct eth_addr src = frozen_src ? *frozen_src : dl_src;
    const struct tenant_port *port;

    port = policy ? tenant_policy_find(policy, in_port) : NULL;
    if (tenant_port_checks_source(port) && !tenant_port_owns_mac(port, src)) {
        return port->vm_mac;
    }
    return src;
}

/* Starts the translation of 'flow' in 'ofproto''s bridge, received or
 * thawed from 'frozen' (NULL if received). */
void
tenant_xlate_start(struct tenant_xlate *tx, const struct ofproto_dpif *ofproto,
                   const struct frozen_state *frozen, const struct flow *flow)
{
    tx->src = tenant_ingress_src(ofproto_dpif_tenant_policy(ofproto),
                                 frozen ? &frozen->tenant_src : NULL,
                                 flow->in_port.ofp_port, flow->dl_src);
    tx->src_in_packet = !frozen && eth_addr_equals(tx->src, flow->dl_src);
    tx->no_src = (frozen
                  ? frozen->tenant_no_src
                  : flow->packet_type != htonl(PT_ETH));
    tx->prefiltered = frozen && frozen->tenant_prefiltered;
}

/* The transmit filter (anti-spoofing): returns true if 'flow', entering
 * 'ofproto''s bridge through 'in_port', must be dropped. */
bool
tenant_xlate_input_spoofed(const struct tenant_xlate *tx,
                           const struct ofproto_dpif *ofproto,
                           ofp_port_t in_port, const struct flow *flow,
                           struct flow_wildcards *wc, struct ovs_list *trace)
{
    const struct tenant_policy *policy = ofproto_dpif_tenant_policy(ofproto);
    const struct tenant_port *port;
    enum tenant_input_verdict verdict;

    if (!policy) {
        return false;
    }
    port = tenant_policy_find(policy, in_port);
    verdict = tenant_check_input_port(port, flow, tx->no_src, wc);
    if (verdict != TENANT_INPUT_PASS) {
        tenant_xlate_report(trace, OFT_WARN, "tenant: frame from %s with "
                            "source "ETH_ADDR_FMT": %s",
                            port ? port->name : "?",
                            ETH_ADDR_ARGS(flow->dl_src),
                            tenant_input_verdict_to_string(verdict));
        return true;
    }
    return false;
}

/* A frame that crosses a patch port enters the peer bridge, 'ofproto',
 * through 'in_port': that bridge's transmit filter applies, as to a frame
 * received there, and the frame's identity becomes the one that bridge
 * gives it.  Returns false if the frame must be dropped. */
bool
tenant_xlate_enter_bridge(struct tenant_xlate *tx,
                          const struct ofproto_dpif *ofproto,
                          ofp_port_t in_port, const struct flow *flow,
                          struct flow_wildcards *wc, struct ovs_list *trace)
{
    struct eth_addr src;

    if (ofproto_dpif_tenant_is_own_frame()) {
        return true;
    }
    if (tenant_xlate_input_spoofed(tx, ofproto, in_port, flow, wc, trace)) {
        return false;
    }
    src = tenant_ingress_src(ofproto_dpif_tenant_policy(ofproto), &tx->src,
                             in_port, flow->dl_src);
    if (!eth_addr_equals(src, tx->src)) {
        tx->src = src;
        tx->src_in_packet = false;
    }
    return true;
}

/* The receive filter for a frame with source MAC 'src' output to 'port'
 * of 'ofproto' (NULL if its policy has no such port).  If 'explanation' is
 * nonnull, appends why to it. */
static enum tenant_verdict
tenant_check_output_port(const struct ofproto_dpif *ofproto,
                         const struct tenant_port *port, struct eth_addr src,
                         struct ds *explanation)
{
    const struct lnid_set *port_lnids = tenant_port_output_lnids(port);
    const struct lnid_set *src_lnids;
    enum tenant_verdict verdict;
    bool found, xlate_used;

    atomic_read_relaxed(&ofproto->backer->tenants->xlate_used, &xlate_used);
    if (!xlate_used) {
        /* Before the lookup: see backer_xlate_decided(). */
        atomic_store_relaxed(&ofproto->backer->tenants->xlate_used, true);
        atomic_thread_fence(memory_order_seq_cst);
    }
    src_lnids = tenant_table_lookup(&ofproto->backer->tenants->table, src,
                                    &found);
    verdict = tenant_check(src_lnids, found, port_lnids);
    if (verdict == TENANT_DROP_UNKNOWN_SRC) {
        COVERAGE_INC(tenant_xlate_unknown_src);
    } else if (verdict == TENANT_DROP_NO_OVERLAP) {
        COVERAGE_INC(tenant_xlate_no_overlap);
        if (tenant_port_prunes(port)) {
            COVERAGE_INC(tenant_xlate_pruned);
        }
    }

    if (explanation) {
        ds_put_format(explanation, "source "ETH_ADDR_FMT" (lnid ",
                      ETH_ADDR_ARGS(src));
        if (found) {
            lnid_set_format(src_lnids, explanation);
        } else {
            ds_put_cstr(explanation, "unknown");
        }
        ds_put_format(explanation, ") to port %s (%slnid ",
                      port ? port->name : "?",
                      tenant_port_prunes(port) ? "egress " : "");
        lnid_set_format(port_lnids, explanation);
        ds_put_format(explanation, "): %s%s",
                      tenant_verdict_to_string(verdict),
                      (verdict != TENANT_PASS && tenant_port_prunes(port)
                       ? " (pruned)" : ""));
    }
    return verdict;
}

/* The receive filter for 'flow' and an output to 'out_port' of 'ofproto''s
 * bridge.  Every output to a port funnels through compose_output_action__(),
 * so this covers NORMAL, flooding, mirrors and explicit OpenFlow outputs
 * alike.  For TENANT_XLATE_DATAPATH, stores the port's LNIDs in
 * '*port_lnids'.
 *
 * The decision is about the source MAC as received, so that an OpenFlow
 * pipeline that rewrites it cannot borrow another tenant's identity: the
 * datapath checks the packet's current source, so it is asked only while
 * the pipeline has not changed it and the packet still has an Ethernet
 * header when it is output ('datapath_may_check' says whether the datapath
 * has check_tenant, and the port is neither a patch port nor an L3 port);
 * otherwise translation decides. */
enum tenant_xlate_output
tenant_xlate_output(const struct tenant_xlate *tx,
                    const struct ofproto_dpif *ofproto, ofp_port_t out_port,
                    bool datapath_may_check, const struct flow *flow,
                    struct flow_wildcards *wc, struct ovs_list *trace,
                    const struct lnid_set **port_lnids)
{
    const struct tenant_policy *policy = ofproto_dpif_tenant_policy(ofproto);
    struct ds why = DS_EMPTY_INITIALIZER;
    const struct tenant_port *port;
    enum tenant_verdict verdict;

    /* A bond's recirculated frame passed the filter for the bond before it
     * recirculated, and the bond's rules output only to its members, which
     * share its settings (see tenant-config.c). */
    if (!policy || tx->prefiltered || ofproto_dpif_tenant_is_own_frame()) {
        return TENANT_XLATE_DELIVER;
    }
    port = tenant_policy_find(policy, out_port);
    *port_lnids = tenant_port_output_lnids(port);
    if (!*port_lnids) {
        /* No LNIDs (or broken ones): nothing may reach the port, whatever
         * the source, so the verdict depends on no binding. */
        tenant_xlate_report(trace, OFT_WARN, "tenant: port %s has no LNIDs: "
                            "nothing is delivered to it",
                            port ? port->name : "?");
        return TENANT_XLATE_DROP;
    }
    if (tx->no_src) {
        /* Only a global port lets such a packet in (see tenant_check_input())
         * and there is no source for the datapath to check. */
        tenant_xlate_report(trace, OFT_DETAIL, "tenant: no Ethernet source, "
                            "entered through a global port: deliver");
        return TENANT_XLATE_DELIVER;
    }
    if (!tx->src_in_packet) {
        /* Whether the packet's source now is its identity depends on the
         * packet: a recirculation's datapath flow that leaves the source
         * unmatched would else let the datapath check whatever source a
         * later pass of the same frozen state brings, a rewritten one. */
        WC_MASK_FIELD(wc, dl_src);
    }
    if (datapath_may_check && flow->packet_type == htonl(PT_ETH)
        && eth_addr_equals(flow->dl_src, tx->src)) {
        if (trace) {
            lnid_set_format(*port_lnids, &why);
            tenant_xlate_report(trace, OFT_DETAIL, "tenant: datapath checks "
                                "the source MAC against lnid %s",
                                ds_cstr(&why));
            ds_destroy(&why);
        }
        return TENANT_XLATE_DATAPATH;
    }

    WC_MASK_FIELD(wc, dl_src);
    verdict = tenant_check_output_port(ofproto, port, tx->src,
                                       trace ? &why : NULL);
    tenant_xlate_report(trace, verdict == TENANT_PASS ? OFT_DETAIL : OFT_WARN,
                        "tenant: %s", ds_cstr(&why));
    ds_destroy(&why);
    return verdict == TENANT_PASS ? TENANT_XLATE_DELIVER : TENANT_XLATE_DROP;
}

/* Stores the frame's identity in 'state', the frozen state of a
 * recirculation or a pause, if 'ofproto''s bridge isolates. */
void
tenant_xlate_freeze(const struct tenant_xlate *tx,
                    const struct ofproto_dpif *ofproto,
                    struct frozen_state *state, struct flow_wildcards *wc)
{
    if (ofproto_dpif_tenant_policy(ofproto)) {
        state->tenant_src = tx->src;
        state->tenant_no_src = tx->no_src;
        /* The recirc id carries the frame's identity, its source MAC as
         * received, so the flow that gives it must match that source: from
         * a trunk, another source would else recirculate with this one's
         * identity. */
        WC_MASK_FIELD(wc, dl_src);
    }
}

/* Whether NORMAL may learn that 'flow''s source MAC now is behind the port
 * where the frame entered the bridge.  On an isolating bridge only the
 * source the frame entered with is: a pipeline that rewrites the source
 * (to the router's MAC, say) and then outputs to NORMAL must not move that
 * MAC onto the sender's port, which would pull every frame to the router
 * to the sender. */
bool
tenant_xlate_may_learn(const struct tenant_xlate *tx,
                       const struct ofproto_dpif *ofproto,
                       const struct flow *flow)
{
    return (!ofproto_dpif_tenant_policy(ofproto)
            || (!tx->no_src && eth_addr_equals(flow->dl_src, tx->src)));
}

DEFINE_STATIC_PER_THREAD_DATA(bool, tenant_own_frame, false);

void
ofproto_dpif_tenant_own_frame_begin(void)
{
    *tenant_own_frame_get() = true;
}

void
ofproto_dpif_tenant_own_frame_end(void)
{
    *tenant_own_frame_get() = false;
}

bool
ofproto_dpif_tenant_is_own_frame(void)
{
    return *tenant_own_frame_get();
}

/* ovs-appctl commands. */

/* Appends 'title' and how many packets the datapath's check_tenant dropped
 * on their way to the ports of 'policy' that 'prunes' (see
 * tenant_port_prunes()) or not and have drops, by datapath port, sorted.
 * Tunnels of one type share a datapath port, so their drops are counted
 * together: "vxlan_sys_4789(tun2,tun3) 20". */
static void
tenant_show_drops(const struct ofproto_dpif *ofproto,
                  const struct tenant_policy *policy, bool prunes,
                  const char *title, struct ds *s)
{
    struct dpif *dpif = ofproto->backer->dpif;
    struct shash by_dp_port = SHASH_INITIALIZER(&by_dp_port);
    struct sset lines = SSET_INITIALIZER(&lines);
    const struct tenant_port *port;
    struct shash_node *node;
    const char **sorted;
    size_t i;

    HMAP_FOR_EACH (port, node, &policy->ports) {
        struct ofport *ofport = ofproto_get_port(&ofproto->up,
                                                 port->ofp_port);
        char namebuf[NETDEV_VPORT_NAME_BUFSIZE];
        const char *dp_name;
        struct sset *names;

        if (tenant_port_prunes(port) != prunes || !ofport) {
            continue;
        }
        dp_name = netdev_vport_get_dpif_port(ofport->netdev, namebuf,
                                             sizeof namebuf);
        names = shash_find_data(&by_dp_port, dp_name);
        if (!names) {
            names = xmalloc(sizeof *names);
            sset_init(names);
            shash_add(&by_dp_port, dp_name, names);
        }
        sset_add(names, port->name);
    }
    SHASH_FOR_EACH (node, &by_dp_port) {
        struct sset *names = node->data;
        struct dpif_port dpif_port;
        uint64_t n;

        if (!dpif_port_query_by_name(dpif, node->name, &dpif_port)) {
            if (!dpif_tenant_get_drops(dpif, dpif_port.port_no, &n) && n) {
                struct ds line = DS_EMPTY_INITIALIZER;

                ds_put_cstr(&line, node->name);
                if (!sset_contains(names, node->name)) {
                    const char **ports = sset_sort(names);

                    for (i = 0; i < sset_count(names); i++) {
                        ds_put_format(&line, "%c%s", i ? ',' : '(', ports[i]);
                    }
                    ds_put_char(&line, ')');
                    free(ports);
                }
                ds_put_format(&line, " %"PRIu64, n);
                sset_add_and_free(&lines, ds_steal_cstr(&line));
            }
            dpif_port_destroy(&dpif_port);
        }
        sset_destroy(names);
        free(names);
    }
    shash_destroy(&by_dp_port);

    ds_put_format(s, "  %s:", title);
    if (sset_is_empty(&lines)) {
        ds_put_cstr(s, " none");
    }
    sorted = sset_sort(&lines);
    for (i = 0; i < sset_count(&lines); i++) {
        ds_put_format(s, " %s", sorted[i]);
    }
    ds_put_char(s, '\n');
    free(sorted);
    sset_destroy(&lines);
}

static bool
policy_prunes(const struct tenant_policy *policy)
{
    const struct tenant_port *port;

    HMAP_FOR_EACH (port, node, &policy->ports) {
        if (tenant_port_prunes(port)) {
            return true;
        }
    }
    return false;
}

static void
tenant_show_bridge(const struct ofproto_dpif *ofproto, struct ds *s)
{
    const struct tenant_policy *policy = ofproto_dpif_tenant_policy(ofproto);

    ds_put_format(s, "bridge %s: ", ofproto->up.name);
    if (!policy) {
        ds_put_cstr(s, "not isolating (no interface has had LNIDs, or "
                    "other_config:tenant-isolation is false)\n");
        return;
    }
    ds_put_format(s, "isolating, %s\n"
                  "  tenant table (%s datapath): %"PRIuSIZE" bindings\n",
                  enforcement_mode(ofproto->backer), ofproto->backer->type,
                  tenant_table_count(&ofproto->backer->tenants->table));
    tenant_policy_format(policy, s);
    if (backer_enforces_in_datapath(ofproto->backer)) {
        tenant_show_drops(ofproto, policy, false,
                          "dropped by check_tenant, by destination port", s);
        if (policy_prunes(policy)) {
            tenant_show_drops(ofproto, policy, true,
                              "pruned by lnid-egress, by port", s);
        }
    }
}

/* Calls 'cb' for the bridge named 'name', or for every bridge in name order
 * if 'name' is NULL.  Returns false if there is no such bridge. */
static bool
tenant_for_each_bridge(const char *name,
                       void (*cb)(const struct ofproto_dpif *, struct ds *),
                       struct ds *s)
{
    struct sset types = SSET_INITIALIZER(&types);
    struct sset names = SSET_INITIALIZER(&names);
    struct sset all = SSET_INITIALIZER(&all);
    const char **sorted;
    const char *type;
    size_t i;

    if (name) {
        const struct ofproto_dpif *ofproto = ofproto_dpif_lookup_by_name(name);

        if (ofproto) {
            cb(ofproto, s);
        }
        return ofproto != NULL;
    }

    ofproto_enumerate_types(&types);
    SSET_FOR_EACH (type, &types) {
        const char *bridge;

        ofproto_enumerate_names(type, &names);
        SSET_FOR_EACH (bridge, &names) {
            sset_add(&all, bridge);
        }
    }
    sorted = sset_sort(&all);
    for (i = 0; i < sset_count(&all); i++) {
        const struct ofproto_dpif *ofproto
            = ofproto_dpif_lookup_by_name(sorted[i]);

        if (ofproto) {
            cb(ofproto, s);
        }
    }
    free(sorted);
    sset_destroy(&types);
    sset_destroy(&names);
    sset_destroy(&all);
    return true;
}

static void
tenant_dump_bindings(const struct ofproto_dpif *ofproto, struct ds *s)
{
    struct tenant_binding *bindings;
    size_t n;

    bindings = tenant_table_dump(&ofproto->backer->tenants->table, &n);
    tenant_bindings_format(bindings, n, s);
    tenant_bindings_destroy(bindings, n);
}

static void
tenant_unixctl_run(struct unixctl_conn *conn, int argc, const char *argv[],
                   void *cb_)
{
    void (*cb)(const struct ofproto_dpif *, struct ds *) = cb_;
    struct ds s = DS_EMPTY_INITIALIZER;

    if (tenant_for_each_bridge(argc > 1 ? argv[1] : NULL, cb, &s)) {
        unixctl_command_reply(conn, ds_cstr(&s));
    } else {
        unixctl_command_reply_error(conn, "no such bridge");
    }
    ds_destroy(&s);
}

/* "tenant/inject-failures BRIDGE N": the next N updates of the tenant
 * table of BRIDGE's datapath fail, for testing how ovs-vswitchd fails
 * closed.  Only on the dummy datapath that the testsuite uses. */
static void
tenant_unixctl_inject_failures(struct unixctl_conn *conn,
                               int argc OVS_UNUSED, const char *argv[],
                               void *aux OVS_UNUSED)
{
    struct ofproto_dpif *ofproto = ofproto_dpif_lookup_by_name(argv[1]);
    unsigned int n;

    if (!ofproto) {
        unixctl_command_reply_error(conn, "no such bridge");
    } else if (strcmp(ofproto->backer->type, "dummy")) {
        unixctl_command_reply_error(conn, "only on the dummy datapath");
    } else if (!str_to_uint(argv[2], 10, &n)) {
        unixctl_command_reply_error(conn, "bad count");
    } else {
        ofproto->backer->tenants->inject_failures = n;
        unixctl_command_reply(conn, NULL);
    }
}

static void
tenant_unixctl_init(void)
{
    static bool registered;

    if (!registered) {
        registered = true;
        unixctl_command_register("tenant/show", "[bridge]", 0, 1,
                                 tenant_unixctl_run, tenant_show_bridge);
        unixctl_command_register("tenant/dump-bindings", "bridge", 1, 1,
                                 tenant_unixctl_run, tenant_dump_bindings);
        unixctl_command_register("tenant/inject-failures", "bridge n", 2, 2,
                                 tenant_unixctl_inject_failures, NULL);
    }
}
