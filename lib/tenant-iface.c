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

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "openvswitch/dynamic-string.h"
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

/* One entry of external_ids:allowed-macs, being parsed. */
struct allowed_entry {
    struct eth_addr mac;
    struct lnid_set *lnids;
};

static int
compare_allowed_entries(const void *a_, const void *b_)
{
    const struct allowed_entry *a = a_, *b = b_;

    return memcmp(&a->mac, &b->mac, sizeof a->mac);
}

/* Adds to 'entries' the MACs that 'mac' with 'mask' names, 'lnids' each
 * (cloned).  Returns an error if they would be too many. */
static char *
allowed_entries_add(struct allowed_entry **entries, size_t *n,
                    size_t *allocated, struct eth_addr mac,
                    struct eth_addr mask, const struct lnid_set *lnids)
{
    uint64_t m = eth_addr_to_uint64(mask);
    uint64_t base = eth_addr_to_uint64(mac) & m;
    uint64_t free_bits = ~m & UINT64_C(0xffffffffffff);
    uint64_t v = 0;

    /* Every subset of 'free_bits', by the usual carry trick. */
    do {
        struct eth_addr ea;

        eth_addr_from_uint64(base | v, &ea);
        if (!eth_addr_is_zero(ea)) {
            if (*n >= TENANT_ALLOWED_MACS_MAX) {
                return xasprintf("names more than %d MACs",
                                 TENANT_ALLOWED_MACS_MAX);
            }
            struct allowed_entry *e;

            if (*n >= *allocated) {
                *entries = x2nrealloc(*entries, allocated, sizeof **entries);
            }
            e = &(*entries)[(*n)++];
            e->mac = ea;
            e->lnids = lnid_set_clone(lnids);
        }
        v = (v - free_bits) & free_bits;
    } while (v);
    return NULL;
}

/* Parses one entry "MAC[/MASK][=LNIDS]" of external_ids:allowed-macs into
 * 'entries'.  Its LNIDs, the port's ('port_lnids') if it names none, must
 * be a subset of the port's: else '*refusal' says why, for the caller to
 * free, and the entry adds nothing.  Returns an error if it is malformed. */
static char *
allowed_entry_parse(char *entry, const struct lnid_set *port_lnids,
                    struct allowed_entry **entries, size_t *n,
                    size_t *allocated, char **refusal)
{
    char *lnids_s = strchr(entry, '=');
    char *mask_s = strchr(entry, '/');
    struct eth_addr mac, mask = eth_addr_exact;
    struct lnid_set *lnids = NULL;
    char *error = NULL;

    *refusal = NULL;
    if (lnids_s) {
        *lnids_s++ = '\0';
    }
    if (mask_s) {
        *mask_s++ = '\0';
    }
    if (!eth_addr_from_string(entry, &mac)
        || (mask_s && !eth_addr_from_string(mask_s, &mask))) {
        return xasprintf("\"%s\" is not a MAC address or MAC/MASK", entry);
    } else if (!(mask.ea[0] & 1) || eth_addr_is_multicast(mac)) {
        return xasprintf("%s: not unicast (a mask must keep the group bit)",
                         entry);
    } else if (64 - count_1bits(eth_addr_to_uint64(mask))
               > 16 + TENANT_ALLOWED_MASK_BITS) {
        return xasprintf("%s/%s leaves more than %d bits free", entry,
                         mask_s, TENANT_ALLOWED_MASK_BITS);
    }
    if (lnids_s) {
        error = lnid_set_parse(lnids_s, &lnids);
        if (error) {
            char *msg = xasprintf("%s: %s", entry, error);
            free(error);
            return msg;
        }
        if (!lnid_set_is_subset(lnids, port_lnids)) {
            *refusal = xasprintf("%s%s%s=%s: LNIDs not among the port's",
                                 entry, mask_s ? "/" : "",
                                 mask_s ? mask_s : "", lnids_s);
            lnid_set_destroy(lnids);
            return NULL;
        }
    }
    error = allowed_entries_add(entries, n, allocated, mac, mask,
                                lnids ? lnids : port_lnids);
    lnid_set_destroy(lnids);
    return error;
}

