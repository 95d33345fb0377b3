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
#include "odp-tenant.h"

#include "dp-packet.h"
#include "netlink.h"
#include "odp-netlink.h"
#include "odp-util.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"
#include "util.h"

BUILD_ASSERT_DECL(OVS_TENANT_LNID_MAX == LNID_MAX);
BUILD_ASSERT_DECL(OVS_TENANT_LNIDS_MAX == LNID_SET_MAX);

/* Starts a check_tenant action for a port whose LNIDs are 'port_lnids' in
 * 'buf'.  The caller then appends the actions to run on pass and calls
 * odp_put_check_tenant_end(). */
struct odp_check_tenant_ofs
odp_put_check_tenant_start(struct ofpbuf *buf,
                           const struct lnid_set *port_lnids)
{
    struct odp_check_tenant_ofs ofs;

    ofs.action = nl_msg_start_nested(buf, OVS_ACTION_ATTR_CHECK_TENANT);
    if (!lnid_set_is_empty(port_lnids)) {
        if (port_lnids->n) {
            nl_msg_put_unspec(buf, OVS_CHECK_TENANT_ATTR_LNIDS,
                              port_lnids->lnids,
                              port_lnids->n * sizeof port_lnids->lnids[0]);
        }
        if (port_lnids->global) {
            nl_msg_put_flag(buf, OVS_CHECK_TENANT_ATTR_GLOBAL);
        }
    }
    ofs.pass = nl_msg_start_nested(buf, OVS_CHECK_TENANT_ATTR_ACTIONS);
    return ofs;
}

void
odp_put_check_tenant_end(struct ofpbuf *buf, struct odp_check_tenant_ofs ofs)
{
    nl_msg_end_nested(buf, ofs.pass);
    nl_msg_end_nested(buf, ofs.action);
}

/* Validates the LNID array attribute 'a' into 'ct'. */
static bool
parse_lnids(const struct nlattr *a, struct odp_check_tenant *ct)
{
    size_t size = nl_attr_get_size(a);
    size_t i;

    if (size % sizeof(uint32_t) || size > LNID_SET_MAX * sizeof(uint32_t)) {
        return false;
    }
    ct->lnids = nl_attr_get(a);
    ct->n_lnids = size / sizeof(uint32_t);
    for (i = 0; i < ct->n_lnids; i++) {
        if (ct->lnids[i] < 1 || ct->lnids[i] > LNID_MAX
            || (i && ct->lnids[i] <= ct->lnids[i - 1])) {
            return false;
        }
    }
    return true;
}

/* Validates check_tenant action 'a' and stores its parts in 'ct'.  Returns
 * false, never trusting it, if it is malformed: unknown or repeated
 * attributes, LNIDs out of range, unsorted or too many, no actions.  This
 * runs for every packet batch, so it walks the attributes once instead of
 * going through a generic policy. */
bool
odp_check_tenant_parse(const struct nlattr *a, struct odp_check_tenant *ct)
{
    const struct nlattr *nla;
    unsigned int seen = 0;
    size_t left;

    memset(ct, 0, sizeof *ct);
    if (nl_attr_type(a) != OVS_ACTION_ATTR_CHECK_TENANT) {
        return false;
    }
    NL_NESTED_FOR_EACH (nla, left, a) {
        uint16_t type = nl_attr_type(nla);

        if (type > OVS_CHECK_TENANT_ATTR_MAX || seen & (1u << type)) {
            return false;
        }
        seen |= 1u << type;
        switch (type) {
        case OVS_CHECK_TENANT_ATTR_LNIDS:
            if (!parse_lnids(nla, ct)) {
                return false;
            }
            break;
        case OVS_CHECK_TENANT_ATTR_GLOBAL:
            if (nl_attr_get_size(nla)) {
                return false;
            }
            ct->global = true;
            break;
        case OVS_CHECK_TENANT_ATTR_ACTIONS:
            ct->actions = nl_attr_get(nla);
            ct->actions_len = nl_attr_get_size(nla);
            break;
        default:
            return false;
        }
    }
    /* Trailing bytes that are not a whole attribute are malformed too. */
    return !left && ct->actions != NULL;
}

/* The datapath port that 'ct''s pass actions output to first, ODPP_NONE if
 * none. */
odp_port_t
odp_check_tenant_out_port(const struct odp_check_tenant *ct)
{
    const struct nlattr *a;
    size_t left;

    NL_ATTR_FOR_EACH (a, left, ct->actions, ct->actions_len) {
        if (nl_attr_type(a) == OVS_ACTION_ATTR_OUTPUT
            && nl_attr_get_size(a) == sizeof(uint32_t)) {
            return nl_attr_get_odp_port(a);
        }
    }
    return ODPP_NONE;
}

static size_t
drop_slot(odp_port_t port)
{
    uint32_t n = odp_to_u32(port);

    return MIN(n, TENANT_DROP_PORTS - 1);
}

void
odp_tenant_drops_add(struct odp_tenant_drops *drops, odp_port_t port,
                     uint64_t n)
{
    uint64_t orig;

    atomic_add_relaxed(&drops->by_port[drop_slot(port)], n, &orig);
}

uint64_t
odp_tenant_drops_get(const struct odp_tenant_drops *drops_, odp_port_t port)
{
    struct odp_tenant_drops *drops = CONST_CAST(struct odp_tenant_drops *,
                                                drops_);
    uint64_t n;

    atomic_read_relaxed(&drops->by_port[drop_slot(port)], &n);
    return n;
}

/* Formats 'a' as "check_tenant(lnid(LNIDS),pass(ACTIONS))". */
void
odp_check_tenant_format(struct ds *ds, const struct nlattr *a,
                        const struct hmap *portno_names)
{
    struct odp_check_tenant ct;
    struct lnid_set *set;

    if (!odp_check_tenant_parse(a, &ct)) {
        ds_put_cstr(ds, "check_tenant(error)");
        return;
    }
    set = lnid_set_create(ct.global, ct.lnids, ct.n_lnids);
    ds_put_cstr(ds, "check_tenant(lnid(");
    lnid_set_format(set, ds);
    ds_put_cstr(ds, "),pass(");
    format_odp_actions(ds, ct.actions, ct.actions_len, portno_names);
    ds_put_cstr(ds, "))");
    lnid_set_destroy(set);
}

/* The receive filter for 'packet' under check_tenant action 'ct', with the
 * datapath's tenant table 'table'.  'cache', if nonnull, holds the previous
 * verdict for the same action in the same batch ('valid' false at first).
 * Lock-free; no allocation. */
enum tenant_verdict
odp_check_tenant_packet(const struct tenant_table *table,
                        const struct odp_check_tenant *ct,
                        const struct dp_packet *packet,
                        struct odp_check_tenant_cache *cache)
{
    const struct eth_header *eth;
    const struct lnid_set *src;
    enum tenant_verdict verdict;
    bool found = false;

    eth = dp_packet_eth(CONST_CAST(struct dp_packet *, packet));
    if (!eth || dp_packet_size(packet) < ETH_HEADER_LEN) {
        /* No Ethernet source: treat as unknown. */
        return TENANT_DROP_UNKNOWN_SRC;
    }
    if (cache && cache->valid && eth_addr_equals(cache->src, eth->eth_src)) {
        return cache->verdict;
    }

    src = tenant_table_lookup(table, eth->eth_src, &found);
    verdict = tenant_check_array(src, found, ct->global, ct->lnids,
                                 ct->n_lnids);
    if (cache) {
        cache->valid = true;
        cache->src = eth->eth_src;
        cache->verdict = verdict;
    }
    return verdict;
}
