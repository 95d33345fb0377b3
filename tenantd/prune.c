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

/* Tunnels: which LNIDs' floods each tunnel carries out
 * (external_ids:lnid-egress) and whose MACs it may carry in
 * (external_ids:lnid-ingress-hosts). */

#include <config.h>

#include "tenantd/tenantd.h"

#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "hash.h"
#include "hostvlan-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "tenant-db.h"
#include "tenant-iface.h"
#include "tenant.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenantd_prune);

COVERAGE_DEFINE(tenantd_prune);

/* Pruning: what each tunnel's far end needs.  The far end needs the
 * frames of the LNIDs its VMs have; of those, this host can only ever send
 * the ones it sees, i.e. those of the visible bindings placed there (a
 * global VM here sees every binding), and frames from global sources (a
 * router behind an uplink), which pass any set but an empty one.  So when
 * this host shares no tenant with a far end that has VMs, the far end's
 * own LNIDs (Host.lnids) stand in.  Tunnels are assumed to form a full
 * mesh: no host relays one tunnel's frames into another. */
struct far_end {
    struct hmap_node node;              /* By 'host'. */
    const struct hvrec_host *host;
    struct lnid_set *lnids;             /* NULL: more than a set holds. */
};

static struct far_end *
far_end_find(const struct hmap *far_ends, const struct hvrec_host *host)
{
    struct far_end *fe;

    HMAP_FOR_EACH_WITH_HASH (fe, node, hash_pointer(host, 0), far_ends) {
        if (fe->host == host) {
            return fe;
        }
    }
    return NULL;
}

/* Finds each tunnel's far end, the Host other than 'own' whose encap_ip is
 * the tunnel's remote_ip (none where two hosts claim one address: trust
 * neither), and adds it to 'far_ends'. */
static void
far_ends_find(const struct agent *agent, struct shash *tunnels,
              const struct hvrec_host *own, struct hmap *far_ends)
{
    struct shash by_ip = SHASH_INITIALIZER(&by_ip);
    const struct hvrec_host *host;
    struct shash_node *node;

    HVREC_HOST_FOR_EACH (host, agent->cluster) {
        if (host != own && host->encap_ip[0]
            && !shash_add_once(&by_ip, host->encap_ip, host)) {
            shash_replace(&by_ip, host->encap_ip, NULL);
        }
    }
    SHASH_FOR_EACH (node, tunnels) {
        struct local_tunnel *tunnel = node->data;

        tunnel->host = shash_find_data(&by_ip, tunnel->remote_ip);
        if (tunnel->host && !far_end_find(far_ends, tunnel->host)) {
            struct far_end *fe = xmalloc(sizeof *fe);

            fe->host = tunnel->host;
            fe->lnids = lnid_set_create(false, NULL, 0);
            hmap_insert(far_ends, &fe->node, hash_pointer(fe->host, 0));
        }
    }
    shash_destroy(&by_ip);
}

/* Adds the LNIDs of every visible binding to its host's entry in
 * 'far_ends', in one pass. */
static void
far_ends_collect_lnids(const struct tenant_db_view *bindings,
                       struct hmap *far_ends)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &bindings->by_name) {
        const struct tenant_db_binding *tdb = node->data;
        const struct hvrec_binding *b = tdb->row;
        struct far_end *fe = b->host ? far_end_find(far_ends, b->host) : NULL;
        struct lnid_set *sum;

        if (!fe || !fe->lnids || !tdb->lnids) {
            continue;
        }
        sum = lnid_set_union(fe->lnids, tdb->lnids);
        lnid_set_destroy(fe->lnids);
        fe->lnids = sum;
    }
}

/* Returns the lnid-egress value for a tunnel to 'fe', NULL for no
 * pruning. */
static char *
far_end_egress(const struct far_end *fe)
{
    struct lnid_set *own_lnids;
    char *error, *egress;

    if (!fe->lnids) {
        return NULL;
    } else if (!lnid_set_is_empty(fe->lnids) || !fe->host->n_lnids) {
        return lnid_set_to_string(fe->lnids);
    }
    error = lnid_set_from_column(fe->host->lnids, fe->host->n_lnids,
                                 &own_lnids);
    if (error) {
        free(error);            /* More LNIDs than one set holds. */
        return NULL;
    }
    egress = lnid_set_to_string(own_lnids);
    lnid_set_destroy(own_lnids);
    return egress;
}

