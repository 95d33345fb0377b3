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
#include "tenant-keys.h"
#include "unixctl.h"
#include "util.h"
#include "uuid.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenant_config);

struct tenant_iface_config {
    struct tenant_port_settings settings;
    const struct ovsrec_port *port;
    const struct ovsrec_interface *cfg;
    struct lnid_set *lnids;
    struct lnid_set *egress;
    struct sset *ingress_hosts;
    struct tenant_allowed_macs allowed;
    struct tenant_attached_ips ips;
    char *error;
};

struct tenant_bridge_config {
    struct tenant_iface_config *ifaces;
    size_t n, allocated;
};

/* A local interface's claim on its VM's MAC, while collecting. */
struct local_binding {
    struct hmap_node node;          /* In a "struct hmap" of them, by MAC. */
    struct eth_addr mac;
    struct lnid_set *lnids;         /* NULL: conflicting, bind nothing. */
    const char *source;             /* Interface name. */
};

/* A valid Tenant_Binding row (unicast MAC, LNIDs well formed, not
 * empty). */
struct row_binding {
    struct hmap_node uuid_node;     /* In 'rows_by_uuid'. */
    struct hmap_node mac_node;      /* In 'rows_by_mac'. */
    struct uuid uuid;
    struct eth_addr mac;
    struct lnid_set *lnids;
    char *host;                     /* external_ids:hostvlan-host or NULL. */
};

/* A binding as handed to the ofprotos ('b.host' is owned). */
struct published_binding {
    struct hmap_node node;          /* In 'published', by MAC. */
    struct tenant_binding b;
};

/* The bindings are kept between reconfigurations, so that a change to one
 * of a million costs one binding's work here and in the datapath: the
 * Tenant_Binding rows as last seen (updated from the IDL's change
 * tracking), the local interfaces' claims of the last reconfiguration and
 * what the ofprotos were given, in version 'bindings_seq'. */
static struct hmap rows_by_uuid = HMAP_INITIALIZER(&rows_by_uuid);
static struct hmap rows_by_mac = HMAP_INITIALIZER(&rows_by_mac);
static struct hmap locals = HMAP_INITIALIZER(&locals);
static struct hmap published = HMAP_INITIALIZER(&published);
static uint64_t bindings_seq;

/* One reconfiguration's view of the bindings. */
struct tenant_db_bindings {
    struct tenant_bindings_view view;
    struct tenant_binding *changes;
    size_t n_changes, allocated;
    struct tenant_binding *all;     /* Made on demand by view_all(). */
};

static void iface_config_parse(struct tenant_iface_config *,
                               const struct ovsrec_port *,
                               const struct ovsrec_interface *, ofp_port_t);
static void iface_config_uninit(struct tenant_iface_config *);
static bool port_members_disagree(const struct tenant_iface_config *,
                                  size_t n);

static struct local_binding *
local_find(const struct hmap *map, struct eth_addr mac)
{
    struct local_binding *lb;

    HMAP_FOR_EACH_WITH_HASH (lb, node, hash_mac(mac, 0, 0), map) {
        if (eth_addr_equals(lb->mac, mac)) {
            return lb;
        }
    }
    return NULL;
}

static void
local_add(struct hmap *map, struct eth_addr mac,
          const struct lnid_set *lnids, const char *source)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    struct local_binding *lb = local_find(map, mac);

    if (lb) {
        if (lb->lnids && !lnid_set_equals(lb->lnids, lnids)) {
            /* Two local interfaces claim one MAC with different LNIDs:
             * trust neither. */
            VLOG_WARN_RL(&rl, "interfaces %s and %s both claim MAC "
                         ETH_ADDR_FMT" (attached-mac or allowed-macs) with "
                         "different LNIDs: frames from it are dropped",
                         lb->source, source,
                         ETH_ADDR_ARGS(mac));
            lnid_set_destroy(lb->lnids);
            lb->lnids = NULL;
        }
        return;
    }
    lb = xmalloc(sizeof *lb);
    lb->mac = mac;
    lb->lnids = lnid_set_clone(lnids);
    lb->source = source;
    hmap_insert(map, &lb->node, hash_mac(mac, 0, 0));
}

static void
locals_clear(struct hmap *map)
{
    struct local_binding *lb;

    HMAP_FOR_EACH_POP (lb, node, map) {
        lnid_set_destroy(lb->lnids);
        free(lb);
    }
}

