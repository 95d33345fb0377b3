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
#include "dpif-netdev-tenant.h"

#include <errno.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dpif-netdev-private-flow.h"
#include "dpif-tenant.h"
#include "odp-tenant.h"
#include "tenant.h"
#include "util.h"

COVERAGE_DEFINE(datapath_drop_tenant_unknown_src);
COVERAGE_DEFINE(datapath_drop_tenant_no_overlap);
COVERAGE_DEFINE(datapath_drop_tenant_invalid_action);

struct dp_netdev_tenants {
    struct tenant_table table;          /* Read by check_tenant. */
    struct odp_tenant_drops drops;      /* What check_tenant dropped. */
};

struct dp_netdev_tenants *
dp_netdev_tenants_create(void)
{
    struct dp_netdev_tenants *tenants = xzalloc(sizeof *tenants);

    tenant_table_init(&tenants->table);
    return tenants;
}

void
dp_netdev_tenants_destroy(struct dp_netdev_tenants *tenants)
{
    if (tenants) {
        tenant_table_destroy(&tenants->table);
        free(tenants);
    }
}

/* Counts 'n' packets that check_tenant dropped with 'verdict' on their way
 * to datapath port 'out_port'. */
static void
tenant_dropped(struct dp_netdev_tenants *tenants, enum tenant_verdict verdict,
               odp_port_t out_port, uint64_t n)
{
    if (verdict == TENANT_DROP_UNKNOWN_SRC) {
        COVERAGE_ADD(datapath_drop_tenant_unknown_src, n);
    } else {
        COVERAGE_ADD(datapath_drop_tenant_no_overlap, n);
    }
    odp_tenant_drops_add(&tenants->drops, out_port, n);
}

/* The callback that runs check_tenant's pass actions, and its argument. */
struct pass {
    dp_netdev_tenants_pass_cb *cb;
    void *aux;
};

/* Runs the pass actions of check_tenant 'ct' on all of 'packets', on
 * copies unless 'should_steal'. */
static void
tenant_pass(const struct pass *pass, struct dp_packet_batch *packets,
            bool should_steal, const struct odp_check_tenant *ct)
{
    struct dp_packet_batch copy;

    if (!should_steal) {
        dp_packet_batch_clone(&copy, packets);
        packets = &copy;
    }
    pass->cb(pass->aux, packets, ct->actions, ct->actions_len);
}

/* check_tenant for a datapath flow that matches one Ethernet source,
 * 'src': one verdict, cached in the flow's 'slot', for the whole batch. */
static void
check_flow(struct dp_netdev_tenants *tenants, struct dp_packet_batch *packets,
           struct odp_tenant_flow_slot *slot, bool should_steal,
           struct eth_addr src, const struct pass *pass)
{
    enum tenant_verdict verdict;

    verdict = odp_tenant_flow_verdict(slot, &tenants->table, src);
    if (verdict == TENANT_PASS) {
        tenant_pass(pass, packets, should_steal, &slot->ct);
    } else {
        tenant_dropped(tenants, verdict, slot->out_port,
                       dp_packet_batch_size(packets));
        dp_packet_delete_batch(packets, should_steal);
    }
}

/* check_tenant decided packet by packet, with a cache of the previous
 * packet's source. */
static void
check_packets(struct dp_netdev_tenants *tenants,
              struct dp_packet_batch *packets_, const struct nlattr *a,
              bool should_steal, const struct pass *pass)
{
    enum tenant_verdict verdicts[NETDEV_MAX_BURST];
    struct odp_check_tenant_cache cache = { .valid = false };
    size_t n_pass = 0;
    struct dp_packet_batch pass_batch;
    struct odp_check_tenant ct;
    struct dp_packet *packet;

    if (!odp_check_tenant_parse(a, &ct)) {
        COVERAGE_ADD(datapath_drop_tenant_invalid_action,
                     dp_packet_batch_size(packets_));
        dp_packet_delete_batch(packets_, should_steal);
        return;
    }

    DP_PACKET_BATCH_FOR_EACH (i, packet, packets_) {
        verdicts[i] = odp_check_tenant_packet(&tenants->table, &ct, packet,
                                              &cache);
        n_pass += verdicts[i] == TENANT_PASS;
    }
    if (n_pass == dp_packet_batch_size(packets_)) {
        tenant_pass(pass, packets_, should_steal, &ct);
        return;
    }

    size_t n_drop = dp_packet_batch_size(packets_) - n_pass;
    size_t n_unknown = 0;
    dp_packet_batch_init(&pass_batch);
    DP_PACKET_BATCH_FOR_EACH (i, packet, packets_) {
        if (verdicts[i] == TENANT_PASS) {
            dp_packet_batch_add(&pass_batch, (should_steal ? packet
                                              : dp_packet_clone(packet)));
            continue;
        }
        n_unknown += verdicts[i] == TENANT_DROP_UNKNOWN_SRC;
        if (should_steal) {
            dp_packet_delete(packet);
        }
    }
    if (should_steal) {
        dp_packet_batch_init(packets_);
    }

    /* Drops are counted once per batch and verdict. */
    odp_port_t out_port = odp_check_tenant_out_port(&ct);
    if (n_unknown) {
        tenant_dropped(tenants, TENANT_DROP_UNKNOWN_SRC, out_port, n_unknown);
    }
    if (n_drop > n_unknown) {
        tenant_dropped(tenants, TENANT_DROP_NO_OVERLAP, out_port,
                       n_drop - n_unknown);
    }
    if (!dp_packet_batch_is_empty(&pass_batch)) {
        pass->cb(pass->aux, &pass_batch, ct.actions, ct.actions_len);
    }
}

