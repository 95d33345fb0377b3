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
#include "tenant-db.h"

#include <stdlib.h>
#include <string.h>
#include "hostvlan-idl.h"
#include "ovsdb-data.h"
#include "tenant.h"
#include "util.h"
#include "uuid.h"

/* True if binding 'b''s requested_hosts name 'host'. */
bool
hostvlan_binding_requests(const struct hvrec_binding *b, const char *host)
{
    for (size_t i = 0; i < b->n_requested_hosts; i++) {
        if (!strcmp(b->requested_hosts[i], host)) {
            return true;
        }
    }
    return false;
}

/* Returns the LNIDs of Binding 'b', for the caller to free; NULL if none.
 * The schema keeps the column valid: 1 to LNID_SET_MAX + 1 values, each an
 * LNID or 0 for global. */
struct lnid_set *
tenant_db_binding_lnids(const struct hvrec_binding *b)
{
    struct lnid_set *lnids;
    char *error = lnid_set_from_column(b->lnid, b->n_lnid, &lnids);

    ovs_assert(!error);
    return lnids;
}

/* Writes 'set' (NULL: none) into Binding 'b''s "lnid" column. */
void
tenant_db_binding_set_lnids(const struct hvrec_binding *b,
                            const struct lnid_set *set)
{
    int64_t values[LNID_SET_MAX + 1];

    hvrec_binding_set_lnid(b, values, lnid_set_to_column(set, values));
}

void
tenant_db_view_init(struct tenant_db_view *view)
{
    shash_init(&view->by_name);
    view->n_bad = 0;
    view->n_malformed = 0;
}

/* Reads every Binding row 'cluster' has into 'view', initialized by the
 * caller. */
void
tenant_db_view_read(struct tenant_db_view *view,
                        const struct ovsdb_idl *cluster)
{
    const struct hvrec_binding *b;

    HVREC_BINDING_FOR_EACH (b, cluster) {
        /* The host's UUID, also for a Host row out of the agent's view. */
        const struct ovsdb_datum *host = hvrec_binding_get_host(
            b, OVSDB_TYPE_UUID);

        tenant_db_view_add(view, b, b->mac, b->lnid, b->n_lnid,
                               host->n ? &host->keys[0].uuid : NULL);
    }
}

static void
binding_make_bad(struct tenant_db_view *view,
                 struct tenant_db_binding *tdb)
{
    if (tdb->lnids) {
        lnid_set_destroy(tdb->lnids);
        tdb->lnids = NULL;
        view->n_bad++;
    }
}

static bool
same_host(const struct tenant_db_binding *tdb, const struct uuid *host)
{
    return (host
            ? tdb->has_host && uuid_equals(&tdb->host, host)
            : !tdb->has_host);
}

/* Adds Binding row 'row', whose columns are 'mac', the 'n_lnid' values of
 * 'lnid' and 'host' (NULL if none), to 'view'. */
void
tenant_db_view_add(struct tenant_db_view *view,
                       const struct hvrec_binding *row, const char *mac,
                       const int64_t *lnid, size_t n_lnid,
                       const struct uuid *host)
{
    struct tenant_db_binding *tdb;
    struct lnid_set *lnids;
    struct eth_addr ea;
    char name[ETH_ADDR_STRLEN + 1];
    char *error;

    if (!tenant_mac_from_string(mac, &ea)) {
        view->n_malformed++;
        return;
    }
    snprintf(name, sizeof name, ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));
    error = lnid_set_from_column(lnid, n_lnid, &lnids);
    free(error);
    if (lnid_set_is_empty(lnids)) {
        /* The schema asks for at least one LNID, and bounds them: this
         * row comes from a server that does not check. */
        lnid_set_destroy(lnids);
        lnids = NULL;
    }

    tdb = shash_find_data(&view->by_name, name);
    if (!tdb) {
        tdb = xzalloc(sizeof *tdb);
        tdb->mac = ea;
        memcpy(tdb->name, name, sizeof name);
        tdb->row = row;
        tdb->lnids = lnids;
        tdb->has_host = host != NULL;
        if (host) {
            tdb->host = *host;
        }
        shash_add_nocopy(&view->by_name, xstrdup(name), tdb);
        if (!lnids) {
            view->n_bad++;
        }
        return;
    }
    /* A second row for the same MAC. */
    if (!lnids || !tdb->lnids || !lnid_set_equals(lnids, tdb->lnids)
        || !same_host(tdb, host)) {
        binding_make_bad(view, tdb);
    }
    lnid_set_destroy(lnids);
}

/* Returns the entry of canonical MAC 'mac' in 'view', NULL if no row
 * names it. */
const struct tenant_db_binding *
tenant_db_view_find(const struct tenant_db_view *view,
                        const char *mac)
{
    return shash_find_data(&view->by_name, mac);
}

void
tenant_db_view_destroy(struct tenant_db_view *view)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &view->by_name) {
        struct tenant_db_binding *tdb = node->data;

        lnid_set_destroy(tdb->lnids);
        free(tdb);
    }
    shash_destroy(&view->by_name);
}