static void
far_ends_destroy(struct hmap *far_ends)
{
    struct far_end *fe;

    HMAP_FOR_EACH_POP (fe, node, far_ends) {
        lnid_set_destroy(fe->lnids);
        free(fe);
    }
    hmap_destroy(far_ends);
}

/* Writes each tunnel's external_ids:lnid-egress.  Returns true if 'txn'
 * has changes. */
bool
agent_prune(struct agent *agent, struct shash *tunnels,
            const struct hvrec_host *own,
            const struct tenant_db_view *bindings)
{
    struct hmap far_ends = HMAP_INITIALIZER(&far_ends);
    const struct shash_node **sorted;
    bool changed = false;
    size_t i;

    far_ends_find(agent, tunnels, own, &far_ends);
    far_ends_collect_lnids(bindings, &far_ends);

    ds_clear(&agent->tunnels);
    sorted = shash_sort(tunnels);
    for (i = 0; i < shash_count(tunnels); i++) {
        struct local_tunnel *tunnel = sorted[i]->data;
        const struct ovsrec_interface *iface = tunnel->iface;
        const char *have = smap_get(&iface->external_ids, TENANT_EGRESS_KEY);

        tunnel->egress = (tunnel->host
                          ? far_end_egress(far_end_find(&far_ends,
                                                        tunnel->host))
                          : NULL);
        ds_put_format(&agent->tunnels, "  %s to %s (%s): %s%s\n",
                      iface->name, tunnel->remote_ip,
                      tunnel->host ? tunnel->host->name : "unknown host",
                      tunnel->egress ? "egress lnid " : "not pruned",
                      tunnel->egress ? tunnel->egress : "");
        if (nullable_string_is_equal(have, tunnel->egress)) {
            continue;
        }
        VLOG_INFO("interface %s: %s%s", iface->name,
                  tunnel->egress ? "floods pruned to LNIDs " : "not pruned",
                  tunnel->egress ? tunnel->egress : "");
        if (tunnel->egress) {
            ovsrec_interface_update_external_ids_setkey(iface,
                                                        TENANT_EGRESS_KEY,
                                                        tunnel->egress);
        } else {
            ovsrec_interface_update_external_ids_delkey(iface,
                                                        TENANT_EGRESS_KEY);
        }
        COVERAGE_INC(tenantd_prune);
        changed = true;
    }
    free(sorted);
    far_ends_destroy(&far_ends);
    return changed;
}

/* Guarding tunnels: the far end of a tunnel can put any source MAC on
 * it, so each tunnel gets external_ids:lnid-ingress-hosts, its far end's
 * Host name, and ovs-vswitchd lets in only the MACs bound to that host
 * (and those bound to no host).  A tunnel whose far end is unknown, or
 * claimed by two hosts, gets "none": it carries no host's MACs.  Must run
 * after agent_prune(), which finds the far ends.  Returns true if 'txn'
 * has changes. */
bool
agent_guard_ingress(struct shash *tunnels)
{
    struct shash_node *node;
    bool changed = false;

    SHASH_FOR_EACH (node, tunnels) {
        const struct local_tunnel *tunnel = node->data;
        const struct ovsrec_interface *iface = tunnel->iface;
        const char *want = (tunnel->host ? tunnel->host->name
                            : TENANT_EGRESS_NONE);
        const char *have = smap_get(&iface->external_ids,
                                    TENANT_INGRESS_HOSTS_KEY);

        if (!nullable_string_is_equal(have, want)) {
            VLOG_INFO("interface %s: carries the MACs of %s%s",
                      iface->name, tunnel->host ? "host " : "no host",
                      tunnel->host ? want : "");
            ovsrec_interface_update_external_ids_setkey(
                iface, TENANT_INGRESS_HOSTS_KEY, want);
            changed = true;
        }
    }
    return changed;
}
