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

/* What ovs-tenantd sees, once per run: the local VMs (interfaces with
 * external_ids:attached-mac) and tunnels (global interfaces with
 * options:remote_ip), the Binding rows the cluster shows this host, where
 * each local VM runs, and which bindings this host asks the cluster for
 * (its monitor condition). */

#include <config.h>

#include "tenantd/tenantd.h"

#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "hash.h"
#include "hostvlan-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "packets.h"
#include "smap.h"
#include "tenant-db.h"
#include "tenant-iface.h"
#include "tenant.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenantd_view);

COVERAGE_DEFINE(tenantd_bad_binding);

/* Local VMs. */

void
local_vms_collect(struct agent *agent, struct shash *vms)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const struct ovsrec_interface *iface;

    shash_init(vms);
    OVSREC_INTERFACE_FOR_EACH (iface, agent->local) {
        char mac[ETH_ADDR_STRLEN + 1];
        struct local_vm *vm;
        struct eth_addr ea;
        char *error;

        /* Malformed configuration: ovs-vswitchd reports it in the
         * interface's "error" column and isolates the interface. */
        if (!tenant_iface_parse_vm_mac(&iface->external_ids, &ea, &error)) {
            free(error);
            continue;
        }
        snprintf(mac, sizeof mac, ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));
        if (shash_find(vms, mac)) {
            VLOG_WARN_RL(&rl, "interface %s: attached-mac %s is on another "
                         "interface too: not published", iface->name, mac);
            continue;
        }

        vm = xzalloc(sizeof *vm);
        vm->iface = iface;
        vm->synced = smap_get(&iface->external_ids, SYNCED_KEY);
        vm->placed_before = smap_get_bool(&iface->external_ids, PLACED_KEY,
                                          false);
        vm->refused = smap_get(&iface->external_ids, TENANT_REFUSED_KEY);
        error = tenant_iface_parse_lnids(iface, &iface->external_ids,
                                         &vm->declared);
        if (error) {
            VLOG_WARN_RL(&rl, "interface %s: %s: not published",
                         iface->name, error);
            free(error);
        } else if (vm->declared) {
            vm->declared_str = lnid_set_to_string(vm->declared);
        }
        shash_add(vms, mac, vm);
    }
    agent->n_vms = shash_count(vms);
}

void
local_vms_destroy(struct shash *vms)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;

        lnid_set_destroy(vm->declared);
        free(vm->declared_str);
        lnid_set_destroy(vm->binding_lnids);
        free(vm->binding_str);
        free(vm->refusal);
        free(vm);
    }
    shash_destroy(vms);
}

/* The LNIDs 'vm' has now: its binding's, else what it declares; none if
 * the tenant database refuses it here. */
static const struct lnid_set *
local_vm_lnids(const struct local_vm *vm)
{
    return (vm->placement == VM_REFUSED ? NULL
            : vm->binding ? vm->binding_lnids
            : vm->declared);
}

/* Local tunnels to other hosts: global interfaces with a fixed
 * options:remote_ip.  Only global ones, since lnid-egress is for them
 * alone; a tunnel without LNIDs on an isolating bridge carries nothing
 * anyway. */
void
local_tunnels_collect(struct agent *agent, struct shash *tunnels)
{
    const struct ovsrec_interface *iface;

    shash_init(tunnels);
    OVSREC_INTERFACE_FOR_EACH (iface, agent->local) {
        const char *remote_ip = smap_get(&iface->options, "remote_ip");
        struct local_tunnel *tunnel;
        struct lnid_set *lnids;
        char *error;

        if (!remote_ip || !remote_ip[0] || !strcmp(remote_ip, "flow")) {
            continue;
        }
        error = tenant_iface_parse_lnids(iface, &iface->external_ids, &lnids);
        if (!error && lnids && lnids->global) {
            tunnel = xzalloc(sizeof *tunnel);
            tunnel->iface = iface;
            tunnel->remote_ip = remote_ip;
            shash_add_once(tunnels, iface->name, tunnel);
        }
        lnid_set_destroy(lnids);
        free(error);
    }
}

void
local_tunnels_destroy(struct shash *tunnels)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, tunnels) {
        struct local_tunnel *tunnel = node->data;

        free(tunnel->egress);
        free(tunnel);
    }
    shash_destroy(tunnels);
}

/* Cluster view. */

const struct hvrec_host *
find_own_host(const struct agent *agent)
{
    const struct hvrec_host *host;

    HVREC_HOST_FOR_EACH (host, agent->cluster) {
        if (!strcmp(host->name, agent->host_name)) {
            return host;
        }
    }
    return NULL;
}

/* Reads whether the cluster lets hosts register their own VMs. */
void
agent_read_mode(struct agent *agent)
{
    const struct hvrec_hostvlan_global *global;
    bool self_registration;

    global = hvrec_hostvlan_global_first(agent->cluster);
    self_registration = global && smap_get_bool(&global->options,
                                                "self-registration", false);
    if (self_registration != agent->self_registration) {
        VLOG_INFO("self-registration is %s: %s",
                  self_registration ? "on" : "off",
                  self_registration
                  ? "this host publishes its VMs' LNIDs"
                  : "the tenant database decides tenancy and placement");
        agent->self_registration = self_registration;
    }
}

