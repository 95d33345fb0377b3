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

/* Unit tests for lib/tenant.[ch]: LNID sets, the receive filter and the
 * tenant table. */

#include <config.h>
#undef NDEBUG
#include "tenant.h"
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __linux__
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>
#endif
#include "bitmap.h"
#include "command-line.h"
#include "dp-packet.h"
#include "dpif.h"
#include "dpif-tenant.h"
#include "flow.h"
#include "netlink.h"
#include "netlink-socket.h"
#include "odp-netlink.h"
#include "odp-tenant.h"
#include "odp-util.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "ovstest.h"
#include "packets.h"
#include "random.h"
#include "tenant-netlink.h"
#include "util.h"

static struct lnid_set *
parse_or_die(const char *s)
{
    struct lnid_set *set;
    char *error = lnid_set_parse(s, &set);

    if (error) {
        ovs_fatal(0, "%s", error);
    }
    return set;
}

/* "parse LIST...": prints each LIST normalized, or its error. */
static void
test_parse(struct ovs_cmdl_context *ctx)
{
    int i;

    for (i = 1; i < ctx->argc; i++) {
        struct lnid_set *set;
        char *error = lnid_set_parse(ctx->argv[i], &set);

        if (error) {
            printf("error: %s\n", error);
            free(error);
        } else {
            struct ds s = DS_EMPTY_INITIALIZER;

            lnid_set_format(set, &s);
            printf("%s\n", ds_cstr(&s));
            ds_destroy(&s);
            lnid_set_destroy(set);
        }
    }
}

/* "check SRC PORT": prints the receive filter's verdict for a frame whose
 * source MAC has LNIDs SRC ("unknown" for a MAC not in the table) delivered
 * to a port with LNIDs PORT ("none" for the empty set). */
static void
test_check(struct ovs_cmdl_context *ctx)
{
    const char *src = ctx->argv[1], *port = ctx->argv[2];
    bool src_known = strcmp(src, "unknown");
    struct lnid_set *src_set = (src_known && strcmp(src, "none")
                                ? parse_or_die(src) : NULL);
    struct lnid_set *port_set = strcmp(port, "none") ? parse_or_die(port)
                                                     : NULL;

    printf("%s\n", tenant_verdict_to_string(tenant_check(src_set, src_known,
                                                         port_set)));
    lnid_set_destroy(src_set);
    lnid_set_destroy(port_set);
}

static struct eth_addr
mac_n(uint32_t n)
{
    struct eth_addr mac = ETH_ADDR_C(52, 54, 00, 00, 00, 00);

    mac.ea[3] = n >> 16;
    mac.ea[4] = n >> 8;
    mac.ea[5] = n;
    return mac;
}

static void
assert_lookup(const struct tenant_table *table, struct eth_addr mac,
              const char *expected)
{
    bool found;
    const struct lnid_set *set = tenant_table_lookup(table, mac, &found);
    struct ds s = DS_EMPTY_INITIALIZER;

    if (found) {
        lnid_set_format(set, &s);
    } else {
        ds_put_cstr(&s, "unknown");
    }
    if (strcmp(ds_cstr(&s), expected)) {
        ovs_fatal(0, "lookup of "ETH_ADDR_FMT": expected %s, got %s",
                  ETH_ADDR_ARGS(mac), expected, ds_cstr(&s));
    }
    ds_destroy(&s);
}

/* "table": exercises the tenant table's set, lookup, delete, sync, limit
 * and dump operations. */
