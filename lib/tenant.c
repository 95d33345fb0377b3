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
#include "tenant.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/util.h"
#include "ovs-rcu.h"
#include "util.h"

/* A binding.  Its LNID set follows it in the same allocation (see
 * entry_lnids()), which keeps a binding of one LNID in 24 bytes plus its
 * share of the cmap: memory per binding matters at a million bindings. */
struct tenant_entry {
    struct cmap_node node;      /* In tenant_table's 'entries'. */
    struct eth_addr mac;
    bool has_lnids;             /* False: empty set. */
    /* struct lnid_set follows, if 'has_lnids'. */
};

static const struct lnid_set *
entry_lnids(const struct tenant_entry *entry)
{
    return (entry->has_lnids
            ? ALIGNED_CAST(const struct lnid_set *, entry + 1) : NULL);
}

static size_t
lnid_set_size(const struct lnid_set *set)
{
    return sizeof *set + set->n * sizeof set->lnids[0];
}

static struct tenant_entry *
tenant_entry_create(struct eth_addr mac, const struct lnid_set *lnids)
{
    size_t size = lnids ? lnid_set_size(lnids) : 0;
    struct tenant_entry *entry = xmalloc(sizeof *entry + size);

    BUILD_ASSERT_DECL(sizeof(struct tenant_entry) % 4 == 0);
    entry->mac = mac;
    entry->has_lnids = lnids != NULL;
    if (lnids) {
        memcpy(entry + 1, lnids, size);
    }
    return entry;
}

/* LNID sets. */

static int
compare_lnids(const void *a_, const void *b_)
{
    uint32_t a = *(const uint32_t *) a_;
    uint32_t b = *(const uint32_t *) b_;

    return a < b ? -1 : a > b;
}

/* Returns a new set of 'global' and the 'n' LNIDs in 'lnids', which may be
 * unsorted and hold duplicates.  The caller must have checked that each LNID
 * is in 1..LNID_MAX and that there are at most LNID_SET_MAX of them. */
struct lnid_set *
lnid_set_create(bool global, const uint32_t *lnids, size_t n)
{
    struct lnid_set *set;
    size_t i;

    ovs_assert(n <= LNID_SET_MAX);
    set = xmalloc(sizeof *set + n * sizeof set->lnids[0]);
    set->global = global;
    set->n = 0;
    if (n) {
        memcpy(set->lnids, lnids, n * sizeof set->lnids[0]);
        qsort(set->lnids, n, sizeof set->lnids[0], compare_lnids);
        for (i = 0; i < n; i++) {
            ovs_assert(set->lnids[i] >= 1 && set->lnids[i] <= LNID_MAX);
            if (!set->n || set->lnids[set->n - 1] != set->lnids[i]) {
                set->lnids[set->n++] = set->lnids[i];
            }
        }
    }
    return set;
}

struct lnid_set *
lnid_set_clone(const struct lnid_set *set)
{
    return set ? xmemdup(set, lnid_set_size(set)) : NULL;
}

void
lnid_set_destroy(struct lnid_set *set)
{
    free(set);
}

/* Parses 's', a comma-separated list of LNIDs (decimal, 1..LNID_MAX) and
 * the word "global", as users write it in external_ids:lnid.  On success,
 * stores a new set in '*setp' and returns NULL.  On failure, stores NULL in
 * '*setp' and returns a malloc()'d error message. */
