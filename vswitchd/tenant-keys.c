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
#include "tenant-keys.h"

#include "coverage.h"
#include "hash.h"
#include "latch.h"
#include "openvswitch/hmap.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "ovsdb-idl.h"
#include "seq.h"
#include "smap.h"
#include "tenant-iface.h"
#include "util.h"
#include "uuid.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenant_keys);

/* Snapshots published: each a change of tenant keys, Interfaces or
 * next_cfg. */
COVERAGE_DEFINE(tenant_keys_published);

/* One Interface's tenant keys. */
struct tenant_keys_row {
    struct hmap_node node;          /* In "struct tenant_keys" 'rows'. */
    struct uuid uuid;
    struct smap keys;
};

/* What the watcher saw, at one moment.  Immutable once published. */
struct tenant_keys {
    struct hmap rows;               /* "struct tenant_keys_row"s by UUID. */
    int64_t next_cfg;               /* Open_vSwitch next_cfg, 0 if none. */
    uint64_t version;               /* Increases with each snapshot. */
    struct ovs_refcount ref_cnt;    /* 'published' and tenant_keys_ref(). */
};

static OVSRCU_TYPE(struct tenant_keys *) published;
static struct seq *published_seq;   /* Changes when 'published' does. */
static struct latch exit_latch;
static pthread_t watcher;

/* For tests (tenant/hold-keys): while set, the watcher publishes nothing,
 * as if its connection lagged; 'hold_seq' wakes it when released. */
static atomic_bool held = false;
static struct seq *hold_seq;
static bool started;

static struct tenant_keys_row *
rows_find(const struct hmap *rows, const struct uuid *uuid)
{
    struct tenant_keys_row *row;

    HMAP_FOR_EACH_WITH_HASH (row, node, uuid_hash(uuid), rows) {
        if (uuid_equals(&row->uuid, uuid)) {
            return row;
        }
    }
    return NULL;
}

static void
rows_add(struct hmap *rows, const struct uuid *uuid, const struct smap *keys)
{
    struct tenant_keys_row *row = xmalloc(sizeof *row);

    row->uuid = *uuid;
    smap_clone(&row->keys, keys);
    hmap_insert(rows, &row->node, uuid_hash(uuid));
}

static void
rows_remove(struct hmap *rows, struct tenant_keys_row *row)
{
    hmap_remove(rows, &row->node);
    smap_destroy(&row->keys);
    free(row);
}

static void
snapshot_destroy(struct tenant_keys *snap)
{
    struct tenant_keys_row *row;

    HMAP_FOR_EACH_SAFE (row, node, &snap->rows) {
        rows_remove(&snap->rows, row);
    }
    hmap_destroy(&snap->rows);
    free(snap);
}

static void
snapshot_unref(struct tenant_keys *snap)
{
    if (snap && ovs_refcount_unref(&snap->ref_cnt) == 1) {
        snapshot_destroy(snap);
    }
}

/* Publishes a copy of 'rows' and 'next_cfg' for the main thread. */
static void
publish(const struct hmap *rows, int64_t next_cfg)
{
    static uint64_t version;
    struct tenant_keys *snap = xmalloc(sizeof *snap);
    struct tenant_keys *old;
    struct tenant_keys_row *row;

    hmap_init(&snap->rows);
    hmap_reserve(&snap->rows, hmap_count(rows));
    HMAP_FOR_EACH (row, node, rows) {
        rows_add(&snap->rows, &row->uuid, &row->keys);
    }
    snap->next_cfg = next_cfg;
    snap->version = ++version;
    ovs_refcount_init(&snap->ref_cnt);

    old = ovsrcu_get_protected(struct tenant_keys *, &published);
    ovsrcu_set(&published, snap);
    if (old) {
        ovsrcu_postpone(snapshot_unref, old);
    }
    COVERAGE_INC(tenant_keys_published);
    VLOG_DBG("snapshot %"PRIu64": %"PRIuSIZE" interfaces, next_cfg %"PRId64,
             snap->version, hmap_count(&snap->rows), snap->next_cfg);
    seq_change(published_seq);
}

