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

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "coverage.h"
#include "dp-packet.h"
#include "flow.h"
#include "netlink.h"
#include "odp-netlink.h"
#include "odp-util.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"
#include "tenant-netlink.h"
#include "util.h"

/* Per-flow check_tenant verdicts computed (cache misses of
 * odp_tenant_flow_verdict()), once per flow and tenant table change. */
COVERAGE_DEFINE(tenant_flow_verdict);

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

    if (size % sizeof(uint32_t)) {
        return false;
    }
    ct->lnids = nl_attr_get(a);
    ct->n_lnids = size / sizeof(uint32_t);
    return lnid_array_is_valid(ct->lnids, ct->n_lnids);
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

static odp_port_t
first_out_port(const struct nlattr *actions, size_t actions_len)
{
    const struct nlattr *a;
    size_t left;

    NL_ATTR_FOR_EACH (a, left, actions, actions_len) {
        odp_port_t port = ODPP_NONE;

        switch (nl_attr_type(a)) {
        case OVS_ACTION_ATTR_OUTPUT:
            if (nl_attr_get_size(a) == sizeof(uint32_t)) {
                port = nl_attr_get_odp_port(a);
            }
            break;
        case OVS_ACTION_ATTR_TUNNEL_PUSH:
            /* The userspace datapath's tunnel output: its tunnel port. */
            if (nl_attr_get_size(a) >= sizeof(odp_port_t)) {
                port = *ALIGNED_CAST(const odp_port_t *, nl_attr_get(a));
            }
            break;
        case OVS_ACTION_ATTR_CLONE:
            port = first_out_port(nl_attr_get(a), nl_attr_get_size(a));
            break;
        }
        if (port != ODPP_NONE) {
            return port;
        }
    }
    return ODPP_NONE;
}

/* The datapath port that 'ct''s pass actions output to first, ODPP_NONE if
 * none.  For a tunnel that is the datapath's port for its tunnel type,
 * which all tunnels of that type share. */
