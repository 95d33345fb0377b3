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
#include "tenant-config.h"

#include <stdlib.h>
#include <string.h>
#include "openvswitch/hmap.h"
#include "openvswitch/vlog.h"
#include "ofproto/ofproto-tenant.h"
#include "packets.h"
#include "smap.h"
#include "tenant.h"
#include "tenant-iface.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenant_config);

/* A MAC's binding while collecting. */
struct db_binding {
    struct hmap_node node;          /* In tenant_db_bindings' 'map'. */
    struct eth_addr mac;
    struct lnid_set *lnids;         /* NULL: conflicting, bind nothing. */
    const char *source;             /* Interface name, or NULL for a row. */
};

struct tenant_db_bindings {
    struct hmap map;                /* Contains "struct db_binding"s. */
    struct tenant_binding *array;   /* The same, for ofproto. */
    size_t n;
};

struct tenant_iface_config {
    struct tenant_port_settings settings;
    struct lnid_set *lnids;
    struct lnid_set *egress;
    char *error;
};

struct tenant_bridge_config {
    struct tenant_iface_config *ifaces;
    size_t n, allocated;
};

static void
db_bindings_add(struct tenant_db_bindings *b, struct eth_addr mac,
                const struct lnid_set *lnids, const char *source)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    uint32_t hash = hash_mac(mac, 0, 0);
    struct db_binding *db;

    HMAP_FOR_EACH_WITH_HASH (db, node, hash, &b->map) {
        if (eth_addr_equals(db->mac, mac)) {
            if (source && db->source && db->lnids
                && !lnid_set_equals(db->lnids, lnids)) {
                /* Two local interfaces claim one MAC with different LNIDs:
                 * trust neither. */
                VLOG_WARN_RL(&rl, "interfaces %s and %s both have "
                             "attached-mac "ETH_ADDR_FMT" with different "
                             "LNIDs: frames from it are dropped",
                             db->source, source, ETH_ADDR_ARGS(mac));
                lnid_set_destroy(db->lnids);
                db->lnids = NULL;
            }
            return;
        }
    }
    db = xmalloc(sizeof *db);
    db->mac = mac;
    db->lnids = lnid_set_clone(lnids);
    db->source = source;
    hmap_insert(&b->map, &db->node, hash);
}

/* Returns every tenant binding in 'idl'. */
struct tenant_db_bindings *
tenant_db_bindings_collect(const struct ovsdb_idl *idl)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    struct tenant_db_bindings *b = xzalloc(sizeof *b);
    const struct ovsrec_tenant_binding *row;
    const struct ovsrec_interface *cfg;
    struct db_binding *db;

    hmap_init(&b->map);

    /* Local interfaces first: they win over Tenant_Binding rows. */
    OVSREC_INTERFACE_FOR_EACH (cfg, idl) {
        struct lnid_set *lnids;
        struct eth_addr mac;
        char *error;

        error = tenant_iface_parse_lnids(cfg, &lnids);
        if (!error && lnids
            && tenant_iface_parse_vm_mac(cfg, &mac, &error)) {
            db_bindings_add(b, mac, lnids, cfg->name);
        }
        lnid_set_destroy(lnids);
        free(error);
    }

    OVSREC_TENANT_BINDING_FOR_EACH (row, idl) {
        struct lnid_set *lnids;
        struct eth_addr mac;
        char *error;

        if (!eth_addr_from_string(row->mac, &mac)
            || eth_addr_is_multicast(mac) || eth_addr_is_zero(mac)) {
            VLOG_WARN_RL(&rl, "Tenant_Binding: \"%s\" is not a unicast MAC "
                         "address: row ignored", row->mac);
            continue;
        }
        error = lnid_set_from_column(row->lnid, row->n_lnid, &lnids);
        if (error) {
            VLOG_WARN_RL(&rl, "Tenant_Binding %s: %s: row ignored",
                         row->mac, error);
            free(error);
            continue;
        }
        if (!lnid_set_is_empty(lnids)) {
            db_bindings_add(b, mac, lnids, NULL);
        }
        lnid_set_destroy(lnids);
    }

    b->array = xmalloc((hmap_count(&b->map) + 1) * sizeof *b->array);
    HMAP_FOR_EACH (db, node, &b->map) {
        if (db->lnids) {
            b->array[b->n].mac = db->mac;
            b->array[b->n].lnids = db->lnids;
            b->n++;
        }
    }
    return b;
}

void
tenant_db_bindings_destroy(struct tenant_db_bindings *b)
{
    struct db_binding *db;

    if (!b) {
        return;
    }
    HMAP_FOR_EACH_POP (db, node, &b->map) {
        lnid_set_destroy(db->lnids);
        free(db);
    }
    hmap_destroy(&b->map);
    free(b->array);
    free(b);
}

struct tenant_bridge_config *
tenant_bridge_config_create(void)
{
    return xzalloc(sizeof(struct tenant_bridge_config));
}

/* Adds interface 'cfg', OpenFlow port 'ofp_port', to 'tbc'.  Returns the
 * interface's tenant configuration error, if any, for the caller to report
 * in the Interface's "error" column; the string is owned by 'tbc'. */
const char *
tenant_bridge_config_add_iface(struct tenant_bridge_config *tbc,
                               const struct ovsrec_interface *cfg,
                               ofp_port_t ofp_port)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    struct tenant_iface_config *ic;
    struct tenant_port_settings *s;
    char *mac_error;

    if (tbc->n >= tbc->allocated) {
        tbc->ifaces = x2nrealloc(tbc->ifaces, &tbc->allocated,
                                 sizeof *tbc->ifaces);
    }
    ic = &tbc->ifaces[tbc->n++];
    memset(ic, 0, sizeof *ic);
    s = &ic->settings;
    s->ofp_port = ofp_port;
    s->name = cfg->name;

    ic->error = tenant_iface_parse_lnids(cfg, &ic->lnids);
    if (!ic->error) {
        ic->error = tenant_iface_parse_egress(cfg, ic->lnids, &ic->egress);
    }
    s->lnids = ic->lnids;
    s->egress = ic->egress;
    s->has_vm_mac = tenant_iface_parse_vm_mac(cfg, &s->vm_mac, &mac_error);
    if (mac_error && !ic->error && ic->lnids) {
        ic->error = mac_error;
    } else {
        free(mac_error);
    }
    s->error = ic->error;
    if (ic->error) {
        VLOG_WARN_RL(&rl, "interface %s: %s", cfg->name, ic->error);
    }
    return ic->error;
}

void
tenant_bridge_config_apply(const struct tenant_bridge_config *tbc,
                           struct ofproto *ofproto,
                           const struct tenant_db_bindings *bindings)
{
    struct tenant_port_settings *ports;
    size_t i;

    ports = xmalloc((tbc->n + 1) * sizeof *ports);
    for (i = 0; i < tbc->n; i++) {
        ports[i] = tbc->ifaces[i].settings;
    }
    ofproto_set_tenant_bindings(ofproto, bindings->array, bindings->n);
    ofproto_set_tenant_policy(ofproto, ports, tbc->n);
    free(ports);
}

void
tenant_bridge_config_destroy(struct tenant_bridge_config *tbc)
{
    size_t i;

    if (!tbc) {
        return;
    }
    for (i = 0; i < tbc->n; i++) {
        lnid_set_destroy(tbc->ifaces[i].lnids);
        lnid_set_destroy(tbc->ifaces[i].egress);
        free(tbc->ifaces[i].error);
    }
    free(tbc->ifaces);
    free(tbc);
}