/* Collects into 'map' the MACs that local interfaces with LNIDs claim.
 * An interface that fails closed claims nothing: one with a configuration
 * error (a refused VM's MAC is remote: its binding comes from the tenant
 * database, via Tenant_Binding), or one of a bond whose interfaces
 * disagree. */
static void
locals_collect(const struct ovsdb_idl *idl, struct hmap *map)
{
    const struct ovsrec_port *port;

    OVSREC_PORT_FOR_EACH (port, idl) {
        size_t n = port->n_interfaces;
        struct tenant_iface_config *ics = xcalloc(n, sizeof *ics);
        bool disagree;
        size_t i;

        for (i = 0; i < n; i++) {
            iface_config_parse(&ics[i], port, port->interfaces[i],
                               OFPP_NONE);
        }
        disagree = port_members_disagree(ics, n);
        for (i = 0; i < n; i++) {
            const struct tenant_iface_config *ic = &ics[i];

            if (!disagree && !ic->error && ic->lnids
                && ic->settings.has_vm_mac) {
                local_add(map, ic->settings.vm_mac, ic->lnids, ic->cfg->name);
                for (size_t j = 0; j < ic->allowed.n; j++) {
                    local_add(map, ic->allowed.macs[j], ic->allowed.lnids[j],
                              ic->cfg->name);
                }
            }
            iface_config_uninit(&ics[i]);
        }
        free(ics);
    }
}

/* A set of MACs whose bindings may have changed. */
struct mac_set {
    struct eth_addr *macs;
    size_t n, allocated;
};

static void
mac_set_add(struct mac_set *set, struct eth_addr mac)
{
    if (set->n >= set->allocated) {
        set->macs = x2nrealloc(set->macs, &set->allocated, sizeof *set->macs);
    }
    set->macs[set->n++] = mac;
}

static void
row_forget(const struct uuid *uuid, struct mac_set *touched)
{
    struct row_binding *rb;

    HMAP_FOR_EACH_WITH_HASH (rb, uuid_node, uuid_hash(uuid), &rows_by_uuid) {
        if (uuid_equals(&rb->uuid, uuid)) {
            mac_set_add(touched, rb->mac);
            hmap_remove(&rows_by_uuid, &rb->uuid_node);
            hmap_remove(&rows_by_mac, &rb->mac_node);
            lnid_set_destroy(rb->lnids);
            free(rb->host);
            free(rb);
            return;
        }
    }
}

/* Returns the number of rows that bind 'mac' (the column is a string, so
 * "52:54:00:00:00:0a" and "52:54:00:00:00:0A" are two rows),
 * and the first of them in '*first'. */
static size_t
rows_for_mac(struct eth_addr mac, const struct row_binding **first)
{
    const struct row_binding *rb;
    size_t n = 0;

    *first = NULL;
    HMAP_FOR_EACH_WITH_HASH (rb, mac_node, hash_mac(mac, 0, 0),
                             &rows_by_mac) {
        if (eth_addr_equals(rb->mac, mac) && !n++) {
            *first = rb;
        }
    }
    return n;
}

/* Takes 'row' as it is now, replacing what was known of it. */
static void
row_learn(const struct ovsrec_tenant_binding *row, struct mac_set *touched)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const struct row_binding *dup;
    struct lnid_set *lnids;
    struct row_binding *rb;
    struct eth_addr mac;
    char *error;

    row_forget(&row->header_.uuid, touched);
    if (!tenant_mac_from_string(row->mac, &mac)) {
        VLOG_WARN_RL(&rl, "Tenant_Binding: \"%s\" is not a unicast MAC "
                     "address: row ignored", row->mac);
        return;
    }
    error = lnid_set_from_column(row->lnid, row->n_lnid, &lnids);
    if (error) {
        VLOG_WARN_RL(&rl, "Tenant_Binding %s: %s: row ignored",
                     row->mac, error);
        free(error);
        return;
    }
    if (lnid_set_is_empty(lnids)) {
        lnid_set_destroy(lnids);
        return;
    }
    rb = xmalloc(sizeof *rb);
    rb->uuid = row->header_.uuid;
    rb->mac = mac;
    rb->lnids = lnids;
    rb->host = nullable_xstrdup(smap_get(&row->external_ids,
                                         TENANT_BINDING_HOST_KEY));
    hmap_insert(&rows_by_uuid, &rb->uuid_node, uuid_hash(&rb->uuid));
    hmap_insert(&rows_by_mac, &rb->mac_node, hash_mac(mac, 0, 0));
    mac_set_add(touched, mac);
    if (rows_for_mac(mac, &dup) > 1) {
        VLOG_WARN_RL(&rl, "Tenant_Binding: several rows bind "ETH_ADDR_FMT
                     " (\"%s\" among them): it is bound to nothing until "
                     "one is left", ETH_ADDR_ARGS(mac), row->mac);
    }
}

