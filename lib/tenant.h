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

#ifndef TENANT_H
#define TENANT_H 1

/* HostVLAN tenant isolation: LNID sets, the tenant table and the verdict.
 *
 * Model
 * =====
 *
 * A Logical Network ID (LNID) names one tenant network: an integer from 1 to
 * LNID_MAX (24 bits, the size of a VXLAN/Geneve VNI).  Every VM MAC address
 * maps to a set of LNIDs (a VM may be in several tenants), and every switch
 * port that isolates has a set of LNIDs too.  The special "global" member
 * matches every LNID: it marks uplinks, routers and DHCP servers.
 *
 * The receive filter (tenant_check()) delivers a frame to a port iff the
 * LNID set of the frame's source MAC intersects the port's set, or either
 * set is global.  A source MAC that is not in the table is never delivered.
 *
 * LNID sets
 * =========
 *
 * A "struct lnid_set" is immutable once made, so it may be shared by
 * readers freely; it is freed with lnid_set_destroy().  NULL is a valid,
 * empty set wherever a set is read.  The number of LNIDs in a set is capped
 * at LNID_SET_MAX so that configuration mistakes cannot make per-packet work
 * unbounded.
 *
 * The tenant table
 * ================
 *
 * "struct tenant_table" maps MAC addresses to LNID sets.  It is a cmap:
 *
 *    - Any number of threads may call tenant_table_lookup() concurrently
 *      with each other and with writers, without locks.  The returned set
 *      stays valid until the caller quiesces (RCU).
 *
 *    - Writers (tenant_table_set(), _delete(), _sync(), _update(),
 *      _clear()) serialize on the table's own mutex, so any thread may
 *      write.
 *
 *    - tenant_table_generation() changes on every write; a cache of verdicts
 *      may be keyed on it.
 *
 * The table holds at most its 'max_entries' bindings (TENANT_TABLE_MAX by
 * default); tenant_table_set() fails with ENOSPC beyond that, and the
 * caller must fail closed (a MAC missing from the table is dropped). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cmap.h"
#include "openvswitch/thread.h"
#include "openvswitch/types.h"
#include "ovs-atomic.h"
#include "packets.h"

struct ds;

#define LNID_MAX 0xffffff           /* Largest LNID (24 bits). */
#define LNID_SET_MAX 64             /* Most LNIDs in one set. */
#define LNID_GLOBAL_COLUMN 0        /* "global" in OVSDB integer columns. */
#define TENANT_TABLE_MAX (1u << 21) /* Default cap on tenant table size. */

struct lnid_set {
    bool global;                /* Matches every LNID. */
    uint16_t n;                 /* Number of elements in 'lnids'. */
    uint32_t lnids[];           /* Ascending, unique, 1..LNID_MAX. */
};

struct lnid_set *lnid_set_create(bool global, const uint32_t *lnids,
                                 size_t n);
struct lnid_set *lnid_set_clone(const struct lnid_set *);
void lnid_set_destroy(struct lnid_set *);

char *lnid_set_parse(const char *, struct lnid_set **)
    OVS_WARN_UNUSED_RESULT;
char *lnid_set_from_column(const int64_t *values, size_t n,
                           struct lnid_set **)
    OVS_WARN_UNUSED_RESULT;
void lnid_set_format(const struct lnid_set *, struct ds *);
char *lnid_set_to_string(const struct lnid_set *);
size_t lnid_set_to_column(const struct lnid_set *, int64_t values[]);
struct lnid_set *lnid_set_union(const struct lnid_set *,
                                const struct lnid_set *);
struct lnid_set *lnid_set_difference(const struct lnid_set *,
                                     const struct lnid_set *);
bool lnid_set_contains(const struct lnid_set *, uint32_t lnid);
bool lnid_set_is_subset(const struct lnid_set *a, const struct lnid_set *b);

bool lnid_set_is_empty(const struct lnid_set *);

bool tenant_mac_from_string(const char *, struct eth_addr *);
bool tenant_macs_contains(const struct eth_addr *macs, size_t n,
                          struct eth_addr);
bool tenant_macs_equal(const struct eth_addr *a, size_t na,
                       const struct eth_addr *b, size_t nb);
bool lnid_set_equals(const struct lnid_set *, const struct lnid_set *);
bool lnid_set_intersects_array(const struct lnid_set *, bool global,
                               const uint32_t *lnids, size_t n);
bool lnid_array_is_valid(const uint32_t *lnids, size_t n);

/* Outcome of the receive filter. */
enum tenant_verdict {
    TENANT_PASS,                /* Deliver. */
    TENANT_DROP_UNKNOWN_SRC,    /* Source MAC not in the tenant table. */
    TENANT_DROP_NO_OVERLAP,     /* No common LNID, neither side global. */
};

enum tenant_verdict tenant_check(const struct lnid_set *src_lnids,
                                 bool src_known,
                                 const struct lnid_set *port_lnids);
enum tenant_verdict tenant_check_array(const struct lnid_set *src_lnids,
                                       bool src_known, bool port_global,
                                       const uint32_t *port_lnids, size_t n);
const char *tenant_verdict_to_string(enum tenant_verdict);

/* One MAC-to-LNIDs binding.  'host' says where the MAC's VM runs, for
 * trunks that accept only the MACs of some hosts (lnid-ingress-hosts):
 * a host's name, "" for a VM on a local interface, NULL if not known.  The
 * tenant tables and the datapaths do not keep it. */
struct tenant_binding {
    struct eth_addr mac;
    struct lnid_set *lnids;
    const char *host;
};

struct tenant_table {
    struct ovs_mutex mutex;
    struct cmap entries OVS_GUARDED;    /* Contains "struct tenant_entry"s. */
    size_t max_entries;
    atomic_uint64_t generation;
};

void tenant_table_init(struct tenant_table *);
void tenant_table_destroy(struct tenant_table *);

const struct lnid_set *tenant_table_lookup(const struct tenant_table *,
                                           struct eth_addr mac,
                                           bool *found);
int tenant_table_set(struct tenant_table *, struct eth_addr mac,
                     const struct lnid_set *) OVS_WARN_UNUSED_RESULT;
bool tenant_table_delete(struct tenant_table *, struct eth_addr mac);
void tenant_table_clear(struct tenant_table *);
/* Called by tenant_table_sync() and _update() for each change: 'lnids' is
 * the new
 * binding of 'mac', or NULL if 'mac' was removed. */
typedef void tenant_table_change_cb(void *aux, struct eth_addr mac,
                                    const struct lnid_set *lnids);
int tenant_table_sync(struct tenant_table *,
                      const struct tenant_binding *, size_t n,
                      bool *changed, tenant_table_change_cb *, void *aux);
int tenant_table_update(struct tenant_table *,
                        const struct tenant_binding *changes, size_t n,
                        bool *changed, tenant_table_change_cb *, void *aux);
size_t tenant_table_count(const struct tenant_table *);
uint64_t tenant_table_generation(const struct tenant_table *);
struct tenant_binding *tenant_table_dump(const struct tenant_table *,
                                         size_t *n);
void tenant_bindings_format(const struct tenant_binding *, size_t n,
                            struct ds *);
void tenant_bindings_destroy(struct tenant_binding *, size_t n);

#endif /* tenant.h */