/* Reads the visible Binding rows into 'bindings', once per run: every
 * other step reads them from there, checked (see tenant-db.h). */
void
agent_read_bindings(struct agent *agent, struct tenant_db_view *bindings)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

    tenant_db_view_init(bindings);
    tenant_db_view_read(bindings, agent->cluster);
    if (bindings->n_bad || bindings->n_malformed) {
        COVERAGE_ADD(tenantd_bad_binding,
                     bindings->n_bad + bindings->n_malformed);
        VLOG_WARN_RL(&rl, "tenant database: %"PRIuSIZE" Binding row(s) "
                     "without a VM MAC and %"PRIuSIZE" MAC(s) with "
                     "malformed or conflicting rows: none of them binds",
                     bindings->n_malformed, bindings->n_bad);
    }
    agent->n_bad_bindings = bindings->n_bad + bindings->n_malformed;
}

/* Links each local VM to its visible Binding row. */
void
local_vms_find_bindings(struct shash *vms,
                        const struct tenant_db_view *bindings)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, vms) {
        const struct tenant_db_binding *tdb;
        struct local_vm *vm = node->data;

        tdb = tenant_db_view_find(bindings, node->name);
        if (!tdb) {
            continue;
        } else if (!tdb->lnids) {
            vm->bad_binding = true;
            continue;
        }
        vm->binding = tdb->row;
        vm->binding_lnids = lnid_set_clone(tdb->lnids);
        vm->binding_str = lnid_set_to_string(tdb->lnids);
    }
}

/* True if 'b' is placed on no host at all (its host may also be a Host row
 * this agent does not monitor). */
static bool
binding_is_unplaced(const struct hvrec_binding *b)
{
    return !hvrec_binding_get_host(b, OVSDB_TYPE_UUID)->n;
}

/* Decides where 'vm' runs, from its binding and whether this host has run
 * it; 'own' is this host's row, if it has one yet.  A host takes a binding
 * only where the tenant database allows it (requested_hosts; with
 * self-registration also a binding that requests no host), and only once
 * per interface unless the binding is unplaced: see PLACED_KEY. */
static void
local_vm_place(const struct agent *agent, struct local_vm *vm,
               const char *mac, const struct hvrec_host *own)
{
    const struct hvrec_binding *b = vm->binding;
    bool allowed;

    if (vm->bad_binding) {
        vm->placement = VM_REFUSED;
        vm->refusal = xasprintf("%s has malformed or conflicting Binding "
                                "rows in the tenant database", mac);
        return;
    }
    if (!b) {
        vm->placement = agent->self_registration ? VM_UNPUBLISHED
                                                 : VM_REFUSED;
        if (!agent->self_registration) {
            vm->refusal = xasprintf("%s is not registered in the tenant "
                                    "database", mac);
        }
        return;
    }
    if (own && b->host == own) {
        vm->placement = VM_HERE;
        return;
    }

    allowed = (b->n_requested_hosts
               ? hostvlan_binding_requests(b, agent->host_name)
               : agent->self_registration);
    if (!allowed) {
        vm->refusal = (b->n_requested_hosts
                       ? xasprintf("host %s is not a requested host of %s",
                                   agent->host_name, mac)
                       : xasprintf("%s requests no host and "
                                   "self-registration is off", mac));
    } else if (vm->placed_before && !binding_is_unplaced(b)) {
        /* This agent sees the Host rows of requested hosts, not all. */
        vm->refusal = (b->host
                       ? xasprintf("%s runs on host %s", mac, b->host->name)
                       : xasprintf("%s runs on another host", mac));
    }
    vm->placement = vm->refusal ? VM_REFUSED : VM_TAKE;
}

void
local_vms_place(struct agent *agent, struct shash *vms,
                const struct hvrec_host *own)
{
    struct shash_node *node;

    ds_clear(&agent->refused);
    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;

        local_vm_place(agent, vm, node->name, own);
        if (vm->refusal) {
            ds_put_format(&agent->refused, "  %s (interface %s): %s\n",
                          node->name, vm->iface->name, vm->refusal);
        }
    }
}

static int
compare_int64(const void *a_, const void *b_)
{
    int64_t a = *(const int64_t *) a_;
    int64_t b = *(const int64_t *) b_;

    return a < b ? -1 : a > b;
}

/* Returns, sorted and unique, the LNIDs of all local VMs (a host may have
 * far more than one set holds), with LNID_GLOBAL_COLUMN first if a local
 * VM is global, for Host.lnids.  Stores their number in '*n'. */