/* tenant/hold-keys on|off: for tests, see tenant_keys_hold(). */
static void
tenant_unixctl_hold_keys(struct unixctl_conn *conn, int argc OVS_UNUSED,
                         const char *argv[], void *aux OVS_UNUSED)
{
    if (strcmp(argv[1], "on") && strcmp(argv[1], "off")) {
        unixctl_command_reply_error(conn, "expected \"on\" or \"off\"");
        return;
    }
    tenant_keys_hold(!strcmp(argv[1], "on"));
    unixctl_command_reply(conn, NULL);
}

/* Starts tenant configuration for 'idl', bridge.c's IDL of the database at
 * 'remote', right after its creation: change tracking of the
 * Tenant_Binding table (rows_update()), and the thread that watches the
 * keys of Interface external_ids that 'idl' omits (tenant-keys.h). */
void
tenant_config_init(struct ovsdb_idl *idl, const char *remote)
{
    ovsdb_idl_track_add_column(idl, &ovsrec_tenant_binding_col_mac);
    ovsdb_idl_track_add_column(idl, &ovsrec_tenant_binding_col_lnid);
    ovsdb_idl_track_add_column(idl, &ovsrec_tenant_binding_col_external_ids);
    tenant_keys_start(remote);
    unixctl_command_register("tenant/hold-keys", "on|off", 1, 1,
                             tenant_unixctl_hold_keys, NULL);
}

void
tenant_config_exit(void)
{
    tenant_keys_stop();
}

/* The tenant keys that the reconfiguration in progress reads, the version
 * of those that the last one read, and the version bridge_run() last
 * looked at. */
static const struct tenant_keys *keys_now;
static uint64_t keys_version;
static uint64_t seen_version;

/* Whether the tenant keys changed since the last reconfiguration. */
bool
tenant_config_changed(void)
{
    seen_version = tenant_keys_version(tenant_keys_get());
    return seen_version != keys_version;
}

/* Whether bridge.c may reconfigure from its view of 'idl', answering
 * 'next_cfg': only once the tenant keys have caught up with it.  Until then
 * tenant_config_wait() wakes the caller when they move. */
bool
tenant_config_ready(const struct ovsdb_idl *idl, int64_t next_cfg)
{
    const struct tenant_keys *keys = tenant_keys_get();

    seen_version = tenant_keys_version(keys);
    return tenant_keys_cover(keys, idl, next_cfg);
}

/* Wakes bridge.c's main loop when the tenant keys move past what
 * bridge_run() last saw of them, unless bridge_run() cannot reconfigure
 * anyway (it lacks the database lock or contents) and would not look. */
void
tenant_config_wait(const struct ovsdb_idl *idl)
{
    if (ovsdb_idl_has_lock(idl) && ovsdb_idl_has_ever_connected(idl)) {
        tenant_keys_wait(seen_version);
    }
}

/* The tenant keys of interface 'cfg' as the reconfiguration in progress
 * reads them, NULL if they are not known. */
static const struct smap *
iface_keys(const struct ovsrec_interface *cfg)
{
    return tenant_keys_find(keys_now, &cfg->header_.uuid);
}

/* Brings the rows up to date with 'idl' (all of them the first time, then
 * the tracked changes), adding the MACs of every row that changed to
 * 'touched'. */
static void
rows_update(struct ovsdb_idl *idl, struct mac_set *touched)
{
    const struct ovsrec_tenant_binding *row;

    if (!bindings_seq) {
        OVSREC_TENANT_BINDING_FOR_EACH (row, idl) {
            row_learn(row, touched);
        }
    } else {
        OVSREC_TENANT_BINDING_FOR_EACH_TRACKED (row, idl) {
            if (ovsrec_tenant_binding_is_deleted(row)) {
                row_forget(&row->header_.uuid, touched);
            } else {
                row_learn(row, touched);
            }
        }
    }
    ovsdb_idl_track_clear(idl);
}

/* The LNIDs 'mac' is bound to, and in '*host' where its VM runs (see
 * struct tenant_binding): a local interface's claim wins over a row.  NULL
 * if none, and also if several rows bind 'mac': which of them counts would
 * be an accident of hashing, so the MAC fails closed. */
