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
#include <dirent.h>
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
#include "netdev-provider.h"
#include "netlink.h"
#include "odp-util.h"
#include "odp-netlink.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovs-numa.h"
#include "ovs-atomic.h"
#include "ovs-thread.h"
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

#ifdef HOSTVLAN
static long
rss_kib(void)
{
    static const char statm[] = "/proc/self/statm";
    long pages = 0, rss = 0;
    FILE *f = fopen(statm, "r");

    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2) {
            rss = 0;
        }
        fclose(f);
    }
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}
#endif

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

/* Creates the benchmark's dummy (dpif-netdev) datapath, with a tenant table
 * of 'n_bindings' bindings if 'tenant'. */
static struct dpif *
bench_dpif_create(bool tenant OVS_UNUSED, uint32_t n_bindings OVS_UNUSED)
{
    struct dpif *dpif;
    int error;

    error = dpif_create_and_open("bench", "dummy", &dpif);
    if (error) {
        ovs_fatal(error, "cannot create dummy datapath");
    }
#ifdef HOSTVLAN
    if (tenant) {
        fill_tenant_table(dpif, n_bindings);
    }
#endif
    return dpif;
}

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
    int i;

    dpif = bench_dpif_create(tenant, n_bindings);
    for (i = 0; i < 2; i++) {
        char name[16];

        snprintf(name, sizeof name, "bench-p%d", i + 1);
        ovs_assert(!netdev_open(name, "dummy", &netdev));
        ports[i] = ODPP_NONE;
        ovs_assert(!dpif_port_add(dpif, netdev, &ports[i]));
        netdev_close(netdev);
    }

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

/* The PMD fast path.
 *
 * "hvbench" is a synthetic poll-mode netdev: every poll of its receive
 * queue returns a full batch of 64-byte frames, and its send counts frames
 * and recycles their buffers, so the datapath's PMD thread does exactly
 * what it does for a NIC (receive, miniflow extraction, EMC/SMC/dpcls
 * lookup, per-flow batches, actions, transmit) minus the NIC's own cost.
 * Port i sends frames from MAC 52:54:00:00:00:i to port i + 1; one
 * megaflow per port matches only in_port and the EtherType, so frames of
 * many sources may share a megaflow, as with an uplink. */

struct bench_netdev {
    struct netdev up;
    int index;                  /* From the name "hvbench-N". */
    atomic_ullong n_tx;
};

struct bench_rxq {
    struct netdev_rxq up;
};

/* Recycled frame buffers, shared by all ports. */
static struct ovs_mutex pool_mutex = OVS_MUTEX_INITIALIZER;
static struct dp_packet *pool[4096] OVS_GUARDED_BY(pool_mutex);
static size_t pool_n OVS_GUARDED_BY(pool_mutex);

/* Sources per batch: 1 (a VM port) or up to NETDEV_MAX_BURST. */
static int bench_sources = 1;

static struct bench_netdev *
bench_netdev_cast(const struct netdev *netdev)
{
    return CONTAINER_OF(netdev, struct bench_netdev, up);
}

static struct netdev *
bench_netdev_alloc(void)
{
    struct bench_netdev *dev = xzalloc(sizeof *dev);

    return &dev->up;
}

static int
bench_netdev_construct(struct netdev *netdev)
{
    struct bench_netdev *dev = bench_netdev_cast(netdev);

    dev->index = atoi(strchr(netdev_get_name(netdev), '-') + 1);
    atomic_init(&dev->n_tx, 0);
    return 0;
}

static void
bench_netdev_destruct(struct netdev *netdev OVS_UNUSED)
{
}

static void
bench_netdev_dealloc(struct netdev *netdev)
{
    free(bench_netdev_cast(netdev));
}

static int
bench_netdev_get_numa_id(const struct netdev *netdev OVS_UNUSED)
{
    return 0;
}

static int
bench_netdev_update_flags(struct netdev *netdev OVS_UNUSED,
                          enum netdev_flags off OVS_UNUSED,
                          enum netdev_flags on OVS_UNUSED,
                          enum netdev_flags *old_flags)
{
    *old_flags = NETDEV_UP | NETDEV_PROMISC;
    return 0;
}