static void
test_table(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    struct tenant_binding bindings[3];
    struct tenant_binding *dump;
    struct tenant_table table;
    struct lnid_set *one = parse_or_die("1");
    struct lnid_set *one_two = parse_or_die("2,1");
    struct lnid_set *global = parse_or_die("global");
    uint64_t generation;
    bool changed;
    size_t n, i;

    tenant_table_init(&table);
    assert_lookup(&table, mac_n(1), "unknown");

    ovs_assert(!tenant_table_set(&table, mac_n(1), one));
    ovs_assert(!tenant_table_set(&table, mac_n(2), one_two));
    assert_lookup(&table, mac_n(1), "1");
    assert_lookup(&table, mac_n(2), "1,2");
    ovs_assert(tenant_table_count(&table) == 2);

    /* Setting the same binding again is not a change. */
    generation = tenant_table_generation(&table);
    ovs_assert(!tenant_table_set(&table, mac_n(1), one));
    ovs_assert(tenant_table_generation(&table) == generation);
    ovs_assert(!tenant_table_set(&table, mac_n(1), global));
    ovs_assert(tenant_table_generation(&table) != generation);
    assert_lookup(&table, mac_n(1), "global");

    ovs_assert(tenant_table_delete(&table, mac_n(2)));
    ovs_assert(!tenant_table_delete(&table, mac_n(2)));
    assert_lookup(&table, mac_n(2), "unknown");

    /* Sync adds, replaces and removes. */
    bindings[0] = (struct tenant_binding) { .mac = mac_n(3), .lnids = one };
    bindings[1] = (struct tenant_binding) { .mac = mac_n(4),
                                            .lnids = one_two };
    bindings[2] = (struct tenant_binding) { .mac = mac_n(1), .lnids = one };
    ovs_assert(!tenant_table_sync(&table, bindings, 3, &changed,
                                  NULL, NULL));
    ovs_assert(changed);
    ovs_assert(!tenant_table_sync(&table, bindings, 3, &changed,
                                  NULL, NULL));
    ovs_assert(!changed);
    assert_lookup(&table, mac_n(1), "1");
    assert_lookup(&table, mac_n(3), "1");
    assert_lookup(&table, mac_n(4), "1,2");
    ovs_assert(!tenant_table_sync(&table, bindings, 1, &changed,
                                  NULL, NULL));
    ovs_assert(changed && tenant_table_count(&table) == 1);
    assert_lookup(&table, mac_n(1), "unknown");

    /* A full table refuses new MACs but still updates existing ones. */
    table.max_entries = 2;
    ovs_assert(!tenant_table_set(&table, mac_n(5), one));
    ovs_assert(tenant_table_set(&table, mac_n(6), one) == ENOSPC);
    ovs_assert(!tenant_table_set(&table, mac_n(5), global));
    assert_lookup(&table, mac_n(6), "unknown");

    dump = tenant_table_dump(&table, &n);
    ovs_assert(n == 2);
    ovs_assert(eth_addr_equals(dump[0].mac, mac_n(3)));
    ovs_assert(eth_addr_equals(dump[1].mac, mac_n(5)));
    tenant_bindings_destroy(dump, n);

    /* Changes, one by one: set, replace, remove, remove a MAC that is not
     * there; a full table refuses a new MAC but applies the rest. */
    {
        struct tenant_binding changes[] = {
            { .mac = mac_n(7), .lnids = one }, { .mac = mac_n(3) },
            { .mac = mac_n(5), .lnids = one_two }, { .mac = mac_n(8) },
        };

        ovs_assert(tenant_table_update(&table, changes, ARRAY_SIZE(changes),
                                       &changed, NULL, NULL) == ENOSPC);
        ovs_assert(changed && tenant_table_count(&table) == 1);
        assert_lookup(&table, mac_n(7), "unknown");
        assert_lookup(&table, mac_n(3), "unknown");
        assert_lookup(&table, mac_n(5), "1,2");
        ovs_assert(!tenant_table_update(&table, changes, 1, &changed,
                                        NULL, NULL));
        assert_lookup(&table, mac_n(7), "1");
        ovs_assert(!tenant_table_update(&table, &changes[3], 1, &changed,
                                        NULL, NULL) && !changed);
    }

    /* Many entries. */
    table.max_entries = TENANT_TABLE_MAX;
    for (i = 0; i < 10000; i++) {
        ovs_assert(!tenant_table_set(&table, mac_n(1000 + i),
                                     i % 2 ? one : one_two));
    }
    assert_lookup(&table, mac_n(1000 + 4321), "1");
    assert_lookup(&table, mac_n(1000 + 4322), "1,2");
    tenant_table_clear(&table);
    ovs_assert(!tenant_table_count(&table));

    tenant_table_destroy(&table);
    lnid_set_destroy(one);
    lnid_set_destroy(one_two);
    lnid_set_destroy(global);
    ovsrcu_exit();
    printf("ok\n");
}

/* "fuzz N": parses N random strings made of LNID-like characters; each must
 * parse to a set that formats and reparses to itself, or give an error. */
/* A random set of LNIDs from 1..4, maybe global, maybe empty. */
static struct lnid_set *
random_small_set(void)
{
    uint32_t lnids[4];
    size_t n = 0;
    uint32_t bits = random_uint32();
    uint32_t lnid;

    for (lnid = 1; lnid <= 4; lnid++) {
        if (bits & (1u << lnid)) {
            lnids[n++] = lnid;
        }
    }
    return lnid_set_create(bits & 1 && !(bits & 0x40), lnids, n);
}

