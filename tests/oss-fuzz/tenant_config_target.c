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

/* Fuzzes an Interface row's tenant configuration as ovs-vswitchd and
 * ovs-tenantd read it (lib/tenant-iface.c): the "lnid" column,
 * external_ids:lnid, attached-mac, lnid-egress, lnid-ingress-hosts and
 * hostvlan-refused, and the LNID set operations that decide on them.
 *
 * Input: lines, one per field in the order above (the column as decimal
 * integers separated by commas); a line "~" leaves its key unset.  Every
 * accepted value must be valid and survive a round trip through its text
 * and column forms; a rejected one must say why. */

#include <config.h>
#undef NDEBUG
#include "tenant-fuzz.h"

#include <stdlib.h>
#include <string.h>
#include "openvswitch/dynamic-string.h"
#include "packets.h"
#include "smap.h"
#include "sset.h"
#include "tenant-iface.h"
#include "vswitch-idl.h"

enum field {
    F_COLUMN, F_LNID, F_MAC, F_EGRESS, F_INGRESS_HOSTS, F_REFUSED,
    F_ALLOWED, F_IPS, N_FIELDS
};

static const char *const field_keys[N_FIELDS] = {
    [F_LNID] = "lnid",
    [F_MAC] = "attached-mac",
    [F_EGRESS] = TENANT_EGRESS_KEY,
    [F_INGRESS_HOSTS] = TENANT_INGRESS_HOSTS_KEY,
    [F_REFUSED] = TENANT_REFUSED_KEY,
    [F_ALLOWED] = TENANT_ALLOWED_MACS_KEY,
    [F_IPS] = TENANT_ATTACHED_IPS_KEY,
};

/* Parses the fuzzer's idea of an integer column, "1,0,-5,99999999999". */
static size_t
parse_column(const char *s, int64_t values[], size_t max)
{
    size_t n = 0;

    while (*s && n < max) {
        char *end;

        values[n++] = strtoll(s, &end, 10);
        s = *end ? end + 1 : end;
    }
    return n;
}

/* 'set' survives its text form and its column form unchanged. */
static void
check_round_trips(const struct lnid_set *set)
{
    int64_t values[LNID_SET_MAX + 1];
    struct lnid_set *again;
    char *text, *error;
    size_t n;

    tenant_fuzz_check_set(set);
    text = lnid_set_to_string(set);
    if (strcmp(text, "none")) {
        error = lnid_set_parse(text, &again);
        ovs_assert(!error);
        ovs_assert(lnid_set_equals(set, again));
        lnid_set_destroy(again);
    } else {
        ovs_assert(lnid_set_is_empty(set));
    }
    free(text);

    n = lnid_set_to_column(set, values);
    error = lnid_set_from_column(values, n, &again);
    ovs_assert(!error);
    ovs_assert(lnid_set_equals(set, again) || lnid_set_is_empty(set));
    lnid_set_destroy(again);
}

/* The set algebra agrees with itself on 'a' and 'b'. */
static void
check_algebra(const struct lnid_set *a, const struct lnid_set *b)
{
    struct lnid_set *sum = lnid_set_union(a, b);
    struct lnid_set *diff = lnid_set_difference(a, b);

    if (sum) {
        tenant_fuzz_check_set(sum);
        ovs_assert(lnid_set_is_subset(a, sum) && lnid_set_is_subset(b, sum));
    }
    tenant_fuzz_check_set(diff);
    for (size_t i = 0; a && i < a->n; i++) {
        ovs_assert(lnid_set_contains(diff, a->lnids[i])
                   != lnid_set_contains(b, a->lnids[i]));
    }
    /* The receive filter is symmetric in its two sets. */
    ovs_assert(tenant_check(a, true, b) == tenant_check(b, true, a));
    ovs_assert(tenant_check(a, false, b) == TENANT_DROP_UNKNOWN_SRC);
    if (b) {
        ovs_assert(tenant_check(a, true, b)
                   == tenant_check_array(a, true, b->global,
                                         b->lnids, b->n));
    }
    lnid_set_destroy(sum);
    lnid_set_destroy(diff);
}

static void
check_vm_mac(const struct ovsrec_interface *cfg)
{
    struct eth_addr mac, again;
    char *error, text[ETH_ADDR_STRLEN + 1];

    if (tenant_iface_parse_vm_mac(&cfg->external_ids, &mac, &error)) {
        ovs_assert(!error);
        ovs_assert(!eth_addr_is_multicast(mac) && !eth_addr_is_zero(mac));
        snprintf(text, sizeof text, ETH_ADDR_FMT, ETH_ADDR_ARGS(mac));
        ovs_assert(tenant_mac_from_string(text, &again));
        ovs_assert(eth_addr_equals(mac, again));
    } else {
        ovs_assert(!error == !smap_get(&cfg->external_ids, "attached-mac"));
        free(error);
    }
}

/* The further MACs of an interface with LNIDs 'lnids' are unicast,
 * ascending, not its attached-mac, and each in some of its LNIDs. */