char *
lnid_set_parse(const char *s, struct lnid_set **setp)
{
    uint32_t lnids[LNID_SET_MAX];
    bool global = false;
    size_t n = 0;
    const char *p = s;

    *setp = NULL;
    for (;;) {
        size_t len = strcspn(p, ",");

        if (len == 0) {
            return xasprintf("invalid LNID list \"%s\": empty element", s);
        } else if (len == strlen("global") && !strncmp(p, "global", len)) {
            global = true;
        } else {
            unsigned long long int value = 0;
            size_t i;

            for (i = 0; i < len; i++) {
                if (p[i] < '0' || p[i] > '9' || i >= 9) {
                    return xasprintf("invalid LNID \"%.*s\" in \"%s\": "
                                     "LNIDs are integers from 1 to %d or "
                                     "\"global\"", (int) len, p, s, LNID_MAX);
                }
                value = value * 10 + (p[i] - '0');
            }
            if (value < 1 || value > LNID_MAX) {
                return xasprintf("LNID %llu in \"%s\" is out of range "
                                 "1 to %d", value, s, LNID_MAX);
            }
            if (n >= LNID_SET_MAX) {
                return xasprintf("too many LNIDs in \"%s\" (at most %d)",
                                 s, LNID_SET_MAX);
            }
            lnids[n++] = value;
        }
        if (!p[len]) {
            break;
        }
        p += len + 1;
    }
    *setp = lnid_set_create(global, lnids, n);
    return NULL;
}

/* Makes a set from the 'n' integers in 'values', as stored in an OVSDB
 * column, where LNID_GLOBAL_COLUMN stands for "global".  Same conventions
 * as lnid_set_parse(). */
char *
lnid_set_from_column(const int64_t *values, size_t n, struct lnid_set **setp)
{
    uint32_t lnids[LNID_SET_MAX];
    bool global = false;
    size_t n_lnids = 0;
    size_t i;

    *setp = NULL;
    for (i = 0; i < n; i++) {
        if (values[i] == LNID_GLOBAL_COLUMN) {
            global = true;
        } else if (values[i] < 1 || values[i] > LNID_MAX) {
            return xasprintf("LNID %"PRId64" is out of range 1 to %d "
                             "(%d means global)", values[i], LNID_MAX,
                             LNID_GLOBAL_COLUMN);
        } else if (n_lnids >= LNID_SET_MAX) {
            return xasprintf("too many LNIDs (at most %d)", LNID_SET_MAX);
        } else {
            lnids[n_lnids++] = values[i];
        }
    }
    *setp = lnid_set_create(global, lnids, n_lnids);
    return NULL;
}

/* Returns 'set' as lnid_set_format() writes it, in a malloc()'d string. */
char *
lnid_set_to_string(const struct lnid_set *set)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    lnid_set_format(set, &s);
    return ds_steal_cstr(&s);
}

/* Stores 'set' in 'values' as an OVSDB integer column: LNID_GLOBAL_COLUMN
 * for "global", then the LNIDs in ascending order.  'values' must have
 * room for LNID_SET_MAX + 1 elements.  Returns the number stored. */
size_t
lnid_set_to_column(const struct lnid_set *set, int64_t values[])
{
    size_t n = 0;
    size_t i;

    if (set) {
        if (set->global) {
            values[n++] = LNID_GLOBAL_COLUMN;
        }
        for (i = 0; i < set->n; i++) {
            values[n++] = set->lnids[i];
        }
    }
    return n;
}

/* Returns a new set of the LNIDs in 'a' or 'b', or NULL if that would be
 * more than LNID_SET_MAX LNIDs. */
struct lnid_set *
lnid_set_union(const struct lnid_set *a, const struct lnid_set *b)
{
    uint32_t lnids[2 * LNID_SET_MAX];
    size_t n = 0, i;

    for (i = 0; a && i < a->n; i++) {
        lnids[n++] = a->lnids[i];
    }
    for (i = 0; b && i < b->n; i++) {
        if (!lnid_set_contains(a, b->lnids[i])) {
            lnids[n++] = b->lnids[i];
        }
    }
    return (n <= LNID_SET_MAX
            ? lnid_set_create((a && a->global) || (b && b->global), lnids, n)
            : NULL);
}

/* Returns a new set of the LNIDs in 'a' but not in 'b'. */
struct lnid_set *
lnid_set_difference(const struct lnid_set *a, const struct lnid_set *b)
{
    uint32_t lnids[LNID_SET_MAX];
    size_t n = 0, i;

    for (i = 0; a && i < a->n; i++) {
        if (!lnid_set_contains(b, a->lnids[i])) {
            lnids[n++] = a->lnids[i];
        }
    }
    return lnid_set_create(a && a->global && !(b && b->global), lnids, n);
}

