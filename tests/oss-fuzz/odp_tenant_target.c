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

/* Fuzzes the check_tenant datapath action (lib/odp-tenant.c and its text
 * parser in odp-util.c), beyond what upstream's odp_target does with its
 * text form:
 *
 *   - first byte even: the rest is action text.  What the parser composes
 *     the validator accepts, and formatting is idempotent: the text of the
 *     parsed actions parses to actions of the same text;
 *
 *   - first byte odd: the rest is a netlink action list, as a datapath
 *     receives it from anyone who can talk to it.  Formatting it must not
 *     crash (see formattable()); every check_tenant the validator accepts
 *     has sane LNIDs, and
 *     the per-packet verdict, the per-flow verdict cache and the
 *     reference rule (tenant_check_array()) agree on it. */

#include <config.h>
#undef NDEBUG
#include "tenant-fuzz.h"

#include <string.h>
#include "dp-packet.h"
#include "netlink.h"
#include "odp-netlink.h"
#include "odp-tenant.h"
#include "odp-util.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"

/* The sources the verdicts are taken for: three bound, one unknown. */
#define N_SOURCES 4
static struct eth_addr sources[N_SOURCES];
static struct tenant_table table;

static void
init_table(void)
{
    static const struct eth_addr first = ETH_ADDR_C(50, 54, 00, 00, 00, 01);
    static const uint32_t one[] = { 1 };
    static const uint32_t two_three[] = { 2, 3 };
    struct lnid_set *sets[3] = {
        lnid_set_create(false, one, 1),
        lnid_set_create(true, NULL, 0),
        lnid_set_create(false, two_three, 2),
    };

    tenant_table_init(&table);
    for (int i = 0; i < N_SOURCES; i++) {
        sources[i] = first;
        sources[i].ea[5] += i;
        if (i < 3) {
            ovs_assert(!tenant_table_set(&table, sources[i], sets[i]));
            lnid_set_destroy(sets[i]);
        }
    }
}

static enum tenant_verdict
reference_verdict(const struct odp_check_tenant *ct, struct eth_addr src)
{
    bool found;
    const struct lnid_set *lnids = tenant_table_lookup(&table, src, &found);

    return tenant_check_array(lnids, found, ct->global, ct->lnids,
                              ct->n_lnids);
}

static void
check_valid_action(const struct odp_check_tenant *ct)
{
    for (size_t i = 0; i < ct->n_lnids; i++) {
        ovs_assert(ct->lnids[i] >= 1 && ct->lnids[i] <= LNID_MAX);
        ovs_assert(!i || ct->lnids[i] > ct->lnids[i - 1]);
    }
    ovs_assert(ct->n_lnids <= LNID_SET_MAX);
    ovs_assert(ct->actions);
    (void) odp_check_tenant_out_port(ct);

    for (int i = 0; i < N_SOURCES; i++) {
        struct odp_check_tenant_cache cache = { .valid = false };
        struct eth_header *eth;
        struct dp_packet *packet;

        packet = dp_packet_new(ETH_HEADER_LEN);
        eth = dp_packet_put_zeros(packet, ETH_HEADER_LEN);
        eth->eth_src = sources[i];
        dp_packet_reset_offsets(packet);
        packet->l3_ofs = ETH_HEADER_LEN;  /* As flow extraction leaves it. */
        ovs_assert(odp_check_tenant_packet(&table, ct, packet, &cache)
                   == reference_verdict(ct, sources[i]));
        /* Again, from the batch cache. */
        ovs_assert(odp_check_tenant_packet(&table, ct, packet, &cache)
                   == reference_verdict(ct, sources[i]));
        dp_packet_delete(packet);
    }
}

/* The per-flow verdict cache of 'actions' finds exactly its slots, and
 * gives each slot's reference verdict. */
static void
check_flow_cache(const struct nlattr *actions, size_t len)
{
    size_t size = odp_tenant_flow_cache_size(actions, len);
    struct odp_tenant_flow_cache *cache;

    if (!size) {
        return;
    }
    cache = xzalloc(size);
    odp_tenant_flow_cache_init(cache, actions, len);
    ovs_assert(cache->n);
    for (size_t i = 0; i < cache->n; i++) {
        struct odp_tenant_flow_slot *slot = &cache->slots[i];

        ovs_assert(odp_tenant_flow_cache_find(cache, slot->action) == slot);
        ovs_assert(!i || slot->action > cache->slots[i - 1].action);
        check_valid_action(&slot->ct);
        for (int j = 0; j < N_SOURCES; j++) {
            enum tenant_verdict want = reference_verdict(&slot->ct,
                                                         sources[j]);

            /* Twice: computed, then cached.  A cache entry serves one
             * source, as one datapath flow matches one. */
            atomic_store_relaxed(&slot->state, 0);
            ovs_assert(odp_tenant_flow_verdict(slot, &table, sources[j])
                       == want);
            ovs_assert(odp_tenant_flow_verdict(slot, &table, sources[j])
                       == want);
        }
    }
    free(cache);
}