/* Sorts the 'n' entries of 'entries' into 'am', each MAC once.  A MAC named
 * twice with different LNIDs, or the port's attached MAC 'vm_mac' (whose
 * LNIDs are the port's), fails closed: it is left out and 'am->refused'
 * says why. */
static void
allowed_entries_finish(struct allowed_entry *entries, size_t n,
                       struct eth_addr vm_mac, struct ds *refused,
                       struct tenant_allowed_macs *am)
{
    size_t i, j;

    if (n) {
        qsort(entries, n, sizeof *entries, compare_allowed_entries);
    }
    am->macs = xmalloc(n * sizeof *am->macs + 1);
    am->lnids = xmalloc(n * sizeof *am->lnids + 1);
    for (i = 0; i < n; i = j) {
        bool conflict = false;

        for (j = i + 1; j < n && eth_addr_equals(entries[j].mac,
                                                 entries[i].mac); j++) {
            conflict |= !lnid_set_equals(entries[i].lnids, entries[j].lnids);
            lnid_set_destroy(entries[j].lnids);
        }
        if (conflict || eth_addr_equals(entries[i].mac, vm_mac)) {
            ds_put_format(refused, "%s"ETH_ADDR_FMT": %s",
                          refused->length ? "; " : "",
                          ETH_ADDR_ARGS(entries[i].mac),
                          conflict ? "named with different LNIDs"
                          : "is the attached-mac");
            lnid_set_destroy(entries[i].lnids);
            continue;
        }
        am->macs[am->n] = entries[i].mac;
        am->lnids[am->n++] = entries[i].lnids;
    }
}

/* Reads into '*vm_mac' the attached-mac of the interface whose external_ids
 * are 'keys' and LNIDs 'lnids', for 'key', a key that only a VM's
 * interface (LNIDs and an attached-mac) may have.  Returns an error
 * message, which the caller must free, if it is not a VM's. */
static char *
tenant_iface_vm_only(const struct smap *keys, const struct lnid_set *lnids,
                     const char *key, struct eth_addr *vm_mac)
{
    char *error = NULL;

    if (lnid_set_is_empty(lnids)
        || !tenant_iface_parse_vm_mac(keys, vm_mac, &error)) {
        /* A malformed attached-mac says so; a missing one, or no LNIDs,
         * is not a VM's interface. */
        return (error ? error
                : xasprintf("external_ids:%s is only for interfaces with "
                            "LNIDs and an attached-mac (VMs)", key));
    }
    return NULL;
}

/* Reads allowed-macs of external_ids 'keys', whose interface's LNIDs are
 * 'lnids', into 'am': the further MACs (besides attached-mac) the VM
 * behind the interface may send from, each in its LNIDs.  The value is a
 * list of "MAC[/MASK][=LNIDS]" separated by spaces: a MASK names every MAC
 * that matches, and may leave at most TENANT_ALLOWED_MASK_BITS bits free;
 * LNIDS are the port's if omitted.  An entry whose LNIDs are not among the
 * port's fails closed on its own ('am->refused').  Returns an error
 * message, which the caller must free, if the value is malformed or the
 * interface is not a VM's (LNIDs and attached-mac). */
char *
tenant_iface_parse_allowed_macs(const struct smap *keys,
                                const struct lnid_set *lnids,
                                struct tenant_allowed_macs *am)
{
    const char *s = smap_get(keys, TENANT_ALLOWED_MACS_KEY);
    struct ds refused = DS_EMPTY_INITIALIZER;
    struct allowed_entry *entries = NULL;
    size_t n = 0, allocated = 0;
    char *copy, *entry, *save_ptr = NULL, *error = NULL;
    struct eth_addr vm_mac;