static const struct lnid_set *
effective_binding(struct eth_addr mac, const char **host)
{
    const struct local_binding *lb = local_find(&locals, mac);
    const struct row_binding *rb;

    if (lb) {
        *host = "";
        return lb->lnids;
    } else if (rows_for_mac(mac, &rb) == 1) {
        *host = rb->host;
        return rb->lnids;
    }
    *host = NULL;
    return NULL;
}

static void
published_binding_free(struct published_binding *pb)
{
    lnid_set_destroy(pb->b.lnids);
    free(CONST_CAST(char *, pb->b.host));
    free(pb);
}

static struct published_binding *
published_find(struct eth_addr mac)
{
    struct published_binding *pb;

    HMAP_FOR_EACH_WITH_HASH (pb, node, hash_mac(mac, 0, 0), &published) {
        if (eth_addr_equals(pb->b.mac, mac)) {
            return pb;
        }
    }
    return NULL;
}

/* Publishes the binding of 'mac' as it is now, recording a change in 'b'
 * if it differs from what was published. */
static void
publish(struct tenant_db_bindings *b, struct eth_addr mac)
{
    struct published_binding *pb = published_find(mac);
    const struct lnid_set *lnids;
    const char *host;

    lnids = effective_binding(mac, &host);
    if (pb
        ? (lnids && lnid_set_equals(pb->b.lnids, lnids)
           && nullable_string_is_equal(pb->b.host, host))
        : !lnids) {
        return;
    }
    if (pb) {
        hmap_remove(&published, &pb->node);
        published_binding_free(pb);
        pb = NULL;
    }
    if (lnids) {
        pb = xmalloc(sizeof *pb);
        pb->b.mac = mac;
        pb->b.lnids = lnid_set_clone(lnids);
        pb->b.host = nullable_xstrdup(host);
        hmap_insert(&published, &pb->node, hash_mac(mac, 0, 0));
    }
    if (b->n_changes >= b->allocated) {
        b->changes = x2nrealloc(b->changes, &b->allocated,
                                sizeof *b->changes);
    }
    b->changes[b->n_changes++] = (pb ? pb->b
                                  : (struct tenant_binding) { .mac = mac });
}

static const struct tenant_binding *
view_all(const struct tenant_bindings_view *view, size_t *n)
{
    struct tenant_db_bindings *b = CONTAINER_OF(view,
                                                struct tenant_db_bindings,
                                                view);
    const struct published_binding *pb;

    if (!b->all) {
        size_t i = 0;

        b->all = xmalloc((hmap_count(&published) + 1) * sizeof *b->all);
        HMAP_FOR_EACH (pb, node, &published) {
            b->all[i++] = pb->b;
        }
    }
    *n = hmap_count(&published);
    return b->all;
}

/* Brings the tenant bindings up to date with 'idl' and returns them, for
 * this reconfiguration, as the changes since the previous one (and the
 * whole set on demand).  Only the interfaces and the Tenant_Binding rows
 * that changed cost anything. */
struct tenant_db_bindings *
tenant_db_bindings_collect(struct ovsdb_idl *idl)
{
    struct tenant_db_bindings *b = xzalloc(sizeof *b);
    struct hmap old_locals = HMAP_INITIALIZER(&old_locals);
    struct mac_set touched = { NULL, 0, 0 };
    struct local_binding *lb;
    bool first = !bindings_seq;
    size_t i;

    /* Held, not just read: the reconfiguration that reads it may quiesce
     * (a flush of the datapath's flows synchronizes RCU), and the watcher
     * may replace and free the published snapshot meanwhile. */
    tenant_keys_unref(keys_now);
    keys_now = tenant_keys_ref();
    keys_version = seen_version = tenant_keys_version(keys_now);
    hmap_swap(&locals, &old_locals);
    locals_collect(idl, &locals);
    HMAP_FOR_EACH (lb, node, &old_locals) {
        mac_set_add(&touched, lb->mac);
    }
    HMAP_FOR_EACH (lb, node, &locals) {
        mac_set_add(&touched, lb->mac);
    }
    rows_update(idl, &touched);

    /* A MAC may be listed more than once: publish() does nothing the
     * second time. */
    for (i = 0; i < touched.n; i++) {
        publish(b, touched.macs[i]);
    }
    if (b->n_changes || first) {
        bindings_seq++;
    }
    free(touched.macs);
    locals_clear(&old_locals);
    hmap_destroy(&old_locals);

    b->view.seq = bindings_seq;
    b->view.changes = b->changes;
    b->view.n_changes = b->n_changes;
    b->view.all = view_all;
    return b;
}