/* lnid_set_is_subset(a, b) must mean that replacing 'a' by 'b', as a
 * port's set or as a source's, stops no frame: ovs-vswitchd keeps cached
 * flows across such a change. */
static void
check_subset_property(void)
{
    struct lnid_set *a = random_small_set();
    struct lnid_set *b = random_small_set();
    struct lnid_set *other = random_small_set();

    if (lnid_set_is_subset(a, b)) {
        ovs_assert(tenant_check(other, true, a) != TENANT_PASS
                   || tenant_check(other, true, b) == TENANT_PASS);
        ovs_assert(tenant_check(a, true, other) != TENANT_PASS
                   || tenant_check(b, true, other) == TENANT_PASS);
    }
    lnid_set_destroy(a);
    lnid_set_destroy(b);
    lnid_set_destroy(other);
}

static void
test_fuzz(struct ovs_cmdl_context *ctx)
{
    static const char alphabet[] = "0123456789,global ";
    int n = atoi(ctx->argv[1]);
    int i, j;

    random_set_seed(0x4856);
    for (i = 0; i < n; i++) {
        check_subset_property();
    }
    for (i = 0; i < n; i++) {
        char s[64];
        int len = random_range(sizeof s);
        struct lnid_set *set, *set2;
        char *error;

        for (j = 0; j < len; j++) {
            s[j] = alphabet[random_range(sizeof alphabet - 1)];
        }
        s[len] = '\0';
        error = lnid_set_parse(s, &set);
        if (error) {
            ovs_assert(!set);
            free(error);
        } else {
            struct ds f = DS_EMPTY_INITIALIZER;

            lnid_set_format(set, &f);
            error = lnid_set_parse(ds_cstr(&f), &set2);
            ovs_assert(!error && lnid_set_equals(set, set2));
            lnid_set_destroy(set2);
            lnid_set_destroy(set);
            ds_destroy(&f);
        }
    }
    printf("ok\n");
}

/* Appends 'n' random bytes to 'b'. */
static void
put_random_bytes(struct ofpbuf *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint8_t byte = random_uint8();

        ofpbuf_put(b, &byte, 1);
    }
}

/* Makes a check_tenant action in 'b': a valid one, a valid one with a
 * random flaw, or random attributes. */
static void
make_fuzzed_action(struct ofpbuf *b)
{
    int kind = random_range(4);
    size_t ofs;

    ofpbuf_clear(b);
    if (kind == 0) {
        /* Random payload. */
        ofs = nl_msg_start_nested(b, OVS_ACTION_ATTR_CHECK_TENANT);
        put_random_bytes(b, random_range(200));
        nl_msg_end_nested(b, ofs);
    } else {
        uint32_t lnids[LNID_SET_MAX + 2];
        size_t n = random_range(ARRAY_SIZE(lnids) + 1), i;

        for (i = 0; i < n; i++) {
            lnids[i] = (kind == 1 ? random_uint32()
                        : i * 1000 + 1 + random_range(999));
        }
        ofs = nl_msg_start_nested(b, OVS_ACTION_ATTR_CHECK_TENANT);
        if (kind != 3 || random_range(2)) {
            nl_msg_put_unspec(b, OVS_CHECK_TENANT_ATTR_LNIDS, lnids,
                              n * sizeof lnids[0] - (kind == 3 && n));
        }
        if (random_range(2)) {
            nl_msg_put_flag(b, OVS_CHECK_TENANT_ATTR_GLOBAL);
        }
        if (kind != 3 || random_range(2)) {
            size_t pass = nl_msg_start_nested(b,
                                              OVS_CHECK_TENANT_ATTR_ACTIONS);
            nl_msg_put_u32(b, OVS_ACTION_ATTR_OUTPUT, 1);
            nl_msg_end_nested(b, pass);
        }
        if (kind == 3) {
            nl_msg_put_u32(b, random_range(10), random_uint32());
        }
        nl_msg_end_nested(b, ofs);
    }
}

/* Makes a random frame: short, truncated, VLAN-tagged, multicast source,
 * or a known or unknown VM source. */