/* Runs check_tenant action 'a' on 'packets': the pass actions (through
 * 'cb' and 'aux') on the packets that the tenant table lets through, and
 * drops the others.  Like clone(), it leaves 'packets' alone unless
 * 'should_steal'.  'flow' and 'actions' are the datapath flow whose
 * actions are running, or NULL (a packet executed by itself). */
void
dp_netdev_tenants_execute(struct dp_netdev_tenants *tenants,
                          struct dp_packet_batch *packets,
                          const struct nlattr *a, bool should_steal,
                          const struct dp_netdev_flow *flow,
                          const struct dp_netdev_actions *actions,
                          dp_netdev_tenants_pass_cb *cb, void *aux)
{
    const struct pass pass = { cb, aux };
    struct odp_tenant_flow_slot *slot = NULL;

    if (flow && actions && actions->tenant_cache && flow->tenant_src_exact) {
        slot = odp_tenant_flow_cache_find(actions->tenant_cache, a);
    }
    if (slot) {
        check_flow(tenants, packets, slot, should_steal, flow->flow.dl_src,
                   &pass);
    } else {
        check_packets(tenants, packets, a, should_steal, &pass);
    }
}

/* A struct dp_netdev_actions for 'size' bytes of 'actions', with room
 * after them for their verdict cache. */
struct dp_netdev_actions *
dp_netdev_tenants_actions_alloc(const struct nlattr *actions, size_t size)
{
    size_t cache_size = odp_tenant_flow_cache_size(actions, size);

    return xmalloc(sizeof(struct dp_netdev_actions) + ROUND_UP(size, 8)
                   + cache_size);
}

/* Sets up the verdict cache of 'netdev_actions', from
 * dp_netdev_tenants_actions_alloc(), once its actions are in place. */
void
dp_netdev_tenants_actions_init(struct dp_netdev_actions *netdev_actions)
{
    const struct nlattr *actions = netdev_actions->actions;
    size_t size = netdev_actions->size;

    netdev_actions->tenant_cache = NULL;
    if (odp_tenant_flow_cache_size(actions, size)) {
        netdev_actions->tenant_cache = ALIGNED_CAST(
            struct odp_tenant_flow_cache *,
            (char *) netdev_actions->actions + ROUND_UP(size, 8));
        odp_tenant_flow_cache_init(netdev_actions->tenant_cache, actions,
                                   size);
    }
}

/* The dpif layer's tenant table functions (dpif-tenant.h). */

static int
tenant_get_features(struct dpif *dpif, uint32_t *max_entries,
                    uint32_t *max_lnids)
{
    *max_entries = dpif_netdev_get_tenants(dpif)->table.max_entries;
    *max_lnids = LNID_SET_MAX;
    return 0;
}

static int
tenant_set(struct dpif *dpif, struct eth_addr mac,
           const struct lnid_set *lnids)
{
    struct tenant_table *table = &dpif_netdev_get_tenants(dpif)->table;

    if (!lnids) {
        return tenant_table_delete(table, mac) ? 0 : ENOENT;
    }
    return tenant_table_set(table, mac, lnids);
}

static int
tenant_dump(struct dpif *dpif, struct tenant_binding **bindings, size_t *n)
{
    *bindings = tenant_table_dump(&dpif_netdev_get_tenants(dpif)->table, n);
    return 0;
}

static int
tenant_get_drops(struct dpif *dpif, odp_port_t port, uint64_t *n)
{
    *n = odp_tenant_drops_get(&dpif_netdev_get_tenants(dpif)->drops, port);
    return 0;
}

const struct dpif_tenant_class dpif_netdev_tenant_class = {
    .get_features = tenant_get_features,
    .set = tenant_set,
    .dump = tenant_dump,
    .get_drops = tenant_get_drops,
};
