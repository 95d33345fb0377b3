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

/* Applying: the cluster's bindings into the local database.  Remote
 * bindings become Tenant_Binding rows this agent owns; local VMs' LNIDs go
 * into their interfaces; a VM the cluster places elsewhere fails closed.
 * Always by difference from a complete view, never by emptying first. */

#include <config.h>

#include "tenantd/tenantd.h"

#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "hostvlan-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "tenant-db.h"
#include "tenant-iface.h"
#include "tenant.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenantd_apply);

COVERAGE_DEFINE(tenantd_apply);
COVERAGE_DEFINE(tenantd_refuse);

/* Writes 'b''s LNIDs (none if NULL) where the interface keeps its own:
 * its "lnid" column if that is in use, else external_ids:lnid. */
static void
local_vm_set_lnids(const struct local_vm *vm, const struct hvrec_binding *b)
{
    const struct ovsrec_interface *iface = vm->iface;

    if (iface->n_lnid) {
        ovsrec_interface_set_lnid(iface, b ? b->lnid : NULL,
                                  b ? b->n_lnid : 0);
    } else if (b) {
        ovsrec_interface_update_external_ids_setkey(iface, "lnid",
                                                    vm->binding_str);
    } else {
        ovsrec_interface_update_external_ids_delkey(iface, "lnid");
    }
}

/* Returns the name of the host that cluster binding 'b' places its MAC
 * on, NULL if none, for the caller to free.  This agent monitors only some
 * Host rows (its own and its tunnels' far ends), so the Host may be out of
 * view: it is then named by its row's UUID, which no tunnel lists, so that
 * no tunnel carries its MAC.  Nor does any tunnel list the name given to a
 * host that the binding does not request. */
static char *
binding_host_name(const struct hvrec_binding *b)
{
    const struct ovsdb_datum *datum;

    if (b->host) {
        /* An agent may set the host of a binding that requests it (see
         * hostvlan-agent in ovs-tenantctl(8)) to any host: follow only a
         * requested one. */
        return (!b->n_requested_hosts
                || hostvlan_binding_requests(b, b->host->name)
                ? xstrdup(b->host->name)
                : xasprintf("%s (not requested)", b->host->name));
    }
    datum = hvrec_binding_get_host(b, OVSDB_TYPE_UUID);
    return (datum->n
            ? xasprintf("host-"UUID_FMT, UUID_ARGS(&datum->keys[0].uuid))
            : NULL);
}

/* Marks local row 'row' with the host that cluster binding 'b' places its
 * MAC on, for the tunnels that accept only their far end's MACs (see
 * agent_guard_ingress()).  Returns true if that changed 'row'. */
static bool
tenant_binding_set_host(const struct ovsrec_tenant_binding *row,
                        const struct hvrec_binding *b)
{
    const char *have = smap_get(&row->external_ids, TENANT_BINDING_HOST_KEY);
    char *want = binding_host_name(b);
    bool changed = !nullable_string_is_equal(have, want);

    if (changed && want) {
        ovsrec_tenant_binding_update_external_ids_setkey(
            row, TENANT_BINDING_HOST_KEY, want);
    } else if (changed) {
        ovsrec_tenant_binding_update_external_ids_delkey(
            row, TENANT_BINDING_HOST_KEY);
    }
    free(want);
    return changed;
}

/* Writes checked LNIDs 'lnids' into local row 'row', in the column's form.
 * Returns true if that changed 'row'. */
static bool
tenant_binding_set_lnids(const struct ovsrec_tenant_binding *row,
                         const struct lnid_set *lnids)
{
    int64_t values[LNID_SET_MAX + 1];
    size_t n = lnid_set_to_column(lnids, values);

    if (columns_equal(row->lnid, row->n_lnid, values, n)) {
        return false;
    }
    ovsrec_tenant_binding_set_lnid(row, values, n);
    return true;
}

/* Writes 'vm''s placement into its interface: the refusal that makes
 * ovs-vswitchd fail its port closed (or its end), and the mark that this
 * host ran it.  Returns true if that changed the interface. */
static bool
local_vm_mark(const struct local_vm *vm)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const struct ovsrec_interface *iface = vm->iface;
    bool changed = false;

    if (!nullable_string_is_equal(vm->refused, vm->refusal)) {
        if (vm->refusal) {
            COVERAGE_INC(tenantd_refuse);
            VLOG_WARN_RL(&rl, "interface %s: %s: its port fails closed",
                         iface->name, vm->refusal);
            ovsrec_interface_update_external_ids_setkey(
                iface, TENANT_REFUSED_KEY, vm->refusal);
        } else {
            VLOG_INFO("interface %s: the tenant database places it here "
                      "now", iface->name);
            ovsrec_interface_update_external_ids_delkey(iface,
                                                        TENANT_REFUSED_KEY);
        }
        changed = true;
    }
    if (vm->placement == VM_HERE && !vm->placed_before) {
        ovsrec_interface_update_external_ids_setkey(iface, PLACED_KEY,
                                                    "true");
        changed = true;
    }
    return changed;
}