static struct dp_packet *
make_fuzzed_frame(void)
{
    struct dp_packet *packet = dp_packet_new(128);
    size_t len = random_range(100);
    struct flow flow;
    size_t i;

    for (i = 0; i < len; i++) {
        uint8_t byte = random_uint8();

        dp_packet_put(packet, &byte, 1);
    }
    if (len >= ETH_HEADER_LEN && random_range(2)) {
        struct eth_header *eth = dp_packet_data(packet);

        eth->eth_src = mac_n(random_range(20));
        if (len >= ETH_HEADER_LEN + VLAN_HEADER_LEN && random_range(2)) {
            eth->eth_type = htons(ETH_TYPE_VLAN);
        }
    }
    flow_extract(packet, &flow);
    return packet;
}

/* "fuzz-action N": N random or damaged check_tenant actions must be
 * refused or formatted, and N random frames must be judged, without a
 * crash or a leak, and a frame from an unknown source never passes. */
static void
test_fuzz_action(struct ovs_cmdl_context *ctx)
{
    struct tenant_table table;
    struct ofpbuf action;
    int n = atoi(ctx->argv[1]);
    int i, accepted = 0;

    random_set_seed(0x4857);
    tenant_table_init(&table);
    for (i = 0; i < 10; i++) {
        struct lnid_set *set = parse_or_die(i % 3 ? "1,2" : "3");

        ovs_assert(!tenant_table_set(&table, mac_n(i), set));
        lnid_set_destroy(set);
    }

    ofpbuf_init(&action, 512);
    for (i = 0; i < n; i++) {
        struct odp_check_tenant ct;
        struct dp_packet *packet;

        make_fuzzed_action(&action);
        if (odp_check_tenant_parse(action.data, &ct)) {
            struct ds s = DS_EMPTY_INITIALIZER;
            enum tenant_verdict verdict;
            const struct eth_header *eth;
            bool found = false;

            accepted++;
            odp_check_tenant_format(&s, action.data, NULL);
            ds_destroy(&s);

            packet = make_fuzzed_frame();
            verdict = odp_check_tenant_packet(&table, &ct, packet, NULL);
            eth = dp_packet_eth(packet);
            if (eth) {
                tenant_table_lookup(&table, eth->eth_src, &found);
            }
            ovs_assert(found || verdict == TENANT_DROP_UNKNOWN_SRC);
            dp_packet_delete(packet);
        }
    }
    ovs_assert(accepted > 0 && accepted < n);
    ofpbuf_uninit(&action);
    tenant_table_destroy(&table);
    ovsrcu_exit();
    printf("ok\n");
}

/* "fuzz-dpif DPIF N [strict]": puts N datapath flows with random or damaged
 * check_tenant actions into existing datapath DPIF (e.g. system@ovs-system)
 * and deletes them again.  With "strict" (a datapath that validates
 * actions, as the kernel does), every action it accepted must come back
 * from it well formed.  Prints how many it accepted. */
static void
test_fuzz_dpif(struct ovs_cmdl_context *ctx)
{
    bool strict = ctx->argc > 3 && !strcmp(ctx->argv[3], "strict");
    int n = atoi(ctx->argv[2]);
    struct ofpbuf action;
    char *name, *type;
    struct dpif *dpif;
    int i, accepted = 0;
    int error;

    /* Refusals are the expected outcome here, not warnings. */
    vlog_set_levels(vlog_module_from_name("dpif"), VLF_ANY_DESTINATION,
                    VLL_OFF);
    dp_parse_name(ctx->argv[1], &name, &type);
    error = dpif_open(name, type, &dpif);
    if (error) {
        ovs_fatal(error, "%s: cannot open datapath", ctx->argv[1]);
    }
    random_set_seed(0x4858);
    ofpbuf_init(&action, 512);
    for (i = 0; i < n; i++) {
        struct ofpbuf key, mask, buf;
        struct dpif_flow flow;
        char *s, *errmsg = NULL;
        uint64_t stub[1024 / 8];

        make_fuzzed_action(&action);
        ofpbuf_init(&key, 0);
        ofpbuf_init(&mask, 0);
        s = xasprintf("in_port(0),eth(src=52:54:00:%02x:%02x:%02x),"
                      "eth_type(0x88b5)", (i >> 16) & 0xff, (i >> 8) & 0xff,
                      i & 0xff);
        if (odp_flow_from_string(s, NULL, &key, &mask, &errmsg)) {
            ovs_fatal(0, "%s: %s", s, errmsg);
        }
        if (!dpif_flow_put(dpif, DPIF_FP_CREATE, key.data, key.size,
                           mask.data, mask.size, action.data, action.size,
                           NULL, PMD_ID_NULL, NULL)) {
            accepted++;
            ofpbuf_use_stub(&buf, stub, sizeof stub);
            error = dpif_flow_get(dpif, key.data, key.size, NULL,
                                  PMD_ID_NULL, &buf, &flow);
            if (error) {
                ovs_fatal(error, "flow %d: cannot read it back", i);
            }
            if (strict) {
                const struct nlattr *a;
                size_t left;

                NL_ATTR_FOR_EACH (a, left, flow.actions, flow.actions_len) {
                    struct odp_check_tenant ct;

                    if (nl_attr_type(a) != OVS_ACTION_ATTR_CHECK_TENANT
                        || !odp_check_tenant_parse(a, &ct)) {
                        struct ds d = DS_EMPTY_INITIALIZER;

                        format_odp_actions(&d, flow.actions,
                                           flow.actions_len, NULL);
                        ovs_fatal(0, "flow %d: accepted and stored "
                                  "malformed: %s", i, ds_cstr(&d));
                    }
                }
            }
            ofpbuf_uninit(&buf);
            error = dpif_flow_del(dpif, key.data, key.size, NULL,
                                  PMD_ID_NULL, NULL);
            if (error) {
                ovs_fatal(error, "flow %d: cannot delete it", i);
            }
        }
        free(s);
        ofpbuf_uninit(&key);
        ofpbuf_uninit(&mask);
    }
    ofpbuf_uninit(&action);
    dpif_close(dpif);
    free(name);
    free(type);
    printf("accepted %d of %d\n", accepted, n);
}

