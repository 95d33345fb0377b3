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

/* dpif-bench: packets per second through the userspace datapath's action
 * execution, built against stock Open vSwitch 3.1.0 and against
 * HostVLAN-OVS (with -DHOSTVLAN) from the same source, so that
 * scripts/hostvlan-bench can compare them in one run.
 *
 * It creates a dummy (dpif-netdev) datapath with two ports and executes
 * batches of 32 copies of one 64-byte frame through dpif_operate() with
 * either "output to port 2" or, with HostVLAN, "check_tenant(lnid(1,2),
 * pass(output to port 2))" against a tenant table of N bindings.  It
 * measures the datapath's per-packet action work including the tenant
 * lookup; it does not measure the flow lookup or the NIC.
 *
 * Usage: dpif-bench plain SECONDS
 *        dpif-bench tenant SECONDS N_BINDINGS
 *        dpif-bench lookup N_BINDINGS          (HostVLAN only)
 * Prints "key=value" lines. */

#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dp-packet.h"
#include "dpif.h"
#include "dummy.h"
#include "flow.h"
#include "netdev.h"
#include "netlink.h"
#include "odp-util.h"
#include "odp-netlink.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "packets.h"
#include "random.h"
#include "timeval.h"
#include "util.h"
#ifdef HOSTVLAN
#include "dpif-tenant.h"
#include "odp-tenant.h"
#include "tenant.h"
#endif

#define BATCH 32

static struct eth_addr
bench_mac(uint32_t n)
{
    struct eth_addr mac = ETH_ADDR_C(52, 54, 00, 00, 00, 00);

    mac.ea[2] = n >> 24;
    mac.ea[3] = n >> 16;
    mac.ea[4] = n >> 8;
    mac.ea[5] = n;
    return mac;
}

static long
rss_kib(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2) {
            rss = 0;
        }
        fclose(f);
    }
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static struct dp_packet *
make_frame(odp_port_t in_port, struct flow *flow)
{
    struct dp_packet *packet = dp_packet_new(128);
    struct eth_header *eth;

    eth = dp_packet_put_zeros(packet, 64);
    eth->eth_dst = bench_mac(0xffffff);
    eth->eth_src = bench_mac(7);
    eth->eth_type = htons(0x88b5);
    pkt_metadata_init(&packet->md, in_port);
    flow_extract(packet, flow);
    return packet;
}

static void
put_output(struct ofpbuf *actions, odp_port_t out_port, bool tenant)
{
#ifdef HOSTVLAN
    if (tenant) {
        struct lnid_set *lnids;
        struct odp_check_tenant_ofs ofs;

        ovs_assert(!lnid_set_parse("1,2", &lnids));
        ofs = odp_put_check_tenant_start(actions, lnids);
        nl_msg_put_odp_port(actions, OVS_ACTION_ATTR_OUTPUT, out_port);
        odp_put_check_tenant_end(actions, ofs);
        lnid_set_destroy(lnids);
        return;
    }
#else
    ovs_assert(!tenant);
#endif
    nl_msg_put_odp_port(actions, OVS_ACTION_ATTR_OUTPUT, out_port);
}

#ifdef HOSTVLAN
/* Fills 'dpif''s tenant table with 'n' bindings in 16,384 tenants, the
 * benchmark frame's source among them, and reports memory and the time one
 * binding change takes. */
static void
fill_tenant_table(struct dpif *dpif, uint32_t n)
{
    long before = rss_kib();
    long long int start;
    struct lnid_set *set;
    uint32_t i;

    for (i = 0; i < n; i++) {
        uint32_t lnid = 1 + i % 16384;

        set = lnid_set_create(false, &lnid, 1);
        ovs_assert(!dpif_tenant_set(dpif, bench_mac(1000 + i), set));
        lnid_set_destroy(set);
    }
    ovsrcu_quiesce();
    printf("bindings=%"PRIu32"\n", n);
    printf("bytes_per_binding=%.1f\n",
           n ? (rss_kib() - before) * 1024.0 / n : 0.0);

    ovs_assert(!lnid_set_parse("1", &set));
    start = time_usec();
    ovs_assert(!dpif_tenant_set(dpif, bench_mac(7), set));
    printf("binding_change_usec=%lld\n", time_usec() - start);
    lnid_set_destroy(set);
}
#endif