/* Applying: the cluster's bindings into the local database.  Returns true
 * if 'txn' has changes. */
bool
agent_apply(struct agent *agent, struct ovsdb_idl_txn *txn,
            struct shash *vms, const struct tenant_db_view *bindings)
{
    const struct ovsrec_tenant_binding *row;
    const struct tenant_db_binding *tdb;
    struct shash desired = SHASH_INITIALIZER(&desired);
    struct sset foreign = SSET_INITIALIZER(&foreign);
    struct shash_node *node;
    bool changed = false;

    /* Remote bindings: every visible one that is not a local VM's. */
    SHASH_FOR_EACH (node, &bindings->by_name) {
        struct local_vm *vm = shash_find_data(vms, node->name);

        tdb = node->data;
        if (tdb->lnids && (!vm || vm->placement == VM_REFUSED)) {
            shash_add(&desired, node->name, tdb);
        }
    }
    agent->n_remote = shash_count(&desired);

    /* Difference against the rows we own; rows someone else made win. */
    OVSREC_TENANT_BINDING_FOR_EACH (row, agent->local) {
        const char *owner = smap_get(&row->external_ids, OWNER_KEY);

        if (!owner || strcmp(owner, OWNER_VALUE)) {
            sset_add(&foreign, row->mac);
            continue;
        }
        tdb = shash_find_and_delete(&desired, row->mac);
        if (!tdb) {
            ovsrec_tenant_binding_delete(row);
            changed = true;
            continue;
        }
        changed |= tenant_binding_set_lnids(row, tdb->lnids);
        changed |= tenant_binding_set_host(row, tdb->row);
    }
    agent->n_conflicts = 0;
    SHASH_FOR_EACH (node, &desired) {
        tdb = node->data;
        if (sset_contains(&foreign, tdb->name)) {
            agent->n_conflicts++;
            continue;
        }
        row = ovsrec_tenant_binding_insert(txn);
        ovsrec_tenant_binding_set_mac(row, tdb->name);
        tenant_binding_set_lnids(row, tdb->lnids);
        ovsrec_tenant_binding_update_external_ids_setkey(row, OWNER_KEY,
                                                         OWNER_VALUE);
        tenant_binding_set_host(row, tdb->row);
        changed = true;
    }
    shash_destroy(&desired);
    sset_destroy(&foreign);

    /* Local VMs: their interfaces follow central changes. */
    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;
        enum vm_sync sync;

        changed |= local_vm_mark(vm);
        if (vm->placement == VM_REFUSED) {
            continue;
        }
        sync = local_vm_sync(vm);
        if (!agent->self_registration && sync == VM_PUBLISH_CHANGE) {
            /* Only the tenant database changes LNIDs. */
            VLOG_INFO("interface %s: local LNIDs %s overridden by the "
                      "tenant database", vm->iface->name, vm->declared_str);
            sync = VM_ADOPT;
        }
        switch (sync) {
        case VM_ADOPT:
            VLOG_INFO("interface %s: LNIDs %s from the tenant database",
                      vm->iface->name, vm->binding_str);
            local_vm_set_lnids(vm, vm->binding);
            ovsrec_interface_update_external_ids_setkey(
                vm->iface, SYNCED_KEY, vm->binding_str);
            changed = true;
            break;

        case VM_MARK_SYNCED:
            ovsrec_interface_update_external_ids_setkey(
                vm->iface, SYNCED_KEY, vm->binding_str);
            changed = true;
            break;

        case VM_UNREGISTERED:
            /* With no LNIDs, the VM's port fails closed. */
            VLOG_INFO("interface %s: %s was unregistered", vm->iface->name,
                      node->name);
            local_vm_set_lnids(vm, NULL);
            ovsrec_interface_update_external_ids_delkey(vm->iface,
                                                        SYNCED_KEY);
            changed = true;
            break;

        case VM_IN_SYNC:
        case VM_PUBLISH_NEW:
        case VM_PUBLISH_CHANGE:
            break;
        }
    }
    if (changed) {
        COVERAGE_INC(tenantd_apply);
    }
    return changed;
}