/* Opens datapath 'name' (e.g. "system@hv0"), or dies. */
static struct dpif *
open_dpif_or_die(const char *full_name)
{
    char *name, *type;
    struct dpif *dpif;
    int error;

    dp_parse_name(full_name, &name, &type);
    error = dpif_open(name, type, &dpif);
    if (error) {
        ovs_fatal(error, "%s: cannot open datapath", full_name);
    }
    free(name);
    free(type);
    return dpif;
}

/* Binds mac_n(0) to mac_n(n - 1) to LNID 1 in 'dpif''s tenant table.
 * Returns how many it bound before the first refusal, with that refusal's
 * error in '*error' (0 if none). */
static long
bind_macs(struct dpif *dpif, long n, int *error)
{
    struct lnid_set *set = parse_or_die("1");
    long i;

    *error = 0;
    for (i = 0; i < n; i++) {
        *error = dpif_tenant_set(dpif, mac_n(i), set);
        if (*error) {
            break;
        }
    }
    lnid_set_destroy(set);
    return i;
}

/* "fill-dpif DPIF N": binds N MACs to LNID 1 in DPIF's tenant table and
 * prints how many it took and how the first refusal read. */
static void
test_fill_dpif(struct ovs_cmdl_context *ctx)
{
    struct dpif *dpif = open_dpif_or_die(ctx->argv[1]);
    long n = atol(ctx->argv[2]);
    int error;
    long bound = bind_macs(dpif, n, &error);

    printf("bound %ld of %ld%s%s\n", bound, n, error ? ": " : "",
           error ? ovs_strerror(error) : "");
    dpif_close(dpif);
}

/* "features-dpif DPIF": prints the limits DPIF's tenant table reports. */
static void
test_features_dpif(struct ovs_cmdl_context *ctx)
{
    struct dpif *dpif = open_dpif_or_die(ctx->argv[1]);
    uint32_t max_entries, max_lnids;
    int error;

    error = dpif_tenant_get_features(dpif, &max_entries, &max_lnids);
    if (error) {
        printf("features: %s\n", ovs_strerror(error));
    } else {
        printf("max entries %"PRIu32", max lnids %"PRIu32"\n",
               max_entries, max_lnids);
    }
    dpif_close(dpif);
}

#ifdef __linux__
/* Puts a random attribute of the ovs_tenant family into 'b': sometimes a
 * plausible one, often a wrong length, type or content. */