static struct netdev_rxq *
bench_rxq_alloc(void)
{
    struct bench_rxq *rxq = xzalloc(sizeof *rxq);

    return &rxq->up;
}

static int
bench_rxq_construct(struct netdev_rxq *rxq OVS_UNUSED)
{
    return 0;
}

static void
bench_rxq_destruct(struct netdev_rxq *rxq OVS_UNUSED)
{
}

static void
bench_rxq_dealloc(struct netdev_rxq *rxq)
{
    free(CONTAINER_OF(rxq, struct bench_rxq, up));
}

/* The MAC of the VM behind bench port 'index' ('source' 0) or of the
 * 'source'th remote VM behind it. */
static struct eth_addr
bench_port_mac(int index, int source)
{
    return bench_mac(0x10000 * source + index);
}

static int
bench_rxq_recv(struct netdev_rxq *rxq, struct dp_packet_batch *batch,
               int *qfill)
{
    int index = bench_netdev_cast(rxq->netdev)->index;
    struct dp_packet *packets[NETDEV_MAX_BURST];
    size_t i, n = 0;

    ovs_mutex_lock(&pool_mutex);
    while (n < NETDEV_MAX_BURST && pool_n) {
        packets[n++] = pool[--pool_n];
    }
    ovs_mutex_unlock(&pool_mutex);
    while (n < NETDEV_MAX_BURST) {
        packets[n++] = dp_packet_new(128);
    }

    dp_packet_batch_init(batch);
    for (i = 0; i < n; i++) {
        struct dp_packet *packet = packets[i];
        struct eth_header *eth;

        dp_packet_clear(packet);
        dp_packet_reset_offload(packet);
        eth = dp_packet_put_zeros(packet, 64);
        eth->eth_dst = bench_port_mac(index + 1, 0);
        eth->eth_src = bench_port_mac(index, i % bench_sources);
        eth->eth_type = htons(0x88b5);
        dp_packet_batch_add(batch, packet);
    }
    if (qfill) {
        *qfill = 0;
    }
    return 0;
}

static int
bench_netdev_send(struct netdev *netdev, int qid OVS_UNUSED,
                  struct dp_packet_batch *batch,
                  bool concurrent_txq OVS_UNUSED)
{
    struct bench_netdev *dev = bench_netdev_cast(netdev);
    struct dp_packet *packet;
    unsigned long long orig;

    atomic_add_relaxed(&dev->n_tx, dp_packet_batch_size(batch), &orig);
    ovs_mutex_lock(&pool_mutex);
    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        if (pool_n < ARRAY_SIZE(pool)) {
            pool[pool_n++] = packet;
        } else {
            dp_packet_delete(packet);
        }
    }
    ovs_mutex_unlock(&pool_mutex);
    return 0;
}

static const struct netdev_class bench_netdev_class = {
    .type = "hvbench",
    .is_pmd = true,
    .alloc = bench_netdev_alloc,
    .construct = bench_netdev_construct,
    .destruct = bench_netdev_destruct,
    .dealloc = bench_netdev_dealloc,
    .get_numa_id = bench_netdev_get_numa_id,
    .send = bench_netdev_send,
    .update_flags = bench_netdev_update_flags,
    .rxq_alloc = bench_rxq_alloc,
    .rxq_construct = bench_rxq_construct,
    .rxq_destruct = bench_rxq_destruct,
    .rxq_dealloc = bench_rxq_dealloc,
    .rxq_recv = bench_rxq_recv,
};

static unsigned long long
bench_total_tx(struct netdev **netdevs, int n)
{
    unsigned long long total = 0;
    int i;

    for (i = 0; i < n; i++) {
        unsigned long long n_tx;

        atomic_read_relaxed(&bench_netdev_cast(netdevs[i])->n_tx, &n_tx);
        total += n_tx;
    }
    return total;
}

/* CPU time, in nanoseconds, used so far by the datapath's PMD threads, so
 * that time the hypervisor or other processes take from them does not
 * count as datapath cost. */