/* Brings 'rows' up to date with the changes 'idl' tracked.  Returns true
 * if that changed anything.  A row is looked up again by UUID rather than
 * trusted as inserted or deleted, since a reconnection may report a row
 * both deleted (the old copy) and inserted (the new one). */
static bool
rows_update(struct ovsdb_idl *idl, struct hmap *rows)
{
    const struct ovsrec_interface *tracked;
    bool changed = false;

    OVSREC_INTERFACE_FOR_EACH_TRACKED (tracked, idl) {
        const struct uuid *uuid = &tracked->header_.uuid;
        const struct ovsrec_interface *cfg
            = ovsrec_interface_get_for_uuid(idl, uuid);
        struct tenant_keys_row *row = rows_find(rows, uuid);
        struct smap keys = SMAP_INITIALIZER(&keys);

        if (cfg) {
            tenant_iface_get_keys(&cfg->external_ids, &keys);
        }
        if (!cfg && row) {
            rows_remove(rows, row);
            changed = true;
        } else if (cfg && !row) {
            rows_add(rows, uuid, &keys);
            changed = true;
        } else if (cfg && !smap_equal(&keys, &row->keys)) {
            smap_destroy(&row->keys);
            smap_clone(&row->keys, &keys);
            changed = true;
        }
        smap_destroy(&keys);
    }
    ovsdb_idl_track_clear(idl);
    return changed;
}

static void *
tenant_keys_main(void *remote)
{
    struct ovsdb_idl *idl;
    struct hmap rows = HMAP_INITIALIZER(&rows);
    unsigned int seqno = 0;
    int64_t next_cfg = -1;

    /* Its connection's messages ("connecting...", "connected") then read
     * as those of bridge.c's own connection to the same database, which
     * upstream's tests and anyone watching the log already expect. */
    set_subprogram_name("");
    idl = ovsdb_idl_create(remote, &ovsrec_idl_class, false, true);
    ovsdb_idl_add_table(idl, &ovsrec_table_interface);
    ovsdb_idl_add_column(idl, &ovsrec_interface_col_external_ids);
    ovsdb_idl_track_add_column(idl, &ovsrec_interface_col_external_ids);
    /* The IDL tracks an inserted row only if a tracked column differs from
     * its default, which an empty external_ids does not; a name does. */
    ovsdb_idl_add_column(idl, &ovsrec_interface_col_name);
    ovsdb_idl_track_add_column(idl, &ovsrec_interface_col_name);
    ovsdb_idl_add_table(idl, &ovsrec_table_open_vswitch);
    ovsdb_idl_add_column(idl, &ovsrec_open_vswitch_col_next_cfg);

    while (!latch_is_set(&exit_latch)) {
        uint64_t hold_seqno = seq_read(hold_seq);
        bool hold;

        ovsdb_idl_run(idl);
        atomic_read(&held, &hold);
        if (!hold && ovsdb_idl_get_seqno(idl) != seqno
            && ovsdb_idl_has_ever_connected(idl)) {
            const struct ovsrec_open_vswitch *ovs;
            bool changed = rows_update(idl, &rows);
            int64_t cfg;

            seqno = ovsdb_idl_get_seqno(idl);
            ovs = ovsrec_open_vswitch_first(idl);
            cfg = ovs ? ovs->next_cfg : 0;
            if (changed || cfg != next_cfg) {
                next_cfg = cfg;
                publish(&rows, next_cfg);
            }
        }
        ovsdb_idl_wait(idl);
        latch_wait(&exit_latch);
        seq_wait(hold_seq, hold_seqno);
        poll_block();
    }

    ovsdb_idl_destroy(idl);
    struct tenant_keys_row *row;
    HMAP_FOR_EACH_SAFE (row, node, &rows) {
        rows_remove(&rows, row);
    }
    hmap_destroy(&rows);
    free(remote);
    return NULL;
}