/* True if 'b' lets through everything 'a' does, as a source's or a port's
 * set: every LNID of 'a' is in 'b', or 'b' is global (which matches every
 * LNID). */
bool
lnid_set_is_subset(const struct lnid_set *a, const struct lnid_set *b)
{
    size_t i;

    if (lnid_set_is_empty(a) || (b && b->global)) {
        return true;
    }
    if (a->global) {
        return false;
    }
    for (i = 0; i < a->n; i++) {
        if (!lnid_set_contains(b, a->lnids[i])) {
            return false;
        }
    }
    return true;
}

/* True if the 'n' LNIDs in 'lnids' are as datapaths carry a set's: at
 * most LNID_SET_MAX, each 1 to LNID_MAX, strictly ascending.  Arrays from
 * outside (a netlink message) must pass before lnid_set_create() sees
 * them. */
bool
lnid_array_is_valid(const uint32_t *lnids, size_t n)
{
    if (n > LNID_SET_MAX) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (lnids[i] < 1 || lnids[i] > LNID_MAX
            || (i && lnids[i] <= lnids[i - 1])) {
            return false;
        }
    }
    return true;
}

/* Parses 's' into '*mac' and returns true if it is a MAC a VM can have
 * (unicast, not all-zeros): the only MACs that bindings bind. */
bool
tenant_mac_from_string(const char *s, struct eth_addr *mac)
{
    return (eth_addr_from_string(s, mac) && !eth_addr_is_multicast(*mac)
            && !eth_addr_is_zero(*mac));
}

static int
compare_macs(const void *a, const void *b)
{
    return memcmp(a, b, sizeof(struct eth_addr));
}

/* True if 'mac' is among the 'n' ascending MACs in 'macs'. */
bool
tenant_macs_contains(const struct eth_addr *macs, size_t n,
                     struct eth_addr mac)
{
    return n && bsearch(&mac, macs, n, sizeof *macs, compare_macs);
}

/* True if the 'na' ascending MACs in 'a' are the 'nb' ones in 'b'. */
bool
tenant_macs_equal(const struct eth_addr *a, size_t na,
                  const struct eth_addr *b, size_t nb)
{
    return na == nb && (!na || !memcmp(a, b, na * sizeof *a));
}

/* True if 'set' holds 'lnid' itself (not just through "global"). */
bool
lnid_set_contains(const struct lnid_set *set, uint32_t lnid)
{
    return set && bsearch(&lnid, set->lnids, set->n, sizeof set->lnids[0],
                          compare_lnids);
}

/* Appends 'set' to 's' in the syntax lnid_set_parse() reads: "global"
 * first, then LNIDs in ascending order; the empty set is "none". */
void
lnid_set_format(const struct lnid_set *set, struct ds *s)
{
    size_t i;

    if (lnid_set_is_empty(set)) {
        ds_put_cstr(s, "none");
        return;
    }
    if (set->global) {
        ds_put_cstr(s, "global");
    }
    for (i = 0; i < set->n; i++) {
        if (i || set->global) {
            ds_put_char(s, ',');
        }
        ds_put_format(s, "%"PRIu32, set->lnids[i]);
    }
}

bool
lnid_set_is_empty(const struct lnid_set *set)
{
    return !set || (!set->global && !set->n);
}

bool
lnid_set_equals(const struct lnid_set *a, const struct lnid_set *b)
{
    if (lnid_set_is_empty(a) || lnid_set_is_empty(b)) {
        return lnid_set_is_empty(a) && lnid_set_is_empty(b);
    }
    return a->global == b->global && a->n == b->n
           && !memcmp(a->lnids, b->lnids, a->n * sizeof a->lnids[0]);
}

/* True if 'a' and the set of 'global' and the 'n' ascending LNIDs in
 * 'lnids' share an LNID, or either is global and the other is not empty.
 * A merge of two sorted arrays: O(|a| + n), no allocation. */
