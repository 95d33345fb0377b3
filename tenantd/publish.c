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

/* Publishing: this host's VMs, with the LNIDs their interfaces declare,
 * into the cluster as Binding rows placed on this Host; the Host row's
 * LNIDs; and cur_cfg, which answers "ovs-tenantctl --wait" once
 * ovs-vswitchd has applied what the cluster asked of this host. */

#include <config.h>

#include "tenantd/tenantd.h"

#include <string.h>

#include "coverage.h"
#include "hostvlan-idl.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "tenant-db.h"
#include "tenant.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenantd_publish);

COVERAGE_DEFINE(tenantd_publish);
COVERAGE_DEFINE(tenantd_report);
COVERAGE_DEFINE(tenantd_take);

/* Publishing: this host's VMs and state into the cluster.  Returns true if
 * 'txn' has changes. */
bool
agent_publish(struct agent *agent, struct ovsdb_idl_txn *txn,
              struct shash *vms, const struct hvrec_host *own,
              const int64_t *host_lnids, size_t n_host_lnids)
{
    const struct ovsrec_open_vswitch *ovs;
    struct shash_node *node;
    const char *encap_ip;
    bool changed = false;

    ovs = ovsrec_open_vswitch_first(agent->local);
    encap_ip = smap_get_def(&ovs->external_ids, "hostvlan-encap-ip", "");
    if (!own) {
        VLOG_INFO("adding host \"%s\" to the tenant database",
                  agent->host_name);
        own = hvrec_host_insert(txn);
        hvrec_host_set_name(own, agent->host_name);
        changed = true;
    }
    if (strcmp(own->encap_ip, encap_ip)) {
        hvrec_host_set_encap_ip(own, encap_ip);
        changed = true;
    }
    if (!columns_equal(own->lnids, own->n_lnids, host_lnids, n_host_lnids)) {
        hvrec_host_set_lnids(own, host_lnids, n_host_lnids);
        changed = true;
    }
    if (agent->applied_nb_cfg > own->cur_cfg) {
        COVERAGE_INC(tenantd_report);
        hvrec_host_set_cur_cfg(own, agent->applied_nb_cfg);
        changed = true;
    }

    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;
        const struct hvrec_binding *b = vm->binding;

        if (vm->placement == VM_REFUSED) {
            continue;
        }
        switch (local_vm_sync(vm)) {
        case VM_PUBLISH_NEW:
            VLOG_INFO("publishing %s (interface %s) with LNIDs %s",
                      node->name, vm->iface->name, vm->declared_str);
            b = hvrec_binding_insert(txn);
            hvrec_binding_set_mac(b, node->name);
            tenant_db_binding_set_lnids(b, vm->declared);
            hvrec_binding_set_host(b, own);
            COVERAGE_INC(tenantd_publish);
            changed = true;
            continue;

        case VM_PUBLISH_CHANGE:
            if (!agent->self_registration) {
                break;
            }
            VLOG_INFO("interface %s changed the LNIDs of %s to %s",
                      vm->iface->name, node->name, vm->declared_str);
            hvrec_binding_verify_lnid(b);
            tenant_db_binding_set_lnids(b, vm->declared);
            COVERAGE_INC(tenantd_publish);
            changed = true;
            break;

        case VM_IN_SYNC:
        case VM_ADOPT:
        case VM_MARK_SYNCED:
        case VM_UNREGISTERED:
            break;
        }
        if (b && vm->placement == VM_TAKE) {
            /* The VM arrived here: it migrated, or was registered before
             * it started. */
            VLOG_INFO("%s (interface %s) is on this host now", node->name,
                      vm->iface->name);
            COVERAGE_INC(tenantd_take);
            hvrec_binding_verify_host(b);
            hvrec_binding_set_host(b, own);
            changed = true;
        }
    }

    return changed;
}