odp_port_t
odp_check_tenant_out_port(const struct odp_check_tenant *ct)
{
    return first_out_port(ct->actions, ct->actions_len);
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

/* Parses 's', which starts "check_tenant(", in the form that
 * odp_check_tenant_format() writes, appending the action to 'actions'; the
 * nested actions with 'parse_actions' (odp-util.c's parser, given 'aux').
 * Returns the number of bytes parsed, or a negative errno value. */
int
odp_check_tenant_from_string(const char *s, struct ofpbuf *actions,
                             int (*parse_actions)(void *aux, const char *,
                                                  struct ofpbuf *),
                             void *aux)
{
    static const char prefix[] = "check_tenant(lnid(";
    struct odp_check_tenant_ofs ofs;
    struct lnid_set *lnids = NULL;
    int n = strlen(prefix);
    size_t len;
    char *error;

    if (strncmp(s, prefix, n)) {
        return -EINVAL;
    }
    len = strcspn(s + n, ")");
    char *lnid_str = xmemdup0(s + n, len);
    error = strcmp(lnid_str, "none") ? lnid_set_parse(lnid_str, &lnids) : NULL;
    free(lnid_str);
    if (error) {
        free(error);
        return -EINVAL;
    }
    n += len;
    if (strncmp(s + n, "),pass(", 7)) {
        lnid_set_destroy(lnids);
        return -EINVAL;
    }
    n += 7;
    ofs = odp_put_check_tenant_start(actions, lnids);
    lnid_set_destroy(lnids);
    if (!strncasecmp(s + n, "drop", 4)) {
        n += 4;
    } else {
        int retval = parse_actions(aux, s + n, actions);

        if (retval < 0) {
            return retval;
        }
        n += retval;
    }
    odp_put_check_tenant_end(actions, ofs);
    return !strncmp(s + n, "))", 2) ? n + 2 : -EINVAL;
}

/* The receive filter for a frame from 'src' under check_tenant action 'ct',
 * with the datapath's tenant table 'table'. */
static enum tenant_verdict
check_source(const struct tenant_table *table,
             const struct odp_check_tenant *ct, struct eth_addr src)
{
    const struct lnid_set *lnids;
    bool found;

    lnids = tenant_table_lookup(table, src, &found);
    return tenant_check_array(lnids, found, ct->global, ct->lnids,
                              ct->n_lnids);
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
    enum tenant_verdict verdict;

    eth = dp_packet_eth(CONST_CAST(struct dp_packet *, packet));
    if (!eth || dp_packet_size(packet) < ETH_HEADER_LEN) {
        /* No Ethernet source: treat as unknown. */
        return TENANT_DROP_UNKNOWN_SRC;
    }
    if (cache && cache->valid && eth_addr_equals(cache->src, eth->eth_src)) {
        return cache->verdict;
    }

    verdict = check_source(table, ct, eth->eth_src);
    if (cache) {
        cache->valid = true;
        cache->src = eth->eth_src;
        cache->verdict = verdict;
    }
    return verdict;
}

/* True if a datapath flow with key 'flow' and mask 'wc' matches only
 * Ethernet frames from one source MAC.  Datapath flows often leave the
 * packet type wildcarded; a packet without an Ethernet header has an
 * all-zeros source in its flow key, so a nonzero exact source suffices. */
bool
odp_tenant_flow_src_exact(const struct flow *flow,
                          const struct flow_wildcards *wc)
{
    return (eth_addr_is_broadcast(wc->masks.dl_src)
            && !eth_addr_is_zero(flow->dl_src)
            && (!wc->masks.packet_type
                || flow->packet_type == htonl(PT_ETH)));
}

/* True if action 'a' leaves the packet's Ethernet source alone.  Errs on the
 * side of "no": a check_tenant after an action not listed here takes the
 * per-packet path. */
static bool
keeps_eth_src(const struct nlattr *a)
{
    switch (nl_attr_type(a)) {
    case OVS_ACTION_ATTR_OUTPUT:
    case OVS_ACTION_ATTR_USERSPACE:
    case OVS_ACTION_ATTR_PUSH_VLAN:
    case OVS_ACTION_ATTR_POP_VLAN:
    case OVS_ACTION_ATTR_PUSH_MPLS:
    case OVS_ACTION_ATTR_POP_MPLS:
    case OVS_ACTION_ATTR_HASH:
    case OVS_ACTION_ATTR_TRUNC:
    case OVS_ACTION_ATTR_CT:
    case OVS_ACTION_ATTR_CT_CLEAR:
    case OVS_ACTION_ATTR_METER:
    case OVS_ACTION_ATTR_CLONE:         /* Runs on a copy. */
    case OVS_ACTION_ATTR_SAMPLE:        /* Runs on a copy. */
    case OVS_ACTION_ATTR_CHECK_TENANT:  /* Runs on a copy. */
        return true;

    case OVS_ACTION_ATTR_SET:
    case OVS_ACTION_ATTR_SET_MASKED: {
        const struct nlattr *key = nl_attr_get(a);

        return (nl_attr_get_size(a) >= NLA_HDRLEN
                && nl_attr_type(key) != OVS_KEY_ATTR_ETHERNET);
    }

    default:
        return false;
    }
}

/* Walks the top-level 'actions' and, if 'cache' is nonnull, fills in a slot
 * for each check_tenant action that can have one.  Returns the number of
 * such actions. */
static size_t
tenant_flow_walk(const struct nlattr *actions, size_t len,
                 struct odp_tenant_flow_cache *cache)
{
    const struct nlattr *a;
    size_t left, n = 0;

    NL_ATTR_FOR_EACH (a, left, actions, len) {
        struct odp_check_tenant ct;

        if (nl_attr_type(a) == OVS_ACTION_ATTR_CHECK_TENANT
            && odp_check_tenant_parse(a, &ct)) {
            if (cache) {
                struct odp_tenant_flow_slot *slot = &cache->slots[n];

                slot->action = a;
                slot->ct = ct;
                slot->out_port = odp_check_tenant_out_port(&ct);
                atomic_init(&slot->state, 0);
            }
            n++;
        }
        if (!keeps_eth_src(a)) {
            break;
        }
    }
    if (cache) {
        cache->n = n;
    }
    return n;
}

/* Bytes that the verdict cache for 'actions' needs, 0 if it needs none. */
size_t
odp_tenant_flow_cache_size(const struct nlattr *actions, size_t len)
{
    size_t n = tenant_flow_walk(actions, len, NULL);

    return n ? sizeof(struct odp_tenant_flow_cache)
               + n * sizeof(struct odp_tenant_flow_slot) : 0;
}

/* Initializes 'cache', of odp_tenant_flow_cache_size() bytes, for 'actions',
 * which must stay in place and unchanged for the cache's lifetime. */
void
odp_tenant_flow_cache_init(struct odp_tenant_flow_cache *cache,
                           const struct nlattr *actions, size_t len)
{
    tenant_flow_walk(actions, len, cache);
}

/* Returns the slot of check_tenant action 'action' in 'cache', NULL if it
 * has none (it is nested, or follows an action that may rewrite the source,
 * or belongs to other actions). */
struct odp_tenant_flow_slot *
odp_tenant_flow_cache_find(struct odp_tenant_flow_cache *cache,
                           const struct nlattr *action)
{
    size_t lo = 0, hi = cache->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct nlattr *a = cache->slots[mid].action;

        if (a == action) {
            return &cache->slots[mid];
        } else if (a < action) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

/* The verdict of 'slot''s check_tenant action for the flow's source 'src',
 * from the slot while 'table' has not changed since it was computed. */
enum tenant_verdict
odp_tenant_flow_verdict(struct odp_tenant_flow_slot *slot,
                        const struct tenant_table *table,
                        struct eth_addr src)
{
    uint64_t generation = tenant_table_generation(table);
    enum tenant_verdict verdict;
    uint64_t state;

    atomic_read_relaxed(&slot->state, &state);
    if (state >> 2 == generation + 1) {
        return state & 3;
    }

    /* The generation was read before the lookup, so a change that lands in
     * between only makes the next batch look again. */
    COVERAGE_INC(tenant_flow_verdict);
    verdict = check_source(table, &slot->ct, src);
    atomic_store_relaxed(&slot->state, (generation + 1) << 2 | verdict);
    return verdict;
}