static unsigned long long
pmd_cpu_ns(void)
{
    static const char tasks[] = "/proc/self/task";
    unsigned long long total = 0;
    struct dirent *de;
    DIR *dir = opendir(tasks);

    while (dir && (de = readdir(dir)) != NULL) {
        char path[300], comm[32] = "";
        unsigned long long ns;
        FILE *f;

        snprintf(path, sizeof path, "/proc/self/task/%s/comm", de->d_name);
        f = fopen(path, "r");
        if (!f) {
            continue;
        }
        if (!fgets(comm, sizeof comm, f) || strncmp(comm, "pmd", 3)) {
            fclose(f);
            continue;
        }
        fclose(f);
        snprintf(path, sizeof path, "/proc/self/task/%s/schedstat",
                 de->d_name);
        f = fopen(path, "r");
        if (f && fscanf(f, "%llu", &ns) == 1) {
            total += ns;
        }
        if (f) {
            fclose(f);
        }
    }
    if (dir) {
        closedir(dir);
    }
    return total;
}

/* Installs or, with DPIF_FP_MODIFY in 'flags', replaces the megaflow of
 * bench port 'index', datapath port 'in_port', forwarding to 'out_port'
 * through check_tenant if 'tenant'. */
static void
put_bench_flow(struct dpif *dpif, enum dpif_flow_put_flags flags, int index,
               odp_port_t in_port, odp_port_t out_port, bool tenant)
{
    struct ofpbuf key, mask, actions;
    char *s, *error = NULL;

    ofpbuf_init(&key, 0);
    ofpbuf_init(&mask, 0);
    ofpbuf_init(&actions, 0);
    if (bench_sources == 1) {
        /* A VM port: anti-spoofing and MAC learning make the megaflow
         * match the VM's source MAC. */
        struct eth_addr src = bench_port_mac(index, 0);

        s = xasprintf("in_port(%"PRIu32"),eth(src="ETH_ADDR_FMT"),"
                      "eth_type(0x88b5)", odp_to_u32(in_port),
                      ETH_ADDR_ARGS(src));
    } else {
        /* An uplink: frames of many sources share one megaflow. */
        s = xasprintf("in_port(%"PRIu32"),eth(),eth_type(0x88b5)",
                      odp_to_u32(in_port));
    }
    if (odp_flow_from_string(s, NULL, &key, &mask, &error)) {
        ovs_fatal(0, "%s: %s", s, error);
    }
    put_output(&actions, out_port, tenant);
    ovs_assert(!dpif_flow_put(dpif, flags, key.data, key.size,
                              mask.data, mask.size, actions.data,
                              actions.size, NULL, PMD_ID_NULL, NULL));
    free(s);
    ofpbuf_uninit(&key);
    ofpbuf_uninit(&mask);
    ofpbuf_uninit(&actions);
}

static void
put_bench_flows(struct dpif *dpif, enum dpif_flow_put_flags flags,
                const odp_port_t *ports, int n_ports, bool tenant)
{
    int i;

    for (i = 0; i < n_ports; i++) {
        put_bench_flow(dpif, flags, i, ports[i], ports[(i + 1) % n_ports],
                       tenant);
    }
}

/* Forwarded packets per second of PMD thread time over 'msec' ms. */
static double
measure_pps(struct netdev **netdevs, int n_ports, int msec)
{
    unsigned long long tx = bench_total_tx(netdevs, n_ports);
    unsigned long long cpu = pmd_cpu_ns();

    xnanosleep(msec * 1000LL * 1000LL);
    tx = bench_total_tx(netdevs, n_ports) - tx;
    cpu = pmd_cpu_ns() - cpu;
    if (!tx) {
        ovs_fatal(0, "no packets forwarded");
    }
    return tx * 1e9 / MAX(cpu, 1);
}

static int
compare_doubles(const void *a_, const void *b_)
{
    const double *a = a_, *b = b_;

    return *a < *b ? -1 : *a > *b;
}

static double
median(double *values, size_t n)
{
    qsort(values, n, sizeof *values, compare_doubles);
    return values[n / 2];
}

/* Packets per second through the PMD fast path with 'n_ports' ports.
 * 'mode' is "plain" (output only), "tenant" (check_tenant around each
 * output) or, to measure check_tenant's cost without run-to-run noise,
 * "ab": one process alternating both kinds of flows in 200 ms intervals
 * and reporting the median ratio of neighbouring intervals.  A "-mixed"
 * suffix gives every frame of a batch its own source MAC. */