bool
lnid_set_intersects_array(const struct lnid_set *a, bool global,
                          const uint32_t *lnids, size_t n)
{
    size_t i = 0, j = 0;

    if (lnid_set_is_empty(a) || (!global && !n)) {
        return false;
    }
    if (a->global || global) {
        return true;
    }
    while (i < a->n && j < n) {
        if (a->lnids[i] == lnids[j]) {
            return true;
        } else if (a->lnids[i] < lnids[j]) {
            i++;
        } else {
            j++;
        }
    }
    return false;
}

/* The receive filter: may a frame whose source MAC has 'src_lnids' (if
 * 'src_known', else the MAC is not in the tenant table) be delivered to a
 * port whose set is 'port_lnids'? */
enum tenant_verdict
tenant_check(const struct lnid_set *src_lnids, bool src_known,
             const struct lnid_set *port_lnids)
{
    return (lnid_set_is_empty(port_lnids)
            ? tenant_check_array(src_lnids, src_known, false, NULL, 0)
            : tenant_check_array(src_lnids, src_known, port_lnids->global,
                                 port_lnids->lnids, port_lnids->n));
}

/* The same, with the port's set given as 'port_global' and the 'n'
 * ascending LNIDs in 'port_lnids', as a datapath action carries it. */
enum tenant_verdict
tenant_check_array(const struct lnid_set *src_lnids, bool src_known,
                   bool port_global, const uint32_t *port_lnids, size_t n)
{
    if (!src_known) {
        return TENANT_DROP_UNKNOWN_SRC;
    }
    return (lnid_set_intersects_array(src_lnids, port_global, port_lnids, n)
            ? TENANT_PASS : TENANT_DROP_NO_OVERLAP);
}

const char *
tenant_verdict_to_string(enum tenant_verdict verdict)
{
    switch (verdict) {
    case TENANT_PASS:
        return "pass";
    case TENANT_DROP_UNKNOWN_SRC:
        return "drop: source MAC not in tenant table";
    case TENANT_DROP_NO_OVERLAP:
        return "drop: no common LNID";
    }
    return "unknown";
}

/* The tenant table. */

static uint32_t
hash_tenant_mac(struct eth_addr mac)
{
    return hash_mac(mac, 0, 0);
}

void
tenant_table_init(struct tenant_table *table)
{
    ovs_mutex_init(&table->mutex);
    cmap_init(&table->entries);
    table->max_entries = TENANT_TABLE_MAX;
    atomic_init(&table->generation, 0);
}

static void
tenant_entry_free(struct tenant_entry *entry)
{
    free(entry);
}

void
tenant_table_destroy(struct tenant_table *table)
{
    if (table) {
        tenant_table_clear(table);
        cmap_destroy(&table->entries);
        ovs_mutex_destroy(&table->mutex);
    }
}

static struct tenant_entry *
tenant_table_find(const struct tenant_table *table, struct eth_addr mac)
{
    struct tenant_entry *entry;

    CMAP_FOR_EACH_WITH_HASH (entry, node, hash_tenant_mac(mac),
                             &table->entries) {
        if (eth_addr_equals(entry->mac, mac)) {
            return entry;
        }
    }
    return NULL;
}

/* Returns the LNID set bound to 'mac' (NULL for the empty set) and sets
 * '*found' to whether 'mac' is in 'table' at all.  Lock-free; the set is
 * valid until the caller quiesces. */
const struct lnid_set *
tenant_table_lookup(const struct tenant_table *table, struct eth_addr mac,
                    bool *found)
{
    const struct tenant_entry *entry = tenant_table_find(table, mac);

    *found = entry != NULL;
    return entry ? entry_lnids(entry) : NULL;
}

static void
tenant_table_changed(struct tenant_table *table)
{
    uint64_t orig;

    atomic_add(&table->generation, 1, &orig);
}