void
tenant_db_bindings_destroy(struct tenant_db_bindings *b)
{
    tenant_keys_unref(keys_now);
    keys_now = NULL;
    if (b) {
        free(b->changes);
        free(b->all);
        free(b);
    }
}

struct tenant_bridge_config *
tenant_bridge_config_create(void)
{
    return xzalloc(sizeof(struct tenant_bridge_config));
}

static bool
same_tenant_settings(const struct tenant_port_settings *a,
                     const struct tenant_port_settings *b)
{
    return (!a->error && !b->error
            && lnid_set_equals(a->lnids, b->lnids)
            && !a->egress == !b->egress
            && lnid_set_equals(a->egress, b->egress)
            && tenant_hosts_equal(a->ingress_hosts, b->ingress_hosts)
            && a->has_vm_mac == b->has_vm_mac
            && eth_addr_equals(a->vm_mac, b->vm_mac)
            && tenant_macs_equal(a->allowed_macs, a->n_allowed_macs,
                                 b->allowed_macs, b->n_allowed_macs)
            && nullable_string_is_equal(a->allowed_refused,
                                        b->allowed_refused)
            && tenant_attached_ips_equal(&a->ips, &b->ips));
}

/* The interfaces of one Port (a bond) are one link: a frame may leave by
 * any of them (balance-tcp's lb_output lets the datapath pick, a failover
 * switches), so they need one tenant identity.  If 'ic' differs from an
 * earlier interface of its port, or either has a configuration error,
 * every interface of the port fails closed, whatever their order. */
static void
check_bond_members(struct tenant_bridge_config *tbc,
                   struct tenant_iface_config *ic)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    bool differs = false;
    size_t i;

    if (!ic->port || ic->port->n_interfaces < 2) {
        return;
    }
    for (i = 0; i < tbc->n && !differs; i++) {
        const struct tenant_iface_config *other = &tbc->ifaces[i];

        differs = (other != ic && other->port == ic->port
                   && !same_tenant_settings(&other->settings, &ic->settings));
    }
    if (!differs) {
        return;
    }
    VLOG_WARN_RL(&rl, "port %s: its interfaces have different tenant "
                 "settings: the port fails closed", ic->port->name);
    for (i = 0; i < tbc->n; i++) {
        struct tenant_iface_config *member = &tbc->ifaces[i];

        if (member->port == ic->port && !member->error) {
            member->error = xasprintf("the interfaces of port %s have "
                                      "different LNIDs or attached-macs",
                                      ic->port->name);
            member->settings.error = member->error;
            if (member != ic) {
                ovsrec_interface_set_error(member->cfg, member->error);
            }
        }
    }
}

/* True if the 'n' interfaces in 'ics', those of one port, are a bond
 * that must fail closed (see check_bond_members()). */
static bool
port_members_disagree(const struct tenant_iface_config *ics, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (!same_tenant_settings(&ics[0].settings, &ics[i].settings)) {
            return true;
        }
    }
    return false;
}

/* Reads interface 'cfg' of port 'port_cfg' (may be NULL), OpenFlow port
 * 'ofp_port', into 'ic'. */
static void
iface_config_parse(struct tenant_iface_config *ic,
                   const struct ovsrec_port *port_cfg,
                   const struct ovsrec_interface *cfg, ofp_port_t ofp_port)
{
    static struct smap no_keys = SMAP_INITIALIZER(&no_keys);
    const struct smap *keys = iface_keys(cfg);
    struct tenant_port_settings *s;
    char *mac_error;

    memset(ic, 0, sizeof *ic);
    ic->port = port_cfg;
    ic->cfg = cfg;
    s = &ic->settings;
    s->ofp_port = ofp_port;
    s->name = cfg->name;

    if (!keys) {
        /* bridge.c waits for the keys (tenant_config_ready()), so this is
         * not expected; whatever the keys say, fail closed meanwhile. */
        ic->error = xstrdup("its tenant keys are not read yet");
        keys = &no_keys;
    }
    if (!ic->error) {
        ic->error = tenant_iface_refusal(keys);
    }
    if (!ic->error) {
        ic->error = tenant_iface_parse_lnids(cfg, keys, &ic->lnids);
    }
    if (!ic->error) {
        ic->error = tenant_iface_parse_egress(keys, ic->lnids, &ic->egress);
    }
    if (!ic->error) {
        ic->error = tenant_iface_parse_ingress_hosts(keys, ic->lnids,
                                                     &ic->ingress_hosts);
    }
    s->lnids = ic->lnids;
    s->egress = ic->egress;
    s->ingress_hosts = ic->ingress_hosts;
    s->has_vm_mac = tenant_iface_parse_vm_mac(keys, &s->vm_mac, &mac_error);
    if (mac_error && !ic->error && ic->lnids) {
        ic->error = mac_error;
    } else {
        free(mac_error);
    }
    if (!ic->error) {
        ic->error = tenant_iface_parse_allowed_macs(keys, ic->lnids,
                                                    &ic->allowed);
    }
    if (!ic->error) {
        ic->error = tenant_iface_parse_attached_ips(keys, ic->lnids,
                                                    &ic->ips);
    }
    s->allowed_macs = ic->allowed.macs;
    s->n_allowed_macs = ic->allowed.n;
    s->allowed_refused = ic->allowed.refused;
    s->ips = ic->ips;
    s->error = ic->error;
}