static void
run_pps(const char *mode, int seconds, uint32_t n_bindings)
{
    struct dpif_op ops[BATCH], *opp[BATCH];
    struct dpif_execute *execute;
    struct dp_packet *packet;
    struct netdev *netdev;
    struct ofpbuf actions;
    struct dpif *dpif;
    struct flow flow;
    odp_port_t ports[2];
    long long int start, end, n = 0;
    bool tenant = !strcmp(mode, "tenant");
    int i, error;

    error = dpif_create_and_open("bench", "dummy", &dpif);
    if (error) {
        ovs_fatal(error, "cannot create dummy datapath");
    }
    for (i = 0; i < 2; i++) {
        char name[16];

        snprintf(name, sizeof name, "bench-p%d", i + 1);
        ovs_assert(!netdev_open(name, "dummy", &netdev));
        ports[i] = ODPP_NONE;
        ovs_assert(!dpif_port_add(dpif, netdev, &ports[i]));
        netdev_close(netdev);
    }
#ifdef HOSTVLAN
    if (tenant) {
        fill_tenant_table(dpif, n_bindings);
    }
#else
    (void) n_bindings;
#endif

    packet = make_frame(ports[0], &flow);
    ofpbuf_init(&actions, 64);
    put_output(&actions, ports[1], tenant);
    for (i = 0; i < BATCH; i++) {
        ops[i].type = DPIF_OP_EXECUTE;
        execute = &ops[i].execute;
        memset(execute, 0, sizeof *execute);
        execute->actions = actions.data;
        execute->actions_len = actions.size;
        execute->flow = &flow;
        execute->packet = packet;
        opp[i] = &ops[i];
    }

    start = time_msec();
    end = start + seconds * 1000LL;
    do {
        for (i = 0; i < 64; i++) {
            dpif_operate(dpif, opp, BATCH, DPIF_OFFLOAD_NEVER);
        }
        n += 64 * BATCH;
        ovsrcu_quiesce();
    } while (time_msec() < end);
    printf("mode=%s\npackets=%lld\npps=%.0f\n", mode, n,
           n * 1000.0 / (time_msec() - start));

    dp_packet_delete(packet);
    ofpbuf_uninit(&actions);
    dpif_delete(dpif);
    dpif_close(dpif);
}

#ifdef HOSTVLAN
/* Lookup time in a tenant table of 'n' bindings, random hits. */
static void
run_lookup(uint32_t n)
{
    struct tenant_table table;
    struct lnid_set *set;
    long long int start;
    uint32_t lnid = 5, i;
    const int rounds = 4 * 1000 * 1000;
    uint64_t found_count = 0;

    tenant_table_init(&table);
    set = lnid_set_create(false, &lnid, 1);
    for (i = 0; i < n; i++) {
        ovs_assert(!tenant_table_set(&table, bench_mac(i), set));
    }
    ovsrcu_quiesce();
    random_set_seed(1);
    start = time_usec();
    for (i = 0; i < rounds; i++) {
        bool found;

        tenant_table_lookup(&table, bench_mac(random_range(n)), &found);
        found_count += found;
    }
    printf("lookup_bindings=%"PRIu32"\nlookup_ns=%.1f\n", n,
           (time_usec() - start) * 1000.0 / rounds);

    /* A host's traffic comes from its active VMs and peers: 1,024 active
     * MACs in a table of 'n'. */
    start = time_usec();
    for (i = 0; i < rounds; i++) {
        bool found;

        tenant_table_lookup(&table, bench_mac(random_range(MIN(n, 1024))),
                            &found);
        found_count += found;
    }
    printf("lookup_active_ns=%.1f\n",
           (time_usec() - start) * 1000.0 / rounds);
    ovs_assert(found_count == 2 * (uint64_t) rounds);
    lnid_set_destroy(set);
    tenant_table_destroy(&table);
}
#endif

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_WARN);
    dummy_enable("");
    if (argc >= 3 && !strcmp(argv[1], "plain")) {
        run_pps("plain", atoi(argv[2]), 0);
#ifdef HOSTVLAN
    } else if (argc >= 4 && !strcmp(argv[1], "tenant")) {
        run_pps("tenant", atoi(argv[2]), strtoul(argv[3], NULL, 10));
    } else if (argc >= 3 && !strcmp(argv[1], "lookup")) {
        run_lookup(strtoul(argv[2], NULL, 10));
#endif
    } else {
        ovs_fatal(0, "usage: %s plain SECONDS | tenant SECONDS N | "
                  "lookup N", argv[0]);
    }
    return 0;
}