    memset(am, 0, sizeof *am);
    if (!s) {
        return NULL;
    }
    error = tenant_iface_vm_only(keys, lnids, TENANT_ALLOWED_MACS_KEY,
                                 &vm_mac);
    if (error) {
        return error;
    }

    copy = xstrdup(s);
    for (entry = strtok_r(copy, " \t\n", &save_ptr); entry && !error;
         entry = strtok_r(NULL, " \t\n", &save_ptr)) {
        char *refusal;

        error = allowed_entry_parse(entry, lnids, &entries, &n, &allocated,
                                    &refusal);
        if (refusal) {
            ds_put_format(&refused, "%s%s", refused.length ? "; " : "",
                          refusal);
            free(refusal);
        }
    }
    free(copy);

    if (error) {
        char *msg = xasprintf(TENANT_ALLOWED_MACS_KEY": %s", error);

        for (size_t i = 0; i < n; i++) {
            lnid_set_destroy(entries[i].lnids);
        }
        free(entries);
        free(error);
        ds_destroy(&refused);
        return msg;
    }
    allowed_entries_finish(entries, n, vm_mac, &refused, am);
    free(entries);
    am->refused = refused.length ? ds_steal_cstr(&refused) : NULL;
    ds_destroy(&refused);
    return NULL;
}

void
tenant_allowed_macs_uninit(struct tenant_allowed_macs *am)
{
    for (size_t i = 0; i < am->n; i++) {
        lnid_set_destroy(am->lnids[i]);
    }
    free(am->macs);
    free(am->lnids);
    free(am->refused);
    memset(am, 0, sizeof *am);
}

/* Parses "IP[/PLEN]", IPv4 or IPv6, into 'e''s address and mask, strictly
 * (inet_pton(): no octet above 255, no trailing text). */
static char *
ip_entry_parse_ip(char *s, struct tenant_ip_entry *e)
{
    char *plen_s = strchr(s, '/');
    bool ipv6 = strchr(s, ':') != NULL;
    unsigned int max_plen = ipv6 ? 128 : 32;
    unsigned int plen = max_plen;

    if (plen_s) {
        *plen_s++ = '\0';
        if (!str_to_uint(plen_s, 10, &plen) || plen > max_plen) {
            return xasprintf("bad prefix length \"%s\"", plen_s);
        }
    }
    if (ipv6) {
        if (inet_pton(AF_INET6, s, &e->addr) != 1) {
            return xasprintf("\"%s\" is not an IPv6 address", s);
        }
        e->mask = ipv6_create_mask(plen);
    } else {
        struct in_addr ip;

        if (inet_pton(AF_INET, s, &ip) != 1) {
            return xasprintf("\"%s\" is not an IPv4 address", s);
        }
        e->addr = in6_addr_mapped_ipv4(ip.s_addr);
        e->mask = ipv6_create_mask(96 + plen);
    }
    e->addr = ipv6_addr_bitand(&e->addr, &e->mask);
    return NULL;
}

/* Parses one entry "[MAC[/MASK]=]IP[/PLEN]" of external_ids:attached-ips
 * into 'e'; without a MAC, the entry is 'vm_mac''s. */
static char *
ip_entry_parse(char *entry, struct eth_addr vm_mac, struct tenant_ip_entry *e)
{
    char *ip_s = strchr(entry, '=');

    e->mac = vm_mac;
    e->mac_mask = eth_addr_exact;
    if (ip_s) {
        char *mask_s;

        *ip_s++ = '\0';
        mask_s = strchr(entry, '/');
        if (mask_s) {
            *mask_s++ = '\0';
        }
        if (!eth_addr_from_string(entry, &e->mac)
            || (mask_s && !eth_addr_from_string(mask_s, &e->mac_mask))) {
            return xasprintf("\"%s\" is not a MAC address or MAC/MASK",
                             entry);
        }
    } else {
        ip_s = entry;
    }
    return ip_entry_parse_ip(ip_s, e);
}