/* For tests: while 'hold' is true, the watcher publishes no change, so
 * that bridge.c waits for the keys as it would behind a slow connection. */
void
tenant_keys_hold(bool hold)
{
    atomic_store(&held, hold);
    if (hold_seq) {
        seq_change(hold_seq);
    }
}

/* Starts watching the tenant keys of the database at 'remote' (bridge.c's
 * own remote). */
void
tenant_keys_start(const char *remote)
{
    ovs_assert(!started);
    started = true;
    published_seq = seq_create();
    hold_seq = seq_create();
    latch_init(&exit_latch);
    watcher = ovs_thread_create("tenant_keys", tenant_keys_main,
                                xstrdup(remote));
}

void
tenant_keys_stop(void)
{
    struct tenant_keys *snap;

    if (!started) {
        return;
    }
    latch_set(&exit_latch);
    xpthread_join(watcher, NULL);
    latch_destroy(&exit_latch);
    snap = ovsrcu_get_protected(struct tenant_keys *, &published);
    ovsrcu_set(&published, NULL);
    if (snap) {
        ovsrcu_postpone(snapshot_unref, snap);
    }
    seq_destroy(published_seq);
    seq_destroy(hold_seq);
    hold_seq = NULL;
    started = false;
}

/* The latest snapshot, NULL before the first.  It stays valid until the
 * caller quiesces. */
const struct tenant_keys *
tenant_keys_get(void)
{
    return ovsrcu_get(struct tenant_keys *, &published);
}

/* The latest snapshot, NULL before the first, held until
 * tenant_keys_unref(): for a caller that may quiesce while it reads it
 * (bridge_reconfigure() does, when a change flushes the datapath's flows
 * with ovsrcu_synchronize()). */
const struct tenant_keys *
tenant_keys_ref(void)
{
    struct tenant_keys *snap = ovsrcu_get(struct tenant_keys *, &published);

    /* Not quiescent since ovsrcu_get(): 'published''s reference, dropped
     * only after a grace period, is still there. */
    if (snap) {
        ovs_refcount_ref(&snap->ref_cnt);
    }
    return snap;
}

void
tenant_keys_unref(const struct tenant_keys *snap)
{
    snapshot_unref(CONST_CAST(struct tenant_keys *, snap));
}

/* A number that increases with each snapshot, 0 for none. */
uint64_t
tenant_keys_version(const struct tenant_keys *snap)
{
    return snap ? snap->version : 0;
}

/* The tenant keys of the Interface with 'uuid' in 'snap', NULL if the
 * watcher has not seen it (yet). */
const struct smap *
tenant_keys_find(const struct tenant_keys *snap, const struct uuid *uuid)
{
    const struct tenant_keys_row *row = (snap ? rows_find(&snap->rows, uuid)
                                         : NULL);

    return row ? &row->keys : NULL;
}

/* True if 'snap' is at least as recent as the view of 'idl' (bridge.c's)
 * with 'next_cfg': it has seen that next_cfg and every Interface that
 * 'idl' has. */
bool
tenant_keys_cover(const struct tenant_keys *snap,
                  const struct ovsdb_idl *idl, int64_t next_cfg)
{
    const struct ovsrec_interface *cfg;

    if (!snap || snap->next_cfg < next_cfg) {
        return false;
    }
    OVSREC_INTERFACE_FOR_EACH (cfg, idl) {
        if (!rows_find(&snap->rows, &cfg->header_.uuid)) {
            return false;
        }
    }
    return true;
}

/* Wakes the caller when a snapshot other than the one of 'version' is
 * published. */
void
tenant_keys_wait(uint64_t version)
{
    if (!started) {
        return;
    }
    uint64_t seq = seq_read(published_seq);
    if (tenant_keys_version(tenant_keys_get()) != version) {
        poll_immediate_wake();
    } else {
        seq_wait(published_seq, seq);
    }
}