/* True if upstream's formatter may be given 'actions': it trusts the
 * shape of every action but check_tenant, since datapaths hand it only
 * actions they validated (given a set() whose key is longer than the set,
 * odp_flow_format() reads past it).  So only check_tenant, with the
 * actions whose shape is their length, nested as deep as the fuzzer
 * likes. */
static bool
formattable(const struct nlattr *actions, size_t len)
{
    const struct nlattr *a;
    size_t left;

    NL_ATTR_FOR_EACH (a, left, actions, len) {
        struct odp_check_tenant ct;

        switch (nl_attr_type(a)) {
        case OVS_ACTION_ATTR_OUTPUT:
        case OVS_ACTION_ATTR_RECIRC:
        case OVS_ACTION_ATTR_POP_VLAN:
        case OVS_ACTION_ATTR_PUSH_VLAN:
        case OVS_ACTION_ATTR_CT_CLEAR:
            break;
        case OVS_ACTION_ATTR_CLONE:
            if (!formattable(nl_attr_get(a), nl_attr_get_size(a))) {
                return false;
            }
            break;
        case OVS_ACTION_ATTR_CHECK_TENANT:
            /* Malformed ones are formatted as "check_tenant(error)". */
            if (odp_check_tenant_parse(a, &ct)
                && !formattable(ct.actions, ct.actions_len)) {
                return false;
            }
            break;
        default:
            return false;
        }
    }
    return !left;
}

static void
check_binary(const uint8_t *data, size_t size)
{
    struct ofpbuf actions;
    const struct nlattr *a;
    size_t left;

    /* A copy, so that the attributes are aligned as netlink's are. */
    ofpbuf_init(&actions, size);
    ofpbuf_put(&actions, data, size);

    if (formattable(actions.data, actions.size)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        format_odp_actions(&s, actions.data, actions.size, NULL);
        ds_destroy(&s);
    }

    NL_ATTR_FOR_EACH (a, left, actions.data, actions.size) {
        struct odp_check_tenant ct;

        if (nl_attr_type(a) == OVS_ACTION_ATTR_CHECK_TENANT
            && odp_check_tenant_parse(a, &ct)) {
            check_valid_action(&ct);
        }
    }
    check_flow_cache(actions.data, actions.size);
    ofpbuf_uninit(&actions);
}

static void
check_text(const char *text)
{
    struct ofpbuf first, second;
    struct ds s1 = DS_EMPTY_INITIALIZER;
    struct ds s2 = DS_EMPTY_INITIALIZER;
    const struct nlattr *a;
    size_t left;

    ofpbuf_init(&first, 0);
    ofpbuf_init(&second, 0);
    if (odp_actions_from_string(text, NULL, &first)) {
        goto out;
    }
    NL_ATTR_FOR_EACH (a, left, first.data, first.size) {
        struct odp_check_tenant ct;

        if (nl_attr_type(a) == OVS_ACTION_ATTR_CHECK_TENANT) {
            /* What the parser composes, the validator accepts. */
            ovs_assert(odp_check_tenant_parse(a, &ct));
            check_valid_action(&ct);
        }
    }
    check_flow_cache(first.data, first.size);

    format_odp_actions(&s1, first.data, first.size, NULL);
    if (strstr(ds_cstr(&s1), "check_tenant")
        && !odp_actions_from_string(ds_cstr(&s1), NULL, &second)) {
        format_odp_actions(&s2, second.data, second.size, NULL);
        ovs_assert(!strcmp(ds_cstr(&s1), ds_cstr(&s2)));
    }

out:
    ds_destroy(&s1);
    ds_destroy(&s2);
    ofpbuf_uninit(&first);
    ofpbuf_uninit(&second);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool inited;

    tenant_fuzz_init();
    if (!inited) {
        init_table();
        inited = true;
    }
    if (!size) {
        return 0;
    }
    if (data[0] & 1) {
        check_binary(data + 1, size - 1);
    } else {
        char *text = tenant_fuzz_string(data + 1, size - 1);

        check_text(text);
        free(text);
    }
    return 0;
}