/* Reads attached-ips of external_ids 'keys', whose interface's LNIDs are
 * 'lnids', into 'ips': the addresses the VM behind the interface may
 * speak for.  The value is a list of "[MAC[/MASK]=]IP[/PLEN]" separated by
 * spaces, each an IPv4 or IPv6 address or prefix that frames from MAC (the
 * attached-mac if omitted; with MASK, every MAC that matches) may use.
 * Returns an error message, which the caller must free, if the value is
 * malformed, has more than TENANT_ATTACHED_IPS_MAX entries, or the
 * interface is not a VM's (LNIDs and attached-mac). */
char *
tenant_iface_parse_attached_ips(const struct smap *keys,
                                const struct lnid_set *lnids,
                                struct tenant_attached_ips *ips)
{
    const char *s = smap_get(keys, TENANT_ATTACHED_IPS_KEY);
    char *copy, *entry, *save_ptr = NULL, *error = NULL;
    struct eth_addr vm_mac;
    size_t allocated = 0;

    memset(ips, 0, sizeof *ips);
    if (!s) {
        return NULL;
    }
    error = tenant_iface_vm_only(keys, lnids, TENANT_ATTACHED_IPS_KEY,
                                 &vm_mac);
    if (error) {
        return error;
    }

    ips->declared = true;
    copy = xstrdup(s);
    for (entry = strtok_r(copy, " \t\n", &save_ptr); entry && !error;
         entry = strtok_r(NULL, " \t\n", &save_ptr)) {
        if (ips->n >= TENANT_ATTACHED_IPS_MAX) {
            error = xasprintf("has more than %d entries",
                              TENANT_ATTACHED_IPS_MAX);
            break;
        }
        if (ips->n >= allocated) {
            ips->entries = x2nrealloc(ips->entries, &allocated,
                                      sizeof *ips->entries);
        }
        error = ip_entry_parse(entry, vm_mac, &ips->entries[ips->n++]);
    }
    free(copy);

    if (error) {
        char *msg = xasprintf(TENANT_ATTACHED_IPS_KEY": %s", error);

        free(error);
        tenant_attached_ips_uninit(ips);
        return msg;
    }
    return NULL;
}

void
tenant_attached_ips_uninit(struct tenant_attached_ips *ips)
{
    free(ips->entries);
    memset(ips, 0, sizeof *ips);
}

/* Initializes 'dst' as a copy of 'src' with entries of its own. */
void
tenant_attached_ips_clone(struct tenant_attached_ips *dst,
                          const struct tenant_attached_ips *src)
{
    dst->declared = src->declared;
    dst->entries = (src->n
                    ? xmemdup(src->entries, src->n * sizeof *src->entries)
                    : NULL);
    dst->n = src->n;
}

static bool
tenant_ip_entry_equals(const struct tenant_ip_entry *a,
                       const struct tenant_ip_entry *b)
{
    return (eth_addr_equals(a->mac, b->mac)
            && eth_addr_equals(a->mac_mask, b->mac_mask)
            && ipv6_addr_equals(&a->addr, &b->addr)
            && ipv6_addr_equals(&a->mask, &b->mask));
}

/* Do 'a' and 'b' guard the same addresses, in the same order? */
bool
tenant_attached_ips_equal(const struct tenant_attached_ips *a,
                          const struct tenant_attached_ips *b)
{
    if (a->declared != b->declared || a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (!tenant_ip_entry_equals(&a->entries[i], &b->entries[i])) {
            return false;
        }
    }
    return true;
}

/* The external_ids keys of an Interface that ovs-vswitchd reads.  Every
 * other key belongs to someone else (OVN's ovn-installed and iface-id,
 * libvirt's iface-status and vm-id, ovs-tenantd's bookkeeping). */
static const char *const tenant_iface_keys[] = {
    "lnid", "attached-mac", TENANT_ALLOWED_MACS_KEY, TENANT_ATTACHED_IPS_KEY,
    TENANT_EGRESS_KEY, TENANT_INGRESS_HOSTS_KEY, TENANT_REFUSED_KEY,
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