static void
run_pmd(const char *mode, int seconds, int n_ports, uint32_t n_bindings)
{
    bool ab = !strncmp(mode, "ab", 2);
    bool tenant = ab || !strncmp(mode, "tenant", 6);
    int n_rounds = MAX(1, seconds * 1000 / 400);
    double *plain_pps, *tenant_pps, *ratio;
    struct netdev **netdevs;
    odp_port_t *ports;
    struct dpif *dpif;
    int i;

    bench_sources = strstr(mode, "mixed") ? NETDEV_MAX_BURST : 1;
    ovs_numa_init();
    netdev_register_provider(&bench_netdev_class);
    dpif = bench_dpif_create(tenant, n_bindings);

    netdevs = xcalloc(n_ports, sizeof *netdevs);
    ports = xcalloc(n_ports, sizeof *ports);
    for (i = 0; i < n_ports; i++) {
        char name[32];

        snprintf(name, sizeof name, "hvbench-%d", i);
        ovs_assert(!netdev_open(name, "hvbench", &netdevs[i]));
        ports[i] = ODPP_NONE;
        ovs_assert(!dpif_port_add(dpif, netdevs[i], &ports[i]));
    }
#ifdef HOSTVLAN
    if (tenant) {
        /* Every source of every port is in tenant 1, which the output's
         * check_tenant(lnid(1,2)) admits. */
        uint32_t lnid = 1;
        struct lnid_set *set = lnid_set_create(false, &lnid, 1);
        int s;

        for (i = 0; i < n_ports; i++) {
            for (s = 0; s < bench_sources; s++) {
                ovs_assert(!dpif_tenant_set(dpif, bench_port_mac(i, s),
                                            set));
            }
        }
        lnid_set_destroy(set);
    }
#endif
    put_bench_flows(dpif, DPIF_FP_CREATE, ports, n_ports, tenant && !ab);
    xsleep(1);                  /* Warm up: PMD start, caches. */

    plain_pps = xcalloc(n_rounds, sizeof *plain_pps);
    tenant_pps = xcalloc(n_rounds, sizeof *tenant_pps);
    ratio = xcalloc(n_rounds, sizeof *ratio);
    for (i = 0; i < n_rounds; i++) {
        if (!ab) {
            plain_pps[i] = measure_pps(netdevs, n_ports, 400);
            continue;
        }
        /* ABBA order, so that drift favours neither. */
        for (int k = 0; k < 2; k++) {
            bool with_tenant = (i + k) % 2;

            put_bench_flows(dpif, DPIF_FP_MODIFY, ports, n_ports,
                            with_tenant);
            xnanosleep(20 * 1000 * 1000);
            *(with_tenant ? &tenant_pps[i] : &plain_pps[i])
                = measure_pps(netdevs, n_ports, 180);
        }
        ratio[i] = tenant_pps[i] / plain_pps[i];
    }

    printf("mode=pmd-%s\nports=%d\nsources_per_batch=%d\n", mode,
           n_ports, bench_sources);
    if (ab) {
        double r = median(ratio, n_rounds);

        printf("plain_pps=%.0f\ntenant_pps=%.0f\ntenant_ratio=%.4f\n"
               "tenant_cost_pct=%.2f\n", median(plain_pps, n_rounds),
               median(tenant_pps, n_rounds), r, (1 - r) * 100);
    } else {
        printf("pps=%.0f\n", median(plain_pps, n_rounds));
    }
#ifdef HOSTVLAN
    if (tenant) {
        uint64_t drops = 0, n;

        for (i = 0; i < n_ports; i++) {
            ovs_assert(!dpif_tenant_get_drops(dpif, ports[i], &n));
            drops += n;
        }
        printf("tenant_drops=%"PRIu64"\n", drops);
    }
#endif
    fflush(stdout);
    _exit(0);                   /* Skip PMD thread teardown. */
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
    if (argc >= 6 && !strcmp(argv[1], "pmd")) {
        run_pmd(argv[2], atoi(argv[3]), atoi(argv[4]),
                strtoul(argv[5], NULL, 10));
    } else if (argc >= 3 && !strcmp(argv[1], "plain")) {
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