static void
check_allowed_macs(const struct ovsrec_interface *cfg,
                   const struct lnid_set *lnids)
{
    struct tenant_allowed_macs am;
    struct eth_addr vm_mac;
    char *error, *mac_error;

    error = tenant_iface_parse_allowed_macs(&cfg->external_ids, lnids, &am);
    if (error || !smap_get(&cfg->external_ids, TENANT_ALLOWED_MACS_KEY)) {
        ovs_assert(!am.n && !am.refused);
        free(error);
        return;
    }
    ovs_assert(tenant_iface_parse_vm_mac(&cfg->external_ids, &vm_mac,
                                         &mac_error));
    ovs_assert(am.n <= TENANT_ALLOWED_MACS_MAX);
    for (size_t i = 0; i < am.n; i++) {
        ovs_assert(!eth_addr_is_multicast(am.macs[i])
                   && !eth_addr_is_zero(am.macs[i])
                   && !eth_addr_equals(am.macs[i], vm_mac));
        ovs_assert(!i || memcmp(&am.macs[i - 1], &am.macs[i],
                                sizeof am.macs[i]) < 0);
        ovs_assert(tenant_macs_contains(am.macs, am.n, am.macs[i]));
        tenant_fuzz_check_set(am.lnids[i]);
        ovs_assert(lnid_set_is_subset(am.lnids[i], lnids));
    }
    tenant_allowed_macs_uninit(&am);
}

/* An interface's attached-ips: declared only on a VM's interface, with at
 * most TENANT_ATTACHED_IPS_MAX entries, each address without host bits. */
static void
check_attached_ips(const struct ovsrec_interface *cfg,
                   const struct lnid_set *lnids)
{
    struct tenant_attached_ips ips, copy;
    struct eth_addr vm_mac;
    char *error, *mac_error;

    error = tenant_iface_parse_attached_ips(&cfg->external_ids, lnids, &ips);
    if (error || !smap_get(&cfg->external_ids, TENANT_ATTACHED_IPS_KEY)) {
        ovs_assert(!ips.declared && !ips.n && !ips.entries);
        free(error);
        return;
    }
    ovs_assert(ips.declared && ips.n <= TENANT_ATTACHED_IPS_MAX);
    ovs_assert(tenant_iface_parse_vm_mac(&cfg->external_ids, &vm_mac,
                                         &mac_error));
    for (size_t i = 0; i < ips.n; i++) {
        const struct tenant_ip_entry *e = &ips.entries[i];
        struct in6_addr masked = ipv6_addr_bitand(&e->addr, &e->mask);

        ovs_assert(ipv6_addr_equals(&masked, &e->addr));
    }
    tenant_attached_ips_clone(&copy, &ips);
    ovs_assert(tenant_attached_ips_equal(&copy, &ips));
    tenant_attached_ips_uninit(&copy);
    tenant_attached_ips_uninit(&ips);
}

static void
check_iface(const struct ovsrec_interface *cfg)
{
    struct lnid_set *lnids, *egress;
    struct sset *hosts;
    char *error;

    error = tenant_iface_parse_lnids(cfg, &cfg->external_ids, &lnids);
    ovs_assert(!error || !lnids);
    free(error);
    check_round_trips(lnids);

    error = tenant_iface_parse_egress(&cfg->external_ids, lnids, &egress);
    ovs_assert(!error || !egress);
    if (egress) {
        /* Only a global interface narrows its egress. */
        ovs_assert(lnids && lnids->global);
    }
    free(error);
    check_round_trips(egress);
    check_algebra(lnids, egress);
    check_algebra(egress, lnids);

    error = tenant_iface_parse_ingress_hosts(&cfg->external_ids, lnids,
                                             &hosts);
    ovs_assert(!error || !hosts);
    if (hosts) {
        const char *name;

        ovs_assert(lnids && lnids->global);
        ovs_assert(!smap_get(&cfg->external_ids, "attached-mac"));
        SSET_FOR_EACH (name, hosts) {
            ovs_assert(name[0] && !strchr(name, ','));
        }
        sset_destroy(hosts);
        free(hosts);
    }
    free(error);

    check_vm_mac(cfg);
    check_allowed_macs(cfg, lnids);
    check_attached_ips(cfg, lnids);
    error = tenant_iface_refusal(&cfg->external_ids);
    ovs_assert(!error == !smap_get(&cfg->external_ids, TENANT_REFUSED_KEY));
    free(error);
    lnid_set_destroy(lnids);
    lnid_set_destroy(egress);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t column[LNID_SET_MAX + 8];
    struct ovsrec_interface cfg;
    char *input, *line;

    tenant_fuzz_init();
    memset(&cfg, 0, sizeof cfg);
    cfg.name = "fuzz0";
    smap_init(&cfg.external_ids);

    input = tenant_fuzz_string(data, size);
    line = input;
    for (int f = 0; f < N_FIELDS && line; f++) {
        char *next = strchr(line, '\n');

        if (next) {
            *next++ = '\0';
        }
        if (strcmp(line, "~")) {
            if (f == F_COLUMN) {
                cfg.n_lnid = parse_column(line, column, ARRAY_SIZE(column));
                cfg.lnid = column;
            } else {
                smap_replace(&cfg.external_ids, field_keys[f], line);
            }
        }
        line = next;
    }

    check_iface(&cfg);

    smap_destroy(&cfg.external_ids);
    free(input);
    return 0;
}