static void
put_fuzzed_tenant_attr(struct ofpbuf *b)
{
    uint16_t type = random_range(OVS_TENANT_ATTR_MAX + 3);
    uint32_t lnids[LNID_SET_MAX + 4];
    size_t i, n;

    switch (random_range(4)) {
    case 0: {
        struct eth_addr mac = mac_n(random_range(64));

        if (random_range(4) == 0) {
            mac.ea[0] |= 1;                     /* Multicast. */
        }
        nl_msg_put_unspec(b, OVS_TENANT_ATTR_MAC, &mac,
                          random_range(8) ? sizeof mac : random_range(9));
        break;
    }
    case 1:
        n = random_range(ARRAY_SIZE(lnids) + 1);
        for (i = 0; i < n; i++) {
            lnids[i] = (random_range(4) ? i * 100 + 1 + random_range(99)
                        : random_uint32());
        }
        nl_msg_put_unspec(b, OVS_TENANT_ATTR_LNIDS, lnids,
                          n * sizeof lnids[0] - (n && !random_range(8)));
        break;
    case 2:
        nl_msg_put_flag(b, OVS_TENANT_ATTR_GLOBAL);
        break;
    default: {
        size_t ofs = b->size;

        nl_msg_put_unspec_zero(b, type, random_range(64));
        for (i = ofs + NLA_HDRLEN; i < b->size; i++) {
            ((uint8_t *) b->data)[i] = random_uint8();
        }
        break;
    }
    }
}

/* The ifindex of kernel datapath 'name' ("system@NAME" or "NAME"). */
static int
dp_ifindex_or_die(const char *name)
{
    const char *at = strchr(name, '@');
    int ifindex = if_nametoindex(at ? at + 1 : name);

    if (!ifindex) {
        ovs_fatal(errno, "%s: no such interface", name);
    }
    return ifindex;
}

/* The ovs_tenant generic netlink family's number. */
static int
tenant_family_or_die(void)
{
    int family = 0;
    int error = nl_lookup_genl_family(OVS_TENANT_FAMILY, &family);

    if (error) {
        ovs_fatal(error, "no %s family", OVS_TENANT_FAMILY);
    }
    return family;
}

/* Starts an ovs_tenant request 'cmd' about datapath 'dp_ifindex'. */
static void
tenant_genl_request(struct ofpbuf *request, int family, uint32_t flags,
                    uint8_t cmd, int dp_ifindex)
{
    struct ovs_header *ovs_header;

    ofpbuf_init(request, 0);
    nl_msg_put_genlmsghdr(request, 0, family, NLM_F_REQUEST | flags, cmd,
                          OVS_TENANT_VERSION);
    ovs_header = ofpbuf_put_zeros(request, sizeof *ovs_header);
    ovs_header->dp_ifindex = dp_ifindex;
}

/* "fuzz-genl DPIF N": sends N random or damaged requests of the ovs_tenant
 * generic netlink family about DPIF (a kernel datapath), then checks that
 * every binding left in its table is well formed. */
static void
test_fuzz_genl(struct ovs_cmdl_context *ctx)
{
    struct dpif *dpif = open_dpif_or_die(ctx->argv[1]);
    int n = atoi(ctx->argv[2]);
    struct tenant_binding *bindings;
    int family = tenant_family_or_die();
    int dp_ifindex = dp_ifindex_or_die(ctx->argv[1]);
    int i, accepted = 0;
    size_t n_bindings;
    int error;

    random_set_seed(0x4859);
    for (i = 0; i < n; i++) {
        uint8_t cmd = random_range(OVS_TENANT_CMD_GET_DROPS + 3);
        struct ofpbuf request, *reply = NULL;
        int j, n_attrs = random_range(5);

        tenant_genl_request(&request, family, NLM_F_ECHO, cmd,
                            (random_range(16) ? dp_ifindex
                             : (int) random_uint32()));
        for (j = 0; j < n_attrs; j++) {
            put_fuzzed_tenant_attr(&request);
        }
        if (!nl_transact(NETLINK_GENERIC, &request, &reply)) {
            accepted++;
        }
        ofpbuf_uninit(&request);
        ofpbuf_delete(reply);
    }

    error = dpif_tenant_dump(dpif, &bindings, &n_bindings);
    if (error) {
        ovs_fatal(error, "cannot dump the tenant table");
    }
    for (i = 0; i < n_bindings; i++) {
        const struct lnid_set *set = bindings[i].lnids;
        size_t k;

        ovs_assert(eth_addr_is_multicast(bindings[i].mac) == false);
        ovs_assert(!eth_addr_is_zero(bindings[i].mac));
        ovs_assert(set->n <= LNID_SET_MAX);
        for (k = 0; k < set->n; k++) {
            ovs_assert(set->lnids[k] >= 1 && set->lnids[k] <= LNID_MAX);
            ovs_assert(!k || set->lnids[k] > set->lnids[k - 1]);
        }
    }
    tenant_bindings_destroy(bindings, n_bindings);
    dpif_close(dpif);
    printf("ok: %d of %d requests accepted, %"PRIuSIZE" bindings, all "
           "well formed\n", accepted, n, n_bindings);
}


