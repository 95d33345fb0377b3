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

/* Fuzzes how ovs-tenantd reads the tenant database's Binding rows
 * (lib/tenant-db.c), the only way it sees them: rows as a hostile or
 * careless writer could leave them, against a naive model of the rule in
 * tenant-db.h.
 *
 * Input: one row per line, "MAC LNID,LNID,... HOST", where HOST is a
 * number (a host's UUID) or "-" for none and LNIDs are integers as the
 * column holds them (0 is global).  The view must bind exactly the MACs
 * whose rows all agree and are well formed, under their canonical
 * spelling, with LNIDs the local Tenant_Binding column can hold. */

#include <config.h>
#undef NDEBUG
#include "tenant-fuzz.h"

#include <stdlib.h>
#include <string.h>
#include "openvswitch/shash.h"
#include "packets.h"
#include "tenant-db.h"
#include "uuid.h"

#define MAX_ROWS 64

struct row {
    char *mac;
    int64_t lnid[LNID_SET_MAX + 8];
    size_t n_lnid;
    struct uuid host;
    bool has_host;
};

static size_t
parse_lnids(const char *s, int64_t values[], size_t max)
{
    size_t n = 0;

    while (*s && n < max) {
        char *end;

        values[n++] = strtoll(s, &end, 10);
        if (end == s) {
            break;
        }
        s = *end ? end + 1 : end;
    }
    return n;
}

static size_t
parse_rows(char *input, struct row rows[])
{
    char *line, *save_ptr = NULL;
    size_t n = 0;

    for (line = strtok_r(input, "\n", &save_ptr); line && n < MAX_ROWS;
         line = strtok_r(NULL, "\n", &save_ptr)) {
        struct row *r = &rows[n++];
        char *lnids = strchr(line, ' ');
        char *host = lnids ? strchr(lnids + 1, ' ') : NULL;

        memset(r, 0, sizeof *r);
        if (lnids) {
            *lnids++ = '\0';
        }
        if (host) {
            *host++ = '\0';
        }
        r->mac = line;
        r->n_lnid = lnids ? parse_lnids(lnids, r->lnid, ARRAY_SIZE(r->lnid))
                          : 0;
        if (host && strcmp(host, "-")) {
            r->has_host = true;
            r->host.parts[0] = strtoul(host, NULL, 10);
        }
    }
    return n;
}

/* The model: a row binds iff its MAC is a VM's and its LNIDs are all in
 * range, at most LNID_SET_MAX of them besides global, and not none. */
static bool
model_row_ok(const struct row *r)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n_lnid; i++) {
        if (r->lnid[i] < 0 || r->lnid[i] > LNID_MAX) {
            return false;
        }
        n += r->lnid[i] != LNID_GLOBAL_COLUMN;
    }
    return r->n_lnid && n <= LNID_SET_MAX;
}

/* The model's LNID set of a well-formed row, sorted and unique, global
 * as 0: as a column. */
static size_t
model_column(const struct row *r, int64_t out[])
{
    size_t n = 0;

    for (int64_t v = 0; v <= LNID_MAX && n < r->n_lnid; v++) {
        bool have = false, more = false;

        for (size_t i = 0; i < r->n_lnid; i++) {
            have |= r->lnid[i] == v;
            more |= r->lnid[i] > v;
        }
        if (have) {
            out[n++] = v;
        }
        if (!more) {
            break;
        }
        /* Jump to the next value present, to stay fast. */
        int64_t next = LNID_MAX + 1;
        for (size_t i = 0; i < r->n_lnid; i++) {
            if (r->lnid[i] > v && r->lnid[i] < next) {
                next = r->lnid[i];
            }
        }
        v = next - 1;
    }
    return n;
}

static bool
model_rows_agree(const struct row *a, const struct row *b)
{
    int64_t ca[LNID_SET_MAX + 8], cb[LNID_SET_MAX + 8];
    size_t na = model_column(a, ca), nb = model_column(b, cb);

    return (na == nb && !memcmp(ca, cb, na * sizeof ca[0])
            && a->has_host == b->has_host
            && (!a->has_host || uuid_equals(&a->host, &b->host)));
}

static void
check_view(const struct tenant_db_view *view, struct row rows[],
           size_t n_rows)
{
    size_t n_malformed = 0, n_bad = 0, n_macs = 0;
    struct eth_addr macs[MAX_ROWS];
    bool parsed[MAX_ROWS];

    for (size_t i = 0; i < n_rows; i++) {
        parsed[i] = tenant_mac_from_string(rows[i].mac, &macs[i]);
        n_malformed += !parsed[i];
    }
    ovs_assert(view->n_malformed == n_malformed);

    for (size_t i = 0; i < n_rows; i++) {
        bool first = parsed[i], good = parsed[i] && model_row_ok(&rows[i]);
        char name[ETH_ADDR_STRLEN + 1];
        const struct tenant_db_binding *tdb;

        for (size_t j = 0; parsed[i] && j < n_rows; j++) {
            if (j != i && parsed[j] && eth_addr_equals(macs[i], macs[j])) {
                first &= j > i;
                good &= model_row_ok(&rows[j])
                        && model_rows_agree(&rows[i], &rows[j]);
            }
        }
        if (!first) {
            continue;
        }
        n_macs++;
        n_bad += !good;

        snprintf(name, sizeof name, ETH_ADDR_FMT, ETH_ADDR_ARGS(macs[i]));
        tdb = tenant_db_view_find(view, name);
        ovs_assert(tdb && eth_addr_equals(tdb->mac, macs[i]));
        ovs_assert(!strcmp(tdb->name, name));
        ovs_assert(!tdb->lnids == !good);
        if (good) {
            int64_t want[LNID_SET_MAX + 8], have[LNID_SET_MAX + 1];
            size_t n_want = model_column(&rows[i], want);
            size_t n_have = lnid_set_to_column(tdb->lnids, have);

            tenant_fuzz_check_set(tdb->lnids);
            ovs_assert(n_have == n_want
                       && !memcmp(have, want, n_want * sizeof want[0]));
            ovs_assert(tdb->has_host == rows[i].has_host);
        }
    }
    ovs_assert(view->n_bad == n_bad);
    ovs_assert(shash_count(&view->by_name) == n_macs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tenant_db_view view;
    struct row *rows = xmalloc(MAX_ROWS * sizeof *rows);
    char *input = tenant_fuzz_string(data, size);
    size_t n_rows;

    tenant_fuzz_init();
    n_rows = parse_rows(input, rows);

    tenant_db_view_init(&view);
    for (size_t i = 0; i < n_rows; i++) {
        tenant_db_view_add(&view, NULL, rows[i].mac, rows[i].lnid,
                               rows[i].n_lnid,
                               rows[i].has_host ? &rows[i].host : NULL);
    }
    check_view(&view, rows, n_rows);
    tenant_db_view_destroy(&view);

    free(rows);
    free(input);
    return 0;
}
