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
#include "dpif-tenant.h"

#include <errno.h>
#include "dpif-provider.h"
#include "dpif.h"
#include "openvswitch/dynamic-string.h"
#include "tenant.h"
#include "util.h"

static const struct dpif_tenant_class *
tenant_class(const struct dpif *dpif)
{
    return dpif->dpif_class->tenant_class;
}

int
dpif_tenant_get_features(struct dpif *dpif, uint32_t *max_entries,
                         uint32_t *max_lnids)
{
    const struct dpif_tenant_class *class = tenant_class(dpif);

    *max_entries = *max_lnids = 0;
    return (class ? class->get_features(dpif, max_entries, max_lnids)
            : EOPNOTSUPP);
}

/* Binds 'mac' to 'lnids' in 'dpif''s tenant table, or removes it if 'lnids'
 * is NULL. */
int
dpif_tenant_set(struct dpif *dpif, struct eth_addr mac,
                const struct lnid_set *lnids)
{
    const struct dpif_tenant_class *class = tenant_class(dpif);

    return class ? class->set(dpif, mac, lnids) : EOPNOTSUPP;
}

int
dpif_tenant_dump(struct dpif *dpif, struct tenant_binding **bindings,
                 size_t *n)
{
    const struct dpif_tenant_class *class = tenant_class(dpif);

    *bindings = NULL;
    *n = 0;
    return class ? class->dump(dpif, bindings, n) : EOPNOTSUPP;
}

/* Stores in '*n' how many packets check_tenant dropped on their way to
 * 'port'. */
int
dpif_tenant_get_drops(struct dpif *dpif, odp_port_t port, uint64_t *n)
{
    const struct dpif_tenant_class *class = tenant_class(dpif);

    *n = 0;
    return class ? class->get_drops(dpif, port, n) : EOPNOTSUPP;
}

/* Appends the tenant table of 'dpif' to 's', one binding per line sorted by
 * MAC, or why it cannot. */
void
dpif_tenant_format(struct dpif *dpif, struct ds *s)
{
    struct tenant_binding *bindings;
    size_t n;
    int error;

    error = dpif_tenant_dump(dpif, &bindings, &n);
    if (error) {
        ds_put_format(s, "%s: no tenant table (%s)\n", dpif_name(dpif),
                      ovs_strerror(error));
        return;
    }
    tenant_bindings_format(bindings, n, s);
    tenant_bindings_destroy(bindings, n);
}