static int
tenant_table_set__(struct tenant_table *table, struct eth_addr mac,
                   const struct lnid_set *lnids, bool *changed,
                   tenant_table_change_cb *cb, void *aux)
    OVS_REQUIRES(table->mutex)
{
    struct tenant_entry *old = tenant_table_find(table, mac);
    struct tenant_entry *new;

    if (old && lnid_set_equals(entry_lnids(old), lnids)) {
        return 0;
    }
    if (!old && cmap_count(&table->entries) >= table->max_entries) {
        return ENOSPC;
    }

    new = tenant_entry_create(mac, lnids);
    if (old) {
        cmap_replace(&table->entries, &old->node, &new->node,
                     hash_tenant_mac(mac));
        ovsrcu_postpone(tenant_entry_free, old);
    } else {
        cmap_insert(&table->entries, &new->node, hash_tenant_mac(mac));
    }
    *changed = true;
    if (cb) {
        cb(aux, mac, entry_lnids(new));
    }
    return 0;
}

/* Binds 'mac' to 'lnids' (copied) in 'table', replacing any previous
 * binding.  Returns 0 or ENOSPC if 'table' is full. */
int
tenant_table_set(struct tenant_table *table, struct eth_addr mac,
                 const struct lnid_set *lnids)
{
    bool changed = false;
    int error;

    ovs_mutex_lock(&table->mutex);
    error = tenant_table_set__(table, mac, lnids, &changed, NULL, NULL);
    if (changed) {
        tenant_table_changed(table);
    }
    ovs_mutex_unlock(&table->mutex);
    return error;
}

static void
tenant_table_remove__(struct tenant_table *table, struct tenant_entry *entry)
    OVS_REQUIRES(table->mutex)
{
    cmap_remove(&table->entries, &entry->node, hash_tenant_mac(entry->mac));
    ovsrcu_postpone(tenant_entry_free, entry);
}

/* Removes 'mac' from 'table'.  Returns true if it was there. */
bool
tenant_table_delete(struct tenant_table *table, struct eth_addr mac)
{
    struct tenant_entry *entry;

    ovs_mutex_lock(&table->mutex);
    entry = tenant_table_find(table, mac);
    if (entry) {
        tenant_table_remove__(table, entry);
        tenant_table_changed(table);
    }
    ovs_mutex_unlock(&table->mutex);
    return entry != NULL;
}

void
tenant_table_clear(struct tenant_table *table)
{
    struct tenant_entry *entry;

    ovs_mutex_lock(&table->mutex);
    if (cmap_count(&table->entries)) {
        CMAP_FOR_EACH (entry, node, &table->entries) {
            tenant_table_remove__(table, entry);
        }
        tenant_table_changed(table);
    }
    ovs_mutex_unlock(&table->mutex);
}

struct mac_node {
    struct hmap_node node;
    struct eth_addr mac;
};

/* Makes 'table' hold exactly the 'n' bindings in 'bindings' (a MAC listed
 * twice keeps its last binding), touching only entries that differ, so that
 * readers never see a binding that is in neither the old nor the new set.
 * Sets '*changed' to whether anything changed and, if 'cb' is nonnull,
 * calls it for each change, under the table's mutex.  Returns 0, or ENOSPC
 * if not all bindings fit: the table then holds the ones that did, and the
 * caller must report it. */
int
tenant_table_sync(struct tenant_table *table,
                  const struct tenant_binding *bindings, size_t n,
                  bool *changed, tenant_table_change_cb *cb, void *aux)
{
    struct tenant_entry *entry;
    struct hmap wanted = HMAP_INITIALIZER(&wanted);
    struct mac_node *mac_nodes = xmalloc(n * sizeof *mac_nodes);
    int error = 0;
    size_t i;

    *changed = false;
    for (i = 0; i < n; i++) {
        mac_nodes[i].mac = bindings[i].mac;
        hmap_insert(&wanted, &mac_nodes[i].node,
                    hash_tenant_mac(bindings[i].mac));
    }

    ovs_mutex_lock(&table->mutex);
    CMAP_FOR_EACH (entry, node, &table->entries) {
        const struct mac_node *m;
        bool keep = false;

        HMAP_FOR_EACH_WITH_HASH (m, node, hash_tenant_mac(entry->mac),
                                 &wanted) {
            if (eth_addr_equals(m->mac, entry->mac)) {
                keep = true;
                break;
            }
        }
        if (!keep) {
            if (cb) {
                cb(aux, entry->mac, NULL);
            }
            tenant_table_remove__(table, entry);
            *changed = true;
        }
    }
    for (i = 0; i < n; i++) {
        int retval = tenant_table_set__(table, bindings[i].mac,
                                        bindings[i].lnids, changed, cb, aux);
        if (retval) {
            error = retval;
        }
    }
    if (*changed) {
        tenant_table_changed(table);
    }
    ovs_mutex_unlock(&table->mutex);

    hmap_destroy(&wanted);
    free(mac_nodes);
    return error;
}