static void
iface_config_uninit(struct tenant_iface_config *ic)
{
    lnid_set_destroy(ic->lnids);
    lnid_set_destroy(ic->egress);
    tenant_hosts_destroy(ic->ingress_hosts);
    tenant_allowed_macs_uninit(&ic->allowed);
    tenant_attached_ips_uninit(&ic->ips);
    free(ic->error);
}

/* Adds interface 'cfg' of port 'port_cfg' (may be NULL), OpenFlow port
 * 'ofp_port', to 'tbc'.  Returns the interface's tenant configuration
 * error, if any, for the caller to report in the Interface's "error"
 * column; the string is owned by 'tbc'.  An error may also be written to
 * the port's earlier interfaces (see check_bond_members()). */
const char *
tenant_bridge_config_add_iface(struct tenant_bridge_config *tbc,
                               const struct ovsrec_port *port_cfg,
                               const struct ovsrec_interface *cfg,
                               ofp_port_t ofp_port)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    struct tenant_iface_config *ic;

    if (tbc->n >= tbc->allocated) {
        tbc->ifaces = x2nrealloc(tbc->ifaces, &tbc->allocated,
                                 sizeof *tbc->ifaces);
    }
    ic = &tbc->ifaces[tbc->n++];
    iface_config_parse(ic, port_cfg, cfg, ofp_port);
    if (ic->error) {
        VLOG_WARN_RL(&rl, "interface %s: %s", cfg->name, ic->error);
    } else if (ic->allowed.refused) {
        VLOG_WARN_RL(&rl, "interface %s: these "TENANT_ALLOWED_MACS_KEY
                     " fail closed: %s", cfg->name, ic->allowed.refused);
    }
    check_bond_members(tbc, ic);
    return ic->error;
}

/* Parses a Bridge's other_config:tenant-isolation ("true", "false" or
 * absent).  Anything else is reported and taken as the default, which
 * never turns isolation off. */
static enum tenant_isolation
parse_tenant_isolation(const struct ovsrec_bridge *br_cfg)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const char *value = smap_get(&br_cfg->other_config, "tenant-isolation");

    if (!value) {
        return TENANT_ISOLATION_AUTO;
    } else if (!strcmp(value, "true")) {
        return TENANT_ISOLATION_ON;
    } else if (!strcmp(value, "false")) {
        return TENANT_ISOLATION_OFF;
    }
    VLOG_WARN_RL(&rl, "bridge %s: other_config:tenant-isolation=%s is not "
                 "\"true\" or \"false\"; ignored", br_cfg->name, value);
    return TENANT_ISOLATION_AUTO;
}

void
tenant_bridge_config_apply(const struct tenant_bridge_config *tbc,
                           const struct ovsrec_bridge *br_cfg,
                           struct ofproto *ofproto,
                           const struct tenant_db_bindings *bindings)
{
    struct tenant_port_settings *ports;
    size_t i;

    ports = xmalloc((tbc->n + 1) * sizeof *ports);
    for (i = 0; i < tbc->n; i++) {
        ports[i] = tbc->ifaces[i].settings;
    }
    ofproto_set_tenant_bindings(ofproto, &bindings->view);
    ofproto_set_tenant_policy(ofproto, &(struct tenant_bridge_settings) {
        .ports = ports,
        .n_ports = tbc->n,
        .isolation = parse_tenant_isolation(br_cfg),
    });
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
        iface_config_uninit(&tbc->ifaces[i]);
    }
    free(tbc->ifaces);
    free(tbc);
}