int64_t *
local_vms_lnids(struct shash *vms, size_t *n)
{
    int64_t *lnids = NULL;
    size_t allocated = 0, n_all = 0, i;
    struct shash_node *node;

    SHASH_FOR_EACH (node, vms) {
        const struct lnid_set *set = local_vm_lnids(node->data);
        int64_t values[LNID_SET_MAX + 1];
        size_t n_values = lnid_set_to_column(set, values);

        for (i = 0; i < n_values; i++) {
            if (n_all >= allocated) {
                lnids = x2nrealloc(lnids, &allocated, sizeof *lnids);
            }
            lnids[n_all++] = values[i];
        }
    }
    if (n_all) {
        qsort(lnids, n_all, sizeof *lnids, compare_int64);
    }
    *n = 0;
    for (i = 0; i < n_all; i++) {
        if (!*n || lnids[*n - 1] != lnids[i]) {
            lnids[(*n)++] = lnids[i];
        }
    }
    return lnids;
}

/* Chooses the bindings this host receives: those that share an LNID with
 * a local VM, global ones, its own VMs' (by MAC and by host).  A local
 * global VM (a router, a DHCP server) talks to every tenant, so it needs
 * every binding.  'lnids' are the host's, from local_vms_lnids(). */
void
agent_update_condition(struct agent *agent, struct shash *vms,
                       struct shash *tunnels, const struct hvrec_host *own,
                       const int64_t *lnids, size_t n_lnids)
{
    struct ovsdb_idl_condition cond = OVSDB_IDL_CONDITION_INIT(&cond);
    struct ds hosts = DS_EMPTY_INITIALIZER;
    struct ds text = DS_EMPTY_INITIALIZER;
    int64_t global = LNID_GLOBAL_COLUMN;
    struct shash_node *node;
    size_t i;

    /* Hosts: our own row, and the far ends of our tunnels to find their
     * VMs' bindings by.  No others: every host's reports would wake every
     * agent for every change. */
    hvrec_host_add_clause_name(&cond, OVSDB_F_EQ, agent->host_name);
    SHASH_FOR_EACH (node, vms) {
        /* To name where a refused VM runs. */
        const struct local_vm *vm = node->data;

        for (i = 0; vm->binding && i < vm->binding->n_requested_hosts; i++) {
            const char *name = vm->binding->requested_hosts[i];

            if (strcmp(name, agent->host_name)) {
                hvrec_host_add_clause_name(&cond, OVSDB_F_EQ, name);
                ds_put_format(&hosts, " name:%s", name);
            }
        }
    }
    SHASH_FOR_EACH (node, tunnels) {
        const struct local_tunnel *tunnel = node->data;

        hvrec_host_add_clause_encap_ip(&cond, OVSDB_F_EQ, tunnel->remote_ip);
        ds_put_format(&hosts, " encap_ip:%s", tunnel->remote_ip);
    }
    hvrec_host_set_condition(agent->cluster, &cond);
    ovsdb_idl_condition_destroy(&cond);
    ovsdb_idl_condition_init(&cond);

    if (n_lnids && lnids[0] == LNID_GLOBAL_COLUMN) {
        ovsdb_idl_condition_add_clause_true(&cond);
        ds_put_cstr(&text, "true");
    } else {
        hvrec_binding_add_clause_lnid(&cond, OVSDB_F_INCLUDES, &global, 1);
        ds_put_cstr(&text, "global ");
        for (i = 0; i < n_lnids; i++) {
            hvrec_binding_add_clause_lnid(&cond, OVSDB_F_INCLUDES,
                                          &lnids[i], 1);
            ds_put_format(&text, "lnid:%"PRId64" ", lnids[i]);
        }
        SHASH_FOR_EACH (node, vms) {
            hvrec_binding_add_clause_mac(&cond, OVSDB_F_EQ, node->name);
            ds_put_format(&text, "mac:%s ", node->name);
        }
        if (own) {
            hvrec_binding_add_clause_host(&cond, OVSDB_F_EQ,
                                          &own->header_.uuid);
            ds_put_format(&text, "host:"UUID_FMT,
                          UUID_ARGS(&own->header_.uuid));
        }
    }

    ds_put_cstr(&text, ds_cstr(&hosts));
    ds_destroy(&hosts);
    if (strcmp(ds_cstr(&text), agent->condition)) {
        VLOG_DBG("monitoring bindings: %s", ds_cstr(&text));
        free(agent->condition);
        agent->condition = ds_steal_cstr(&text);
    }
    /* Set it even when unchanged, and last: the seqno that acknowledges
     * both conditions moves when a reconnection drops a request in flight,
     * and a stale one would never be reached. */
    agent->condition_seqno = hvrec_binding_set_condition(agent->cluster,
                                                         &cond);
    ds_destroy(&text);
    ovsdb_idl_condition_destroy(&cond);
}

/* What 'vm''s LNIDs need: see enum vm_sync. */
enum vm_sync
local_vm_sync(const struct local_vm *vm)
{
    const char *here = vm->declared_str;
    const char *there = vm->binding_str;
    bool changed_here = here && (!vm->synced || strcmp(vm->synced, here));

    if (!there) {
        return !here ? VM_IN_SYNC
               : changed_here ? VM_PUBLISH_NEW
               : VM_UNREGISTERED;
    }
    if (here && !strcmp(here, there)) {
        return vm->synced && !strcmp(vm->synced, there)
               ? VM_IN_SYNC : VM_MARK_SYNCED;
    }
    return changed_here && vm->synced ? VM_PUBLISH_CHANGE : VM_ADOPT;
}
