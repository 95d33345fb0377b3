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
#include "tenant-iface.h"

#include <stdlib.h>
#include <string.h>
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "sset.h"
#include "tenant.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenant_iface);

/* Returns, for the caller to free, why the tenant database refuses the VM
 * of the interface whose external_ids are 'keys' on this host (see
 * TENANT_REFUSED_KEY), or NULL if it does not. */
char *
tenant_iface_refusal(const struct smap *keys)
{
    const char *reason = smap_get(keys, TENANT_REFUSED_KEY);

    return (reason
            ? xasprintf("refused by the tenant database: %s",
                        reason[0] ? reason : "no reason given")
            : NULL);
}

/* Reads the LNIDs of 'cfg', whose external_ids are 'keys', into '*lnidsp'
 * (NULL if it has none).  Returns an error message, which the caller must
 * free, if they are malformed. */
char *
tenant_iface_parse_lnids(const struct ovsrec_interface *cfg,
                         const struct smap *keys, struct lnid_set **lnidsp)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const char *ext = smap_get(keys, "lnid");
    char *error, *msg;

    *lnidsp = NULL;
    if (cfg->n_lnid) {
        if (ext) {
            VLOG_DBG_RL(&rl, "interface %s: \"lnid\" column overrides "
                        "external_ids:lnid=%s", cfg->name, ext);
        }
        error = lnid_set_from_column(cfg->lnid, cfg->n_lnid, lnidsp);
    } else if (ext) {
        error = lnid_set_parse(ext, lnidsp);
    } else {
        return NULL;
    }
    if (!error) {
        return NULL;
    }
    msg = xasprintf("lnid: %s", error);
    free(error);
    return msg;
}

/* Reads attached-mac of external_ids 'keys' into '*mac'.  Returns true if
 * it is set and valid; '*errorp' receives an error message, which the
 * caller must free, if it is malformed. */
bool
tenant_iface_parse_vm_mac(const struct smap *keys, struct eth_addr *mac,
                          char **errorp)
{
    const char *s = smap_get(keys, "attached-mac");

    *errorp = NULL;
    if (!s) {
        return false;
    }
    if (!tenant_mac_from_string(s, mac)) {
        *errorp = xasprintf("external_ids:attached-mac \"%s\" is not a "
                            "unicast MAC address", s);
        return false;
    }
    return true;
}

/* Reads lnid-egress of external_ids 'keys', whose interface's LNIDs are
 * 'lnids', into '*egressp': NULL if it is not set, so that the interface
 * delivers what its LNIDs allow; otherwise the only LNIDs whose frames it
 * delivers (empty for "none").  Only a global interface (a tunnel to
 * another host, an uplink) may narrow its egress like this: it still
 * receives from everyone.  Returns an error message, which the caller must
 * free, if the value is malformed or the interface is not global. */
char *
tenant_iface_parse_egress(const struct smap *keys,
                          const struct lnid_set *lnids,
                          struct lnid_set **egressp)
{
    const char *s = smap_get(keys, TENANT_EGRESS_KEY);
    char *error, *msg;

    *egressp = NULL;
    if (!s) {
        return NULL;
    }
    if (lnid_set_is_empty(lnids) || !lnids->global) {
        return xstrdup("external_ids:"TENANT_EGRESS_KEY" is only for "
                       "interfaces whose LNIDs include \"global\" "
                       "(tunnels and uplinks)");
    }
    if (!strcmp(s, TENANT_EGRESS_NONE)) {
        *egressp = lnid_set_create(false, NULL, 0);
        return NULL;
    }
    error = lnid_set_parse(s, egressp);
    if (!error) {
        return NULL;
    }
    msg = xasprintf(TENANT_EGRESS_KEY": %s", error);
    free(error);
    return msg;
}

/* Reads lnid-ingress-hosts of external_ids 'keys', whose interface's LNIDs
 * are 'lnids', into '*hostsp': NULL if it is not set, so that the interface
 * may carry any source MAC; otherwise the names of the hosts whose VMs'
 * MACs it may carry (empty for "none"), as in the tenant database's Host
 * table.  Only a global interface without attached-mac (a trunk: a tunnel,
 * an uplink) may have it.  Returns an error message, which the caller must
 * free, if the value is malformed or the interface is not such a trunk. */
char *
tenant_iface_parse_ingress_hosts(const struct smap *keys,
                                 const struct lnid_set *lnids,
                                 struct sset **hostsp)
{
    const char *s = smap_get(keys, TENANT_INGRESS_HOSTS_KEY);
    struct sset hosts = SSET_INITIALIZER(&hosts);
    char *copy, *name, *save_ptr = NULL;

    *hostsp = NULL;
    if (!s) {
        return NULL;
    }
    if (lnid_set_is_empty(lnids) || !lnids->global
        || smap_get(keys, "attached-mac")) {
        return xstrdup("external_ids:"TENANT_INGRESS_HOSTS_KEY" is only for "
                       "interfaces whose LNIDs include \"global\" and that "
                       "have no attached-mac (tunnels and uplinks)");
    }
    if (strcmp(s, TENANT_EGRESS_NONE)) {
        copy = xstrdup(s);
        for (name = strtok_r(copy, ",", &save_ptr); name;
             name = strtok_r(NULL, ",", &save_ptr)) {
            sset_add(&hosts, name);
        }
        free(copy);
        if (sset_is_empty(&hosts)) {
            return xasprintf(TENANT_INGRESS_HOSTS_KEY": \"%s\" names no "
                             "host (use \"%s\" for none)", s,
                             TENANT_EGRESS_NONE);
        }
    }
    *hostsp = xmemdup(&hosts, sizeof hosts);
    sset_moved(*hostsp);
    return NULL;
}

/* The external_ids keys of an Interface that ovs-vswitchd reads.  Every
 * other key belongs to someone else (OVN's ovn-installed and iface-id,
 * libvirt's iface-status and vm-id, ovs-tenantd's bookkeeping). */
static const char *const tenant_iface_keys[] = {
    "lnid", "attached-mac", TENANT_EGRESS_KEY, TENANT_INGRESS_HOSTS_KEY,
    TENANT_REFUSED_KEY,
};

/* Copies into 'keys' (initialized by the caller) those of 'external_ids'
 * that ovs-vswitchd reads: if they are the same as before, a change of the
 * row's external_ids changes nothing here. */
void
tenant_iface_get_keys(const struct smap *external_ids, struct smap *keys)
{
    for (size_t i = 0; i < ARRAY_SIZE(tenant_iface_keys); i++) {
        const char *value = smap_get(external_ids, tenant_iface_keys[i]);
        if (value) {
            smap_add(keys, tenant_iface_keys[i], value);
        }
    }
}