/* "read-genl DPIF": asks the ovs_tenant family for DPIF's (a kernel
 * datapath's) whole table, one binding and one drop counter, and prints
 * how each went: for a user without CAP_NET_ADMIN, each must be refused. */
static void
test_read_genl(struct ovs_cmdl_context *ctx)
{
    int dp_ifindex = dp_ifindex_or_die(ctx->argv[1]);
    struct eth_addr mac = mac_n(0);
    struct ofpbuf request, *reply;
    struct nl_dump dump;
    uint64_t stub[1024 / 8];
    struct ofpbuf buf, msg;
    int family = tenant_family_or_die();
    int error, n = 0;

    tenant_genl_request(&request, family, NLM_F_DUMP, OVS_TENANT_CMD_GET,
                        dp_ifindex);
    nl_dump_start(&dump, NETLINK_GENERIC, &request);
    ofpbuf_uninit(&request);
    ofpbuf_use_stub(&buf, stub, sizeof stub);
    while (nl_dump_next(&dump, &msg, &buf)) {
        n++;
    }
    error = nl_dump_done(&dump);
    ofpbuf_uninit(&buf);
    printf("dump: %s\n", error ? ovs_strerror(error) : "read");

    tenant_genl_request(&request, family, 0, OVS_TENANT_CMD_GET, dp_ifindex);
    nl_msg_put_unspec(&request, OVS_TENANT_ATTR_MAC, &mac, sizeof mac);
    error = nl_transact(NETLINK_GENERIC, &request, &reply);
    printf("get: %s\n", error ? ovs_strerror(error) : "read");
    ofpbuf_uninit(&request);
    ofpbuf_delete(reply);

    tenant_genl_request(&request, family, 0, OVS_TENANT_CMD_GET_DROPS,
                        dp_ifindex);
    nl_msg_put_u32(&request, OVS_TENANT_ATTR_PORT_NO, 1);
    error = nl_transact(NETLINK_GENERIC, &request, &reply);
    printf("get drops: %s\n", error ? ovs_strerror(error) : "read");
    ofpbuf_uninit(&request);
    ofpbuf_delete(reply);
}

/* The index i of mac_n(i), or -1 if 'mac' is not one. */
static long
mac_index(struct eth_addr mac)
{
    struct eth_addr base = mac_n(0);

    return (memcmp(mac.ea, base.ea, 3) ? -1
            : mac.ea[3] << 16 | mac.ea[4] << 8 | mac.ea[5]);
}

/* Reads the next part of the dump on 'fd' into 'buf' with MSG_PEEK, so
 * that the kernel makes no further part yet (its receive buffer is full),
 * marks the part's mac_n() MACs in 'seen' and puts the indexes of its last
 * two in 'last'.  Returns false at the end of the dump. */
static bool
dump_race_peek(int fd, struct ofpbuf *buf, unsigned long *seen, long n,
               long last[2])
{
    size_t hdr_len = NLMSG_HDRLEN + GENL_HDRLEN + sizeof(struct ovs_header);
    const struct nlmsghdr *nlh;
    ssize_t len;
    size_t left;

    last[0] = last[1] = -1;
    do {
        len = recv(fd, buf->data, buf->allocated, MSG_PEEK);
    } while (len < 0 && errno == EINTR);
    if (len <= 0) {
        ovs_fatal(len ? errno : 0, "dump: recv failed");
    }
    left = len;
    for (nlh = buf->data; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
        const struct nlattr *mac;
        struct ofpbuf msg;

        if (nlh->nlmsg_type == NLMSG_DONE) {
            return false;
        } else if (nlh->nlmsg_type == NLMSG_ERROR) {
            const struct nlmsgerr *err = NLMSG_DATA(nlh);

            ovs_fatal(-err->error, "dump: error reply");
        }
        ofpbuf_use_const(&msg, nlh, nlh->nlmsg_len);
        mac = nl_attr_find(&msg, hdr_len, OVS_TENANT_ATTR_MAC);
        if (mac && nl_attr_get_size(mac) == ETH_ADDR_LEN) {
            struct eth_addr ea;
            long k;

            memcpy(&ea, nl_attr_get(mac), ETH_ADDR_LEN);
            k = mac_index(ea);
            if (k >= 0 && k < n) {
                bitmap_set1(seen, k);
                last[0] = last[1];
                last[1] = k;
            }
        }
    }
    return true;
}