/* Applies the 'n' bindings in 'changes' to 'table': each binds its MAC to
 * its LNIDs or, if its 'lnids' is NULL, removes the MAC.  Costs what the
 * changes cost, whatever the size of 'table', which is what lets one
 * binding change among a million be cheap.  '*changed', 'cb' and the return
 * value are as for tenant_table_sync(). */
int
tenant_table_update(struct tenant_table *table,
                    const struct tenant_binding *changes, size_t n,
                    bool *changed, tenant_table_change_cb *cb, void *aux)
{
    int error = 0;
    size_t i;

    *changed = false;
    ovs_mutex_lock(&table->mutex);
    for (i = 0; i < n; i++) {
        struct eth_addr mac = changes[i].mac;

        if (changes[i].lnids) {
            int retval = tenant_table_set__(table, mac, changes[i].lnids,
                                            changed, cb, aux);
            if (retval) {
                error = retval;
            }
        } else {
            struct tenant_entry *entry = tenant_table_find(table, mac);

            if (entry) {
                if (cb) {
                    cb(aux, mac, NULL);
                }
                tenant_table_remove__(table, entry);
                *changed = true;
            }
        }
    }
    if (*changed) {
        tenant_table_changed(table);
    }
    ovs_mutex_unlock(&table->mutex);
    return error;
}

size_t
tenant_table_count(const struct tenant_table *table)
{
    return cmap_count(&table->entries);
}

uint64_t
tenant_table_generation(const struct tenant_table *table)
{
    uint64_t generation;

    /* Acquire: whoever sees a generation also sees the table changes that
     * preceded it, so a verdict computed after reading it is current. */
    atomic_read_explicit(&CONST_CAST(struct tenant_table *, table)->generation,
                         &generation, memory_order_acquire);
    return generation;
}

static int
compare_bindings(const void *a_, const void *b_)
{
    const struct tenant_binding *a = a_;
    const struct tenant_binding *b = b_;

    return memcmp(&a->mac, &b->mac, sizeof a->mac);
}

/* Returns a copy of every binding in 'table', sorted by MAC, and stores
 * their number in '*n'.  Free with tenant_bindings_destroy(). */
struct tenant_binding *
tenant_table_dump(const struct tenant_table *table_, size_t *n)
{
    struct tenant_table *table = CONST_CAST(struct tenant_table *, table_);
    struct tenant_binding *bindings;
    struct tenant_entry *entry;
    size_t i = 0;

    ovs_mutex_lock(&table->mutex);
    bindings = xmalloc((cmap_count(&table->entries) + 1) * sizeof *bindings);
    CMAP_FOR_EACH (entry, node, &table->entries) {
        bindings[i].mac = entry->mac;
        bindings[i].lnids = lnid_set_clone(entry_lnids(entry));
        bindings[i].host = NULL;
        i++;
    }
    ovs_mutex_unlock(&table->mutex);

    qsort(bindings, i, sizeof *bindings, compare_bindings);
    *n = i;
    return bindings;
}

/* Appends the 'n' bindings in 'bindings' to 's', one "MAC lnid LNIDS" line
 * each. */
void
tenant_bindings_format(const struct tenant_binding *bindings, size_t n,
                       struct ds *s)
{
    size_t i;

    for (i = 0; i < n; i++) {
        ds_put_format(s, ETH_ADDR_FMT" lnid ",
                      ETH_ADDR_ARGS(bindings[i].mac));
        lnid_set_format(bindings[i].lnids, s);
        ds_put_char(s, '\n');
    }
}

void
tenant_bindings_destroy(struct tenant_binding *bindings, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        lnid_set_destroy(bindings[i].lnids);
    }
    free(bindings);
}
