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

#ifndef DPIF_TENANT_H
#define DPIF_TENANT_H 1

/* The datapath-resident HostVLAN tenant table, through the dpif layer.
 *
 * A datapath that has a tenant table (dpif-netdev; the Linux kernel
 * datapath with the HostVLAN module) executes OVS_ACTION_ATTR_CHECK_TENANT
 * against it.  These wrappers return EOPNOTSUPP for a datapath without one,
 * and such a datapath must never be sent check_tenant: callers check
 * dpif_tenant_get_features() first. */

#include <stddef.h>
#include <stdint.h>
#include "openvswitch/types.h"

struct dpif;
struct ds;
struct lnid_set;
struct tenant_binding;

/* What a datapath with a tenant table implements: the member
 * "tenant_class" of its struct dpif_class points to one.  Each function
 * returns 0 or a positive errno value. */
struct dpif_tenant_class {
    /* Stores the most bindings the table holds and the most LNIDs one may
     * have.  Any error means the datapath has no usable tenant table. */
    int (*get_features)(struct dpif *, uint32_t *max_entries,
                        uint32_t *max_lnids);

    /* Binds 'mac' to 'lnids', replacing any binding it had, or unbinds it
     * if 'lnids' is NULL: ENOSPC if the table is full, ENOENT if 'mac' was
     * not bound.  The change applies to the next packet, without
     * revalidating any flow. */
    int (*set)(struct dpif *, struct eth_addr mac,
               const struct lnid_set *lnids);

    /* Stores every binding in '*bindings' (for the caller to free with
     * tenant_bindings_destroy()) and their number in '*n'. */
    int (*dump)(struct dpif *, struct tenant_binding **bindings, size_t *n);

    /* Stores in '*n' how many packets check_tenant dropped on their way to
     * 'port'. */
    int (*get_drops)(struct dpif *, odp_port_t port, uint64_t *n);
};

int dpif_tenant_get_features(struct dpif *, uint32_t *max_entries,
                             uint32_t *max_lnids);
int dpif_tenant_set(struct dpif *, struct eth_addr mac,
                    const struct lnid_set *lnids);
int dpif_tenant_dump(struct dpif *, struct tenant_binding **, size_t *n);
int dpif_tenant_get_drops(struct dpif *, odp_port_t, uint64_t *n);
void dpif_tenant_format(struct dpif *, struct ds *);

#endif /* dpif-tenant.h */
