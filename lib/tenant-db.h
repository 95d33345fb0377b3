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

#ifndef TENANT_DB_H
#define TENANT_DB_H 1

/* The HostVLAN tenant database's rows (vswitchd/hostvlan.ovsschema), as
 * ovs-tenantctl and ovs-tenantd read them.
 *
 * Binding rows, checked
 * =====================
 *
 * ovs-tenantd acts on the Binding rows it sees only through "struct
 * tenant_db_view", which reads each row once per run.  A row binds
 * its MAC only if the MAC is one a VM can have (tenant_mac_from_string(),
 * written canonically here whatever the row's spelling) and its LNIDs
 * make a valid set.  The schema's index compares spellings, so one MAC may
 * have several rows ("52:54:00:00:00:01" and "52:54:00:00:00:1"); if they
 * disagree on LNIDs or host, or one of them is malformed, the MAC is
 * bound by none of them: whoever can add a row must not get to choose
 * which one hosts believe.  Such a MAC stays in the view, "bad", so that
 * its local VM fails closed too. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/shash.h"
#include "openvswitch/uuid.h"
#include "packets.h"

struct hvrec_binding;
struct lnid_set;
struct ovsdb_idl;

bool hostvlan_binding_requests(const struct hvrec_binding *,
                               const char *host);
struct lnid_set *tenant_db_binding_lnids(const struct hvrec_binding *);
void tenant_db_binding_set_lnids(const struct hvrec_binding *,
                                 const struct lnid_set *);

/* One MAC of the view. */
struct tenant_db_binding {
    struct eth_addr mac;
    char name[ETH_ADDR_STRLEN + 1];     /* 'mac', canonical. */
    const struct hvrec_binding *row;    /* Its (first) row. */
    struct lnid_set *lnids;             /* Its LNIDs; NULL if it is bad. */
    struct uuid host;                   /* The row's host... */
    bool has_host;                      /* ...if it has one. */
};

struct tenant_db_view {
    struct shash by_name;       /* Canonical MAC -> tenant_db_binding. */
    size_t n_bad;               /* MACs whose rows bind nothing. */
    size_t n_malformed;         /* Rows without a VM MAC. */
};

void tenant_db_view_init(struct tenant_db_view *);
void tenant_db_view_read(struct tenant_db_view *,
                             const struct ovsdb_idl *);
void tenant_db_view_add(struct tenant_db_view *,
                            const struct hvrec_binding *row, const char *mac,
                            const int64_t *lnid, size_t n_lnid,
                            const struct uuid *host);
const struct tenant_db_binding *tenant_db_view_find(
    const struct tenant_db_view *, const char *mac);
void tenant_db_view_destroy(struct tenant_db_view *);

#endif /* tenant-db.h */