/* "dump-race DPIF N [PERMILLE]": binds N MACs in DPIF (a kernel datapath),
 * dumps its tenant table and, between two parts of the dump, removes the
 * last two bindings the earlier part held, as a concurrent writer might,
 * and with PERMILLE also N * PERMILLE / 1000 of the N at random (among
 * them, sooner or later, the one the dump stopped at and others of its
 * bucket).  Every binding that stayed must be in the dump: prints how
 * many were missed. */
static void
test_dump_race(struct ovs_cmdl_context *ctx)
{
    struct dpif *dpif = open_dpif_or_die(ctx->argv[1]);
    long n = atol(ctx->argv[2]);
    int permille = ctx->argc > 3 ? atoi(ctx->argv[3]) : 0;
    unsigned long *deleted = bitmap_allocate(n);
    unsigned long *seen = bitmap_allocate(n);
    int family = tenant_family_or_die();
    int dp_ifindex = dp_ifindex_or_die(ctx->argv[1]);
    int fd, rcvbuf = 0, error;
    long n_parts = 0, n_deleted = 0, i;
    struct ofpbuf request, buf;
    bool more;

    i = bind_macs(dpif, n, &error);
    if (error) {
        ovs_fatal(error, "binding %ld failed", i);
    }
    fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
    if (fd < 0
        || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf)) {
        ovs_fatal(errno, "dump: cannot set up a netlink socket");
    }

    tenant_genl_request(&request, family, NLM_F_DUMP, OVS_TENANT_CMD_GET,
                        dp_ifindex);
    nl_msg_nlmsghdr(&request)->nlmsg_len = request.size;
    if (send(fd, request.data, request.size, 0) != request.size) {
        ovs_fatal(errno, "dump: send failed");
    }
    ofpbuf_uninit(&request);

    ofpbuf_init(&buf, 65536);
    do {
        long last[2];

        more = dump_race_peek(fd, &buf, seen, n, last);
        for (i = 0; more && i < 2; i++) {
            if (last[i] >= 0 && !bitmap_is_set(deleted, last[i])) {
                bitmap_set1(deleted, last[i]);
                n_deleted++;
                dpif_tenant_set(dpif, mac_n(last[i]), NULL);
            }
        }
        for (i = 0; more && i < n * permille / 1000; i++) {
            long k = random_range(n);

            if (!bitmap_is_set(deleted, k)) {
                bitmap_set1(deleted, k);
                n_deleted++;
                dpif_tenant_set(dpif, mac_n(k), NULL);
            }
        }
        ignore(recv(fd, buf.data, buf.allocated, 0));
        n_parts++;
    } while (more);

    long missed = 0;
    for (i = 0; i < n; i++) {
        missed += !bitmap_is_set(deleted, i) && !bitmap_is_set(seen, i);
    }
    printf("%ld parts, %ld deleted between parts, %ld missed\n",
           n_parts, n_deleted, missed);
    bitmap_free(seen);
    bitmap_free(deleted);
    ofpbuf_uninit(&buf);
    close(fd);
    dpif_close(dpif);
}
#endif /* __linux__ */

static const struct ovs_cmdl_command commands[] = {
    {"parse", "LIST...", 1, INT_MAX, test_parse, OVS_RO},
    {"check", "SRC PORT", 2, 2, test_check, OVS_RO},
    {"table", "", 0, 0, test_table, OVS_RO},
    {"fuzz", "N", 1, 1, test_fuzz, OVS_RO},
    {"fuzz-action", "N", 1, 1, test_fuzz_action, OVS_RO},
    {"fuzz-dpif", "DPIF N [strict]", 2, 3, test_fuzz_dpif, OVS_RO},
    {"fill-dpif", "DPIF N", 2, 2, test_fill_dpif, OVS_RO},
    {"features-dpif", "DPIF", 1, 1, test_features_dpif, OVS_RO},
#ifdef __linux__
    {"read-genl", "DPIF", 1, 1, test_read_genl, OVS_RO},
    {"fuzz-genl", "DPIF N", 2, 2, test_fuzz_genl, OVS_RO},
    {"dump-race", "DPIF N [PERMILLE]", 2, 3, test_dump_race, OVS_RO},
#endif
    {NULL, NULL, 0, 0, NULL, OVS_RO},
};

static void
test_tenant_main(int argc, char *argv[])
{
    struct ovs_cmdl_context ctx = {
        .argc = argc - 1,
        .argv = argv + 1,
    };

    set_program_name(argv[0]);
    ovs_cmdl_run_command(&ctx, commands);
}

OVSTEST_REGISTER("test-tenant", test_tenant_main);
