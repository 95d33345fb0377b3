# Copyright (c) 2026 HostVLAN-OVS developers.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""What the benchmarks share: one CSV schema and its statistics.

"make bench" (scripts/hostvlan-bench) and "make bench-report"
(scripts/hostvlan-bench-report) both write results.csv with CSV_COLUMNS:
one row per datapath, tenant count, MAC count, contender and metric.

Run as a program, it turns the raw outputs that scripts/hostvlan-bench
collects in its output directory into results.csv and the summary
results.txt:

    python3 hostvlan_bench.py summary OUTDIR

with the run's settings in the environment (BENCH_SECONDS, BENCH_REPS,
BENCH_BINDINGS, BENCH_PORTS, BENCH_AB_SECONDS, BENCH_FEATURES,
BENCH_CONFIGURE_FLAGS, BENCH_KERNEL_DONE, BENCH_CLUSTER_DONE).
"""

import csv
import datetime
import os
import platform
import sys

CSV_COLUMNS = ["datapath", "tenants", "macs", "contender", "metric", "value",
               "unit", "note"]

# dpif-bench's tenant table: binding i has LNID 1 + i % BENCH_LNIDS.
BENCH_LNIDS = 16384


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        w.writerows(rows)


def median(values):
    """The median of 'values'; of an even count, the lower middle one."""
    values = sorted(values)
    return values[(len(values) + 1) // 2 - 1]


def read_pairs(path):
    """The "NAME VALUE" lines of 'path', as (name, float) in order."""
    with open(path) as f:
        return [(w[0], float(w[1])) for w in (line.split() for line in f)
                if len(w) == 2]


def read_values(path):
    """The "KEY=VALUE" lines of 'path': a dict from key to the list of its
    values, in order."""
    values = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                values.setdefault(key, []).append(value)
    return values


def first(values, key):
    return values[key][0]


def num(values, key):
    return float(first(values, key))


def summary(out):
    env = os.environ
    seconds, reps = env["BENCH_SECONDS"], int(env["BENCH_REPS"])
    bindings, ports = int(env["BENCH_BINDINGS"]), env["BENCH_PORTS"]
    tenants = min(bindings, BENCH_LNIDS)
    rows = []
    lines = []
    say = lines.append

    def row(datapath, tenants, macs, contender, metric, value, unit, note):
        rows.append([datapath, tenants, macs, contender, metric,
                     ("%f" % value).rstrip("0").rstrip("."), unit, note])

    def path(name):
        return os.path.join(out, name)

    def by_name(name):
        pairs = read_pairs(path(name))
        return {n: median([v for m, v in pairs if m == n])
                for n in {m for m, _ in pairs}}

    pmd = by_name("pmd.txt")
    pps = by_name("pps.txt")
    ab = read_values(path("ab.txt"))
    ab_mixed = read_values(path("ab-mixed.txt"))
    tenant = read_values(path("tenant.txt"))
    lookup = read_values(path("lookup.txt"))
    extids = read_values(path("extids.txt"))

    say("HostVLAN-OVS benchmark, %s, %d cores, %s"
        % (datetime.datetime.utcnow().strftime("%Y-%m-%d"),
           os.cpu_count(), platform.machine()))
    say("command: make bench (BENCH_SECONDS=%s BENCH_REPS=%d "
        "BENCH_BINDINGS=%d BENCH_PORTS=%s BENCH_AB_SECONDS=%s)"
        % (seconds, reps, bindings, ports, env["BENCH_AB_SECONDS"]))
    say("builds: stock and HostVLAN-OVS configured alike: %s"
        % env["BENCH_FEATURES"])
    say("        configure %s" % env["BENCH_CONFIGURE_FLAGS"])
    say("")

    note = "PMD fast path, %s ports, 64-byte frames, batches of 32" % ports
    say("PMD fast path, %s ports, 64-byte frames, batches of 32, one "
        "megaflow per port:" % ports)
    say("  %-44s %12.0f pps  %6.3f" % ("stock OVS 3.1.0, output",
                                       pmd["stock"], 1))
    say("  %-44s %12.0f pps  %6.3f  (median of %d)"
        % ("HostVLAN-OVS, no LNIDs, output", pmd["fork"],
           pmd["fork"] / pmd["stock"], reps))
    row("netdev", 0, 0, "stock", "pmd_pps", pmd["stock"], "pps", note)
    row("netdev", 0, 0, "hostvlan", "pmd_pps", pmd["fork"], "pps",
        note + ", no LNIDs")
    say("  check_tenant cost, %d bindings (one process, alternating "
        "flows):" % bindings)
    for name, values, label in [
            ("vm", ab, "VM ports (megaflow matches the source):"),
            ("uplink", ab_mixed, "uplink (32 sources in every batch):    ")]:
        say("    %s %6.2f%%  (%.0f -> %.0f pps)"
            % (label, num(values, "tenant_cost_pct"),
               num(values, "plain_pps"), num(values, "tenant_pps")))
        row("netdev", tenants, bindings, "hostvlan",
            "check_tenant_cost_%s" % name, num(values, "tenant_cost_pct"),
            "%", "PMD, one process alternating flows with and without "
            "check_tenant")
    say("")

    say("dpif_execute() of single packets (the upcall path), batches of 32 "
        "operations, median of %d:" % reps)
    say("  %-44s %12.0f pps  %6.3f" % ("stock OVS 3.1.0, output",
                                       pps["stock"], 1))
    say("  %-44s %12.0f pps  %6.3f" % ("HostVLAN-OVS, no LNIDs, output",
                                       pps["fork"],
                                       pps["fork"] / pps["stock"]))
    say("  %-44s %12.0f pps  %6.3f"
        % ("HostVLAN-OVS, check_tenant, %d bindings" % bindings,
           pps["tenant"], pps["tenant"] / pps["stock"]))
    say("  check_tenant cost against no LNIDs: %.2f%%"
        % ((1 - pps["tenant"] / pps["fork"]) * 100))
    note = "dpif_execute() of single packets, batches of 32"
    row("netdev", 0, 0, "stock", "execute_pps", pps["stock"], "pps", note)
    row("netdev", 0, 0, "hostvlan", "execute_pps", pps["fork"], "pps",
        note + ", no LNIDs")
    row("netdev", tenants, bindings, "hostvlan",
        "execute_pps_check_tenant", pps["tenant"], "pps", note)

    if env.get("BENCH_KERNEL_DONE") == "yes":
        kernel = read_values(path("kernel.txt"))
        k = {n: median([float(v) for v in kernel["%s_pps" % n]])
             for n in ("stock", "fork", "tenant")}
        # fork tenant tenant fork, per round: check_tenant's share.
        seq = [float(v) for v in kernel.get("fork_pps", [])]
        ten = [float(v) for v in kernel.get("tenant_pps", [])]
        ratios = [(ten[2 * i] + ten[2 * i + 1]) / (seq[2 * i]
                                                     + seq[2 * i + 1])
                  for i in range(min(len(seq), len(ten)) // 2)]
        k_bindings = int(first(kernel, "bindings"))
        say("")
        say("kernel datapath in QEMU (TCG, instruction-counted clock), "
            "pktgen over veth, one flow; ratios matter, not rates:")
        say("  %-44s %12.0f pps  %6.3f" % ("stock openvswitch.ko, output",
                                           k["stock"], 1))
        say("  %-44s %12.0f pps  %6.3f"
            % ("HostVLAN-OVS module, no LNIDs, output", k["fork"],
               k["fork"] / k["stock"]))
        say("  %-44s %12.0f pps  %6.3f"
            % ("HostVLAN-OVS module, check_tenant, %d bindings"
               % k_bindings, k["tenant"], k["tenant"] / k["stock"]))
        say("  check_tenant cost against no LNIDs (same load, "
            "alternating): %.2f%%" % ((1 - median(ratios)) * 100))
        note = "pktgen over veth in QEMU (TCG), one flow"
        row("system", 0, 0, "stock", "pps", k["stock"], "pps", note)
        row("system", 0, 0, "hostvlan", "pps", k["fork"], "pps",
            note + ", no LNIDs")
        row("system", 0, k_bindings, "hostvlan", "pps_check_tenant",
            k["tenant"], "pps", note)

    if env.get("BENCH_CLUSTER_DONE") == "yes":
        cl = read_values(path("cluster.txt"))

        def c(key):
            return first(cl, key)

        if c("cluster_tls") == "yes":
            transport = ("TLS; agents through a relay in role hostvlan-agent, "
                         "the administrator registers VMs")
        else:
            transport = "Unix sockets, self-registration"
        say("")
        say("tenant cluster (3-member RAFT, %s), 3 hosts + %s simulated "
            "agents:" % (transport, c("cluster_sims")))
        say("  ovs-tenantctl --wait reg/migrate, %d changes: p50 %.1f ms, "
            "p99 %.1f ms, max %.1f ms (%d failed)"
            % (int(c("cluster_changes")), float(c("cluster_p50_us")) / 1000,
               float(c("cluster_p99_us")) / 1000,
               float(c("cluster_max_us")) / 1000, int(c("cluster_failed"))))
        say("  %s bindings in %s tenants loaded in %s s; ovsdb-server RSS "
            "%s MB, CPU %s s"
            % (c("scale_bindings"), c("scale_tenants"), c("scale_load_s"),
               "/".join(str(int(c("ovsdb_server%d_rss_kb" % i)) // 1024)
                        for i in (1, 2, 3)),
               "/".join(c("ovsdb_server%d_cpu_s" % i) for i in (1, 2, 3))))
        say("  agent with %s VMs in %s tenants: received %s bindings (its "
            "share: %s) in %s ms, RSS %d MB, CPU %s s"
            % (c("agent_vms"), c("agent_tenants"),
               c("agent_bindings_received"), c("agent_bindings_expected"),
               c("agent_converge_ms"), int(c("agent_rss_kb")) // 1024,
               c("agent_cpu_s")))
        note = "ovs-tenantctl --wait reg/migrate, 3 hosts + %s agents (%s)" % (
            c("cluster_sims"), transport)
        for q in ("p50", "p99", "max"):
            row("cluster", 0, 0, "hostvlan", "wait_%s" % q,
                float(c("cluster_%s_us" % q)) / 1000, "ms", note)
        row("cluster", int(c("scale_tenants")), int(c("scale_bindings")),
            "hostvlan", "load", float(c("scale_load_s")), "s",
            "bindings loaded into the 3-member cluster")
        row("cluster", int(c("agent_tenants")),
            int(c("agent_bindings_received")), "hostvlan",
            "agent_converge_ms", float(c("agent_converge_ms")), "ms",
            "an agent's share of the bindings, through the relay")

    say("")
    say("external_ids:ovn-installed written on %s ports, one transaction "
        "each: ovs-vswitchd CPU stock %s s, HostVLAN-OVS (VM ports with "
        "LNIDs) %s s"
        % (first(extids, "extids_ports"), first(extids, "stock_extids_cpu_s"),
           first(extids, "hostvlan_extids_cpu_s")))
    note = ("ovs-vswitchd CPU while another program writes "
            "external_ids:ovn-installed on %s ports"
            % first(extids, "extids_ports"))
    row("netdev", 0, 0, "stock", "extids_cpu", num(extids,
                                                   "stock_extids_cpu_s"),
        "s", note)
    row("netdev", 0, 0, "hostvlan", "extids_cpu",
        num(extids, "hostvlan_extids_cpu_s"), "s", note)

    say("")
    say("tenant table lookup, ns: random over all bindings / 1,024 active "
        "MACs:")
    lookups = list(zip([int(v) for v in lookup["lookup_bindings"]],
                       [float(v) for v in lookup["lookup_ns"]],
                       [float(v) for v in lookup["lookup_active_ns"]]))
    for n, ns, active_ns in lookups:
        say("  %8d bindings: %6.1f / %6.1f" % (n, ns, active_ns))
        row("netdev", 0, n, "hostvlan", "lookup_ns", ns, "ns",
            "tenant table lookup, random over all bindings")
        row("netdev", 0, n, "hostvlan", "lookup_active_ns", active_ns, "ns",
            "tenant table lookup, 1,024 active MACs")
    say("  %d / %d bindings, lookup time with 1,024 active MACs: %.2fx"
        % (lookups[-1][0], lookups[0][0], lookups[-1][2] / lookups[0][2]))
    say("")
    say("memory per binding: %s bytes (RSS growth over %d bindings)"
        % (first(tenant, "bytes_per_binding"), bindings))
    say("one binding change, dpif call to table updated: %s us (no flow "
        "revalidation: the datapath reads the table per packet)"
        % first(tenant, "binding_change_usec"))
    row("netdev", tenants, bindings, "hostvlan", "bytes_per_binding",
        num(tenant, "bytes_per_binding"), "bytes", "RSS growth per binding")
    row("netdev", tenants, bindings, "hostvlan", "binding_change",
        num(tenant, "binding_change_usec"), "us",
        "one binding change, dpif call to table updated")

    write_csv(path("results.csv"), rows)
    text = "\n".join(lines) + "\n"
    with open(path("results.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


def main(argv):
    if len(argv) != 3 or argv[1] != "summary":
        sys.stderr.write("usage: %s summary OUTDIR\n" % argv[0])
        return 2
    summary(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
