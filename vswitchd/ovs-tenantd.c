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

/* ovs-tenantd: the per-host HostVLAN agent.
 *
 * Between the host's Open_vSwitch database and the cluster-wide tenant
 * database (hostvlan(5)) it:
 *
 *   - publishes the host's VMs (interfaces with external_ids:attached-mac)
 *     as Binding rows placed on this Host, with the LNIDs their interfaces
 *     declare in external_ids:lnid;
 *
 *   - monitors only the bindings this host needs (conditional monitoring:
 *     bindings sharing an LNID with a local VM, global bindings, and those
 *     of its own VMs) and mirrors the remote ones into the local
 *     Tenant_Binding table, and the local ones into their interfaces'
 *     "lnid" columns, from where ovs-vswitchd programs the datapaths;
 *
 *   - prunes broadcasts on tunnels: each global tunnel interface to
 *     another host gets external_ids:lnid-egress, the LNIDs this host
 *     shares with the VMs on the far end, so that other tenants' floods do
 *     not cross it;
 *
 *   - guards tunnels: each gets external_ids:lnid-ingress-hosts, the name
 *     of its far end's Host, and each mirrored binding the name of its
 *     host, so that a far end cannot send with another host's VM's MAC;
 *
 *   - answers its Host row's nb_cfg, which "ovs-tenantctl --wait" sets on
 *     the hosts a change affects, in Host.cur_cfg
 *     once ovs-vswitchd has caught up, for "ovs-tenantctl --wait".
 *
 * It fails closed: it changes the local tables only from a complete view of
 * the cluster for its current condition, by difference (never emptying
 * them first), and keeps the last applied table while the cluster is
 * unreachable. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command-line.h"
#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "fatal-signal.h"
#include "hash.h"
#include "tenant-db.h"
#include "hostvlan-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "packets.h"
#include "smap.h"
#include "socket-util.h"
#include "sset.h"
#include "stream-ssl.h"
#include "stream.h"
#include "tenant.h"
#include "tenant-iface.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "uuid.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenantd);

COVERAGE_DEFINE(tenantd_publish);
COVERAGE_DEFINE(tenantd_apply);
COVERAGE_DEFINE(tenantd_bad_binding);
COVERAGE_DEFINE(tenantd_report);
COVERAGE_DEFINE(tenantd_prune);
COVERAGE_DEFINE(tenantd_refuse);
COVERAGE_DEFINE(tenantd_take);
COVERAGE_DEFINE(tenantd_txn_error);

/* After a tenant database transaction fails (the server refused it, e.g.
 * for a permission its role lacks), the next waits this long: the same
 * view would make the same transaction at once, forever. */
#define CLUSTER_RETRY_MSEC 1000

/* Marks the local Tenant_Binding rows this agent owns. */
#define OWNER_KEY "hostvlan-owner"
#define OWNER_VALUE "ovs-tenantd"

/* On an Interface: its LNIDs as last agreed with the cluster, to tell a
 * local change of them (to publish) from a central one (to adopt). */
#define SYNCED_KEY "hostvlan-lnid-synced"

/* On an Interface: this host has run its VM (the binding's host was this
 * host while the interface existed).  Such an interface never takes the
 * binding back from another host, so that two hosts with the same MAC
 * (a live migration's source and destination, or a duplicate) do not take
 * it from each other in turn. */
#define PLACED_KEY "hostvlan-placed"

static char *local_remote;              /* --db. */
static char *cluster_remote_option;     /* --tenant-db. */
static char *host_name_option;          /* --host. */
static bool no_vswitchd;                /* --no-vswitchd. */
static bool ssl_from_db;                /* No SSL options: use the SSL row. */

/* Whether a local VM runs here, as the tenant database places it. */
enum vm_placement {
    VM_HERE,                /* The binding's host is this host. */
    VM_TAKE,                /* This host may take the binding: do so. */
    VM_UNPUBLISHED,         /* Self-registration: not in the cluster yet. */
    VM_REFUSED,             /* Not on this host: the port fails closed. */
};

/* A local VM: an interface with a valid external_ids:attached-mac. */
struct local_vm {
    const struct ovsrec_interface *iface;
    struct lnid_set *declared;          /* Its local LNIDs, or NULL. */
    char *declared_str;                 /* Their normalized text, or NULL. */
    const char *synced;                 /* SYNCED_KEY value, or NULL. */
    const struct hvrec_binding *binding;  /* Its cluster row, or NULL. */
    bool bad_binding;                   /* Its rows bind nothing. */
    struct lnid_set *binding_lnids;     /* The row's LNIDs... */
    char *binding_str;                  /* ...and as text. */
    bool placed_before;                 /* PLACED_KEY is set. */
    const char *refused;                /* TENANT_REFUSED_KEY value or NULL. */
    enum vm_placement placement;        /* From local_vm_place(). */
    char *refusal;                      /* Why VM_REFUSED, or NULL. */
};

/* A tunnel to another host: a global interface with options:remote_ip. */
struct local_tunnel {
    const struct ovsrec_interface *iface;
    const char *remote_ip;
    const struct hvrec_host *host;      /* The far end, if known. */
    char *egress;                       /* lnid-egress it needs, or NULL. */
};

/* What a local VM's LNIDs need, comparing the interface's LNIDs (its
 * "lnid" column, else external_ids:lnid, as ovs-vswitchd reads them), the
 * cluster's, and the last value both agreed on. */
enum vm_sync {
    VM_IN_SYNC,
    VM_PUBLISH_NEW,         /* New here and unknown to the cluster. */
    VM_PUBLISH_CHANGE,      /* Changed here since the last agreement. */
    VM_ADOPT,               /* Changed centrally: write it here. */
    VM_MARK_SYNCED,         /* Both agree; remember it. */
    VM_UNREGISTERED,        /* Unregistered centrally: drop it here. */
};

struct agent {
    struct ovsdb_idl *local;            /* Open_vSwitch. */
    struct ovsdb_idl *cluster;          /* HostVLAN. */
    char *cluster_remote;
    char *host_name;
    bool self_registration;             /* HostVLAN_Global's option. */

    struct ovsdb_idl_txn *local_txn;    /* In flight, or NULL. */
    struct ovsdb_idl_txn *cluster_txn;  /* In flight, or NULL. */
    long long int cluster_retry_at;     /* No new cluster_txn before. */
    int64_t local_txn_nb_cfg;           /* Host.nb_cfg 'local_txn' answers. */

    char *condition;                    /* Text of the Binding condition. */
    unsigned int condition_seqno;       /* Seqno that acknowledges it. */

    int64_t pending_nb_cfg;             /* Written, vswitchd catching up. */
    int64_t pending_local_cfg;          /* next_cfg vswitchd must reach. */
    int64_t applied_nb_cfg;             /* In the datapaths. */

    /* What the last run saw; see agent_has_news(). */
    unsigned int last_local_seqno;
    unsigned int last_cluster_seqno;
    unsigned int last_condition_seqno;
    bool last_connected;
    bool rerun;

    /* Statistics for tenantd/show. */
    size_t n_vms;
    size_t n_remote;
    size_t n_conflicts;
    size_t n_bad_bindings;              /* Binding rows that bind nothing. */
    struct ds refused;                  /* One line per refused VM. */
    bool synced;                        /* Last view was complete. */
    struct ds tunnels;                  /* One line per tunnel. */
};

static unixctl_cb_func tenantd_exit;
static unixctl_cb_func tenantd_show;

static void parse_options(int argc, char *argv[]);
OVS_NO_RETURN static void usage(void);

static void agent_init(struct agent *);
static void agent_destroy(struct agent *);
static void agent_run(struct agent *);
static void agent_wait(struct agent *);

int
main(int argc, char *argv[])
{
    struct unixctl_server *unixctl;
    struct agent agent;
    bool exiting = false;
    int retval;

    set_program_name(argv[0]);
    service_start(&argc, &argv);
    parse_options(argc, argv);
    fatal_ignore_sigpipe();

    daemonize_start(false);
    retval = unixctl_server_create(NULL, &unixctl);
    if (retval) {
        exit(EXIT_FAILURE);
    }
    unixctl_command_register("exit", "", 0, 0, tenantd_exit, &exiting);
    unixctl_command_register("tenantd/show", "", 0, 0, tenantd_show,
                             &agent);

    agent_init(&agent);
    daemonize_complete();

    while (!exiting) {
        agent_run(&agent);
        unixctl_server_run(unixctl);

        agent_wait(&agent);
        unixctl_server_wait(unixctl);
        if (exiting) {
            poll_immediate_wake();
        }
        poll_block();
        if (should_service_stop()) {
            exiting = true;
        }
    }

    agent_destroy(&agent);
    unixctl_server_destroy(unixctl);
    service_stop();
    return 0;
}

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_TENANT_DB = UCHAR_MAX + 1,
        OPT_HOST,
        OPT_DB,
        OPT_NO_VSWITCHD,
        DAEMON_OPTION_ENUMS,
        VLOG_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"tenant-db", required_argument, NULL, OPT_TENANT_DB},
        {"host", required_argument, NULL, OPT_HOST},
        {"no-vswitchd", no_argument, NULL, OPT_NO_VSWITCHD},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);

        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DB:
            local_remote = xstrdup(optarg);
            break;

        case OPT_TENANT_DB:
            cluster_remote_option = xstrdup(optarg);
            break;

        case OPT_HOST:
            host_name_option = xstrdup(optarg);
            break;

        case OPT_NO_VSWITCHD:
            no_vswitchd = true;
            break;

        case 'h':
            usage();

        case 'V':
            ovs_print_version(0, 0);
            exit(EXIT_SUCCESS);

        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        STREAM_SSL_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    if (optind < argc) {
        ovs_fatal(0, "too many arguments (use --help)");
    }
    if (!local_remote) {
        local_remote = xasprintf("unix:%s/db.sock", ovs_rundir());
    }
    ssl_from_db = !stream_ssl_is_configured();
}

static void
usage(void)
{
    printf("%s: HostVLAN per-host tenant agent\n"
           "usage: %s [OPTIONS]\n"
           "\nOptions:\n"
           "  --db=DATABASE       local Open_vSwitch database "
           "(default: unix:%s/db.sock)\n"
           "  --tenant-db=REMOTE  tenant database cluster (default: the\n"
           "                      local external_ids:hostvlan-remote)\n"
           "  --host=NAME         this host's name (default: the local\n"
           "                      external_ids:system-id, else hostname)\n"
           "  --no-vswitchd       no ovs-vswitchd runs here "
           "(simulated hosts):\n"
           "                      changes count as applied once written\n",
           program_name, program_name, ovs_rundir());
    daemon_usage();
    vlog_usage();
    stream_usage("database", true, false, true);
    printf("\nOther options:\n"
           "  -h, --help          display this help message\n"
           "  -V, --version       display version information\n");
    exit(EXIT_SUCCESS);
}

/* Set-up. */

static void
agent_init(struct agent *agent)
{
    memset(agent, 0, sizeof *agent);

    agent->local = ovsdb_idl_create(local_remote, &ovsrec_idl_class,
                                    false, true);
    ovsdb_idl_add_table(agent->local, &ovsrec_table_open_vswitch);
    ovsdb_idl_add_column(agent->local, &ovsrec_open_vswitch_col_external_ids);
    ovsdb_idl_add_column(agent->local, &ovsrec_open_vswitch_col_next_cfg);
    ovsdb_idl_add_column(agent->local, &ovsrec_open_vswitch_col_cur_cfg);
    ovsdb_idl_add_column(agent->local, &ovsrec_open_vswitch_col_ssl);
    ovsdb_idl_add_table(agent->local, &ovsrec_table_ssl);
    ovsdb_idl_add_column(agent->local, &ovsrec_ssl_col_private_key);
    ovsdb_idl_add_column(agent->local, &ovsrec_ssl_col_certificate);
    ovsdb_idl_add_column(agent->local, &ovsrec_ssl_col_ca_cert);
    ovsdb_idl_add_column(agent->local, &ovsrec_ssl_col_bootstrap_ca_cert);
    ovsdb_idl_add_table(agent->local, &ovsrec_table_interface);
    ovsdb_idl_add_column(agent->local, &ovsrec_interface_col_name);
    ovsdb_idl_add_column(agent->local, &ovsrec_interface_col_external_ids);
    ovsdb_idl_add_column(agent->local, &ovsrec_interface_col_lnid);
    ovsdb_idl_add_column(agent->local, &ovsrec_interface_col_options);
    ovsdb_idl_add_table(agent->local, &ovsrec_table_tenant_binding);
    ovsdb_idl_add_column(agent->local, &ovsrec_tenant_binding_col_mac);
    ovsdb_idl_add_column(agent->local, &ovsrec_tenant_binding_col_lnid);
    ovsdb_idl_add_column(agent->local,
                         &ovsrec_tenant_binding_col_external_ids);

    /* The remote is set once the local database names it.  Any member or
     * relay will do: reads need not come from the leader, and a relay
     * spares agents the news of every commit in the cluster. */
    agent->cluster = ovsdb_idl_create_unconnected(&hvrec_idl_class, false);
    ovsdb_idl_set_leader_only(agent->cluster, false);
    ovsdb_idl_add_table(agent->cluster, &hvrec_table_host);
    ovsdb_idl_add_column(agent->cluster, &hvrec_host_col_name);
    ovsdb_idl_add_column(agent->cluster, &hvrec_host_col_encap_ip);
    ovsdb_idl_add_column(agent->cluster, &hvrec_host_col_lnids);
    ovsdb_idl_add_column(agent->cluster, &hvrec_host_col_nb_cfg);
    ovsdb_idl_add_column(agent->cluster, &hvrec_host_col_cur_cfg);
    ovsdb_idl_add_table(agent->cluster, &hvrec_table_binding);
    ovsdb_idl_add_column(agent->cluster, &hvrec_binding_col_mac);
    ovsdb_idl_add_column(agent->cluster, &hvrec_binding_col_lnid);
    ovsdb_idl_add_column(agent->cluster, &hvrec_binding_col_host);
    ovsdb_idl_add_column(agent->cluster, &hvrec_binding_col_requested_hosts);
    ovsdb_idl_add_table(agent->cluster, &hvrec_table_hostvlan_global);
    ovsdb_idl_add_column(agent->cluster, &hvrec_hostvlan_global_col_options);

    /* Nothing until the first condition is chosen. */
    struct ovsdb_idl_condition none = OVSDB_IDL_CONDITION_INIT(&none);
    agent->condition_seqno = hvrec_binding_set_condition(agent->cluster,
                                                         &none);
    ovsdb_idl_condition_destroy(&none);
    agent->condition = xstrdup("");
    ds_init(&agent->tunnels);
    ds_init(&agent->refused);
}

static void
agent_destroy(struct agent *agent)
{
    if (agent->local_txn) {
        ovsdb_idl_txn_destroy(agent->local_txn);
    }
    if (agent->cluster_txn) {
        ovsdb_idl_txn_destroy(agent->cluster_txn);
    }
    ovsdb_idl_destroy(agent->local);
    ovsdb_idl_destroy(agent->cluster);
    free(agent->cluster_remote);
    free(agent->host_name);
    free(agent->condition);
    ds_destroy(&agent->tunnels);
    ds_destroy(&agent->refused);
}

/* Without SSL options on the command line, takes the key, certificate and
 * CA certificate of the local database's SSL row ("ovs-vsctl set-ssl"), as
 * ovn-controller does, for an ssl: tenant database. */
static void
agent_configure_ssl(const struct ovsrec_open_vswitch *ovs)
{
    const struct ovsrec_ssl *ssl = ovs->ssl;

    if (ssl_from_db && ssl) {
        stream_ssl_set_key_and_cert(ssl->private_key, ssl->certificate);
        stream_ssl_set_ca_cert_file(ssl->ca_cert, ssl->bootstrap_ca_cert);
    }
}

/* Reads the host name, cluster remote and SSL settings from the local
 * database and the command line.  Returns false if there is no remote
 * yet. */
static bool
agent_configure(struct agent *agent, const struct ovsrec_open_vswitch *ovs)
{
    const char *remote = cluster_remote_option;

    agent_configure_ssl(ovs);
    if (!agent->host_name) {
        const char *system_id = smap_get(&ovs->external_ids, "system-id");
        char hostname[256];

        if (host_name_option) {
            agent->host_name = xstrdup(host_name_option);
        } else if (system_id && system_id[0]) {
            agent->host_name = xstrdup(system_id);
        } else if (!gethostname(hostname, sizeof hostname)) {
            hostname[sizeof hostname - 1] = '\0';
            agent->host_name = xstrdup(hostname);
        } else {
            agent->host_name = xstrdup("localhost");
        }
        VLOG_INFO("this host is \"%s\" in the tenant database",
                  agent->host_name);
    }

    if (!remote) {
        remote = smap_get(&ovs->external_ids, "hostvlan-remote");
    }
    if (!remote || !remote[0]) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);

        VLOG_WARN_RL(&rl, "no tenant database: set external_ids:"
                     "hostvlan-remote in the Open_vSwitch table or use "
                     "--tenant-db");
        return false;
    }
    if (!agent->cluster_remote || strcmp(agent->cluster_remote, remote)) {
        VLOG_INFO("tenant database: %s", remote);
        free(agent->cluster_remote);
        agent->cluster_remote = xstrdup(remote);
        ovsdb_idl_set_remote(agent->cluster, remote, true);
    }
    return true;
}

/* Local VMs. */

static void
local_vms_collect(struct agent *agent, struct shash *vms)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const struct ovsrec_interface *iface;

    shash_init(vms);
    OVSREC_INTERFACE_FOR_EACH (iface, agent->local) {
        char mac[ETH_ADDR_STRLEN + 1];
        struct local_vm *vm;
        struct eth_addr ea;
        char *error;

        /* Malformed configuration: ovs-vswitchd reports it in the
         * interface's "error" column and isolates the interface. */
        if (!tenant_iface_parse_vm_mac(&iface->external_ids, &ea, &error)) {
            free(error);
            continue;
        }
        snprintf(mac, sizeof mac, ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));
        if (shash_find(vms, mac)) {
            VLOG_WARN_RL(&rl, "interface %s: attached-mac %s is on another "
                         "interface too: not published", iface->name, mac);
            continue;
        }

        vm = xzalloc(sizeof *vm);
        vm->iface = iface;
        vm->synced = smap_get(&iface->external_ids, SYNCED_KEY);
        vm->placed_before = smap_get_bool(&iface->external_ids, PLACED_KEY,
                                          false);
        vm->refused = smap_get(&iface->external_ids, TENANT_REFUSED_KEY);
        error = tenant_iface_parse_lnids(iface, &iface->external_ids,
                                         &vm->declared);
        if (error) {
            VLOG_WARN_RL(&rl, "interface %s: %s: not published",
                         iface->name, error);
            free(error);
        } else if (vm->declared) {
            vm->declared_str = lnid_set_to_string(vm->declared);
        }
        shash_add(vms, mac, vm);
    }
    agent->n_vms = shash_count(vms);
}

static void
local_vms_destroy(struct shash *vms)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;

        lnid_set_destroy(vm->declared);
        free(vm->declared_str);
        lnid_set_destroy(vm->binding_lnids);
        free(vm->binding_str);
        free(vm->refusal);
        free(vm);
    }
    shash_destroy(vms);
}

/* The LNIDs 'vm' has now: its binding's, else what it declares; none if
 * the tenant database refuses it here. */
static const struct lnid_set *
local_vm_lnids(const struct local_vm *vm)
{
    return (vm->placement == VM_REFUSED ? NULL
            : vm->binding ? vm->binding_lnids
            : vm->declared);
}

/* Local tunnels to other hosts: global interfaces with a fixed
 * options:remote_ip.  Only global ones, since lnid-egress is for them
 * alone; a tunnel without LNIDs on an isolating bridge carries nothing
 * anyway. */
static void
local_tunnels_collect(struct agent *agent, struct shash *tunnels)
{
    const struct ovsrec_interface *iface;

    shash_init(tunnels);
    OVSREC_INTERFACE_FOR_EACH (iface, agent->local) {
        const char *remote_ip = smap_get(&iface->options, "remote_ip");
        struct local_tunnel *tunnel;
        struct lnid_set *lnids;
        char *error;

        if (!remote_ip || !remote_ip[0] || !strcmp(remote_ip, "flow")) {
            continue;
        }
        error = tenant_iface_parse_lnids(iface, &iface->external_ids, &lnids);
        if (!error && lnids && lnids->global) {
            tunnel = xzalloc(sizeof *tunnel);
            tunnel->iface = iface;
            tunnel->remote_ip = remote_ip;
            shash_add_once(tunnels, iface->name, tunnel);
        }
        lnid_set_destroy(lnids);
        free(error);
    }
}

static void
local_tunnels_destroy(struct shash *tunnels)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, tunnels) {
        struct local_tunnel *tunnel = node->data;

        free(tunnel->egress);
        free(tunnel);
    }
    shash_destroy(tunnels);
}

/* Cluster view. */

static const struct hvrec_host *
find_own_host(const struct agent *agent)
{
    const struct hvrec_host *host;

    HVREC_HOST_FOR_EACH (host, agent->cluster) {
        if (!strcmp(host->name, agent->host_name)) {
            return host;
        }
    }
    return NULL;
}

/* Reads whether the cluster lets hosts register their own VMs. */
static void
agent_read_mode(struct agent *agent)
{
    const struct hvrec_hostvlan_global *global;
    bool self_registration;

    global = hvrec_hostvlan_global_first(agent->cluster);
    self_registration = global && smap_get_bool(&global->options,
                                                "self-registration", false);
    if (self_registration != agent->self_registration) {
        VLOG_INFO("self-registration is %s: %s",
                  self_registration ? "on" : "off",
                  self_registration
                  ? "this host publishes its VMs' LNIDs"
                  : "the tenant database decides tenancy and placement");
        agent->self_registration = self_registration;
    }
}

/* Reads the visible Binding rows into 'bindings', once per run: every
 * other step reads them from there, checked (see tenant-db.h). */
static void
agent_read_bindings(struct agent *agent, struct tenant_db_view *bindings)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

    tenant_db_view_init(bindings);
    tenant_db_view_read(bindings, agent->cluster);
    if (bindings->n_bad || bindings->n_malformed) {
        COVERAGE_ADD(tenantd_bad_binding,
                     bindings->n_bad + bindings->n_malformed);
        VLOG_WARN_RL(&rl, "tenant database: %"PRIuSIZE" Binding row(s) "
                     "without a VM MAC and %"PRIuSIZE" MAC(s) with "
                     "malformed or conflicting rows: none of them binds",
                     bindings->n_malformed, bindings->n_bad);
    }
    agent->n_bad_bindings = bindings->n_bad + bindings->n_malformed;
}

/* Links each local VM to its visible Binding row. */
static void
local_vms_find_bindings(struct shash *vms,
                        const struct tenant_db_view *bindings)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, vms) {
        const struct tenant_db_binding *tdb;
        struct local_vm *vm = node->data;

        tdb = tenant_db_view_find(bindings, node->name);
        if (!tdb) {
            continue;
        } else if (!tdb->lnids) {
            vm->bad_binding = true;
            continue;
        }
        vm->binding = tdb->row;
        vm->binding_lnids = lnid_set_clone(tdb->lnids);
        vm->binding_str = lnid_set_to_string(tdb->lnids);
    }
}

/* True if 'b' is placed on no host at all (its host may also be a Host row
 * this agent does not monitor). */
static bool
binding_is_unplaced(const struct hvrec_binding *b)
{
    return !hvrec_binding_get_host(b, OVSDB_TYPE_UUID)->n;
}

/* Decides where 'vm' runs, from its binding and whether this host has run
 * it; 'own' is this host's row, if it has one yet.  A host takes a binding
 * only where the tenant database allows it (requested_hosts; with
 * self-registration also a binding that requests no host), and only once
 * per interface unless the binding is unplaced: see PLACED_KEY. */
static void
local_vm_place(const struct agent *agent, struct local_vm *vm,
               const char *mac, const struct hvrec_host *own)
{
    const struct hvrec_binding *b = vm->binding;
    bool allowed;

    if (vm->bad_binding) {
        vm->placement = VM_REFUSED;
        vm->refusal = xasprintf("%s has malformed or conflicting Binding "
                                "rows in the tenant database", mac);
        return;
    }
    if (!b) {
        vm->placement = agent->self_registration ? VM_UNPUBLISHED
                                                 : VM_REFUSED;
        if (!agent->self_registration) {
            vm->refusal = xasprintf("%s is not registered in the tenant "
                                    "database", mac);
        }
        return;
    }
    if (own && b->host == own) {
        vm->placement = VM_HERE;
        return;
    }

    allowed = (b->n_requested_hosts
               ? hostvlan_binding_requests(b, agent->host_name)
               : agent->self_registration);
    if (!allowed) {
        vm->refusal = (b->n_requested_hosts
                       ? xasprintf("host %s is not a requested host of %s",
                                   agent->host_name, mac)
                       : xasprintf("%s requests no host and "
                                   "self-registration is off", mac));
    } else if (vm->placed_before && !binding_is_unplaced(b)) {
        /* This agent sees the Host rows of requested hosts, not all. */
        vm->refusal = (b->host
                       ? xasprintf("%s runs on host %s", mac, b->host->name)
                       : xasprintf("%s runs on another host", mac));
    }
    vm->placement = vm->refusal ? VM_REFUSED : VM_TAKE;
}

static void
local_vms_place(struct agent *agent, struct shash *vms,
                const struct hvrec_host *own)
{
    struct shash_node *node;

    ds_clear(&agent->refused);
    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;

        local_vm_place(agent, vm, node->name, own);
        if (vm->refusal) {
            ds_put_format(&agent->refused, "  %s (interface %s): %s\n",
                          node->name, vm->iface->name, vm->refusal);
        }
    }
}

static int
compare_int64(const void *a_, const void *b_)
{
    int64_t a = *(const int64_t *) a_;
    int64_t b = *(const int64_t *) b_;

    return a < b ? -1 : a > b;
}

/* Returns, sorted and unique, the LNIDs of all local VMs (a host may have
 * far more than one set holds), with LNID_GLOBAL_COLUMN first if a local
 * VM is global, for Host.lnids.  Stores their number in '*n'. */
static int64_t *
local_vms_lnids(struct shash *vms, size_t *n)
{
    int64_t *lnids = NULL;
    size_t allocated = 0, n_all = 0, i;
    struct shash_node *node;

    SHASH_FOR_EACH (node, vms) {
        const struct lnid_set *set = local_vm_lnids(node->data);
        int64_t values[LNID_SET_MAX + 1];
        size_t n_values = lnid_set_to_column(set, values);

        for (i = 0; i < n_values; i++) {
            if (n_all >= allocated) {
                lnids = x2nrealloc(lnids, &allocated, sizeof *lnids);
            }
            lnids[n_all++] = values[i];
        }
    }
    if (n_all) {
        qsort(lnids, n_all, sizeof *lnids, compare_int64);
    }
    *n = 0;
    for (i = 0; i < n_all; i++) {
        if (!*n || lnids[*n - 1] != lnids[i]) {
            lnids[(*n)++] = lnids[i];
        }
    }
    return lnids;
}

/* Chooses the bindings this host receives: those that share an LNID with
 * a local VM, global ones, its own VMs' (by MAC and by host).  A local
 * global VM (a router, a DHCP server) talks to every tenant, so it needs
 * every binding.  'lnids' are the host's, from local_vms_lnids(). */
static void
agent_update_condition(struct agent *agent, struct shash *vms,
                       struct shash *tunnels, const struct hvrec_host *own,
                       const int64_t *lnids, size_t n_lnids)
{
    struct ovsdb_idl_condition cond = OVSDB_IDL_CONDITION_INIT(&cond);
    struct ds hosts = DS_EMPTY_INITIALIZER;
    struct ds text = DS_EMPTY_INITIALIZER;
    int64_t global = LNID_GLOBAL_COLUMN;
    struct shash_node *node;
    size_t i;

    /* Hosts: our own row, and the far ends of our tunnels to find their
     * VMs' bindings by.  No others: every host's reports would wake every
     * agent for every change. */
    hvrec_host_add_clause_name(&cond, OVSDB_F_EQ, agent->host_name);
    SHASH_FOR_EACH (node, vms) {
        /* To name where a refused VM runs. */
        const struct local_vm *vm = node->data;

        for (i = 0; vm->binding && i < vm->binding->n_requested_hosts; i++) {
            const char *name = vm->binding->requested_hosts[i];

            if (strcmp(name, agent->host_name)) {
                hvrec_host_add_clause_name(&cond, OVSDB_F_EQ, name);
                ds_put_format(&hosts, " name:%s", name);
            }
        }
    }
    SHASH_FOR_EACH (node, tunnels) {
        const struct local_tunnel *tunnel = node->data;

        hvrec_host_add_clause_encap_ip(&cond, OVSDB_F_EQ, tunnel->remote_ip);
        ds_put_format(&hosts, " encap_ip:%s", tunnel->remote_ip);
    }
    hvrec_host_set_condition(agent->cluster, &cond);
    ovsdb_idl_condition_destroy(&cond);
    ovsdb_idl_condition_init(&cond);

    if (n_lnids && lnids[0] == LNID_GLOBAL_COLUMN) {
        ovsdb_idl_condition_add_clause_true(&cond);
        ds_put_cstr(&text, "true");
    } else {
        hvrec_binding_add_clause_lnid(&cond, OVSDB_F_INCLUDES, &global, 1);
        ds_put_cstr(&text, "global ");
        for (i = 0; i < n_lnids; i++) {
            hvrec_binding_add_clause_lnid(&cond, OVSDB_F_INCLUDES,
                                          &lnids[i], 1);
            ds_put_format(&text, "lnid:%"PRId64" ", lnids[i]);
        }
        SHASH_FOR_EACH (node, vms) {
            hvrec_binding_add_clause_mac(&cond, OVSDB_F_EQ, node->name);
            ds_put_format(&text, "mac:%s ", node->name);
        }
        if (own) {
            hvrec_binding_add_clause_host(&cond, OVSDB_F_EQ,
                                          &own->header_.uuid);
            ds_put_format(&text, "host:"UUID_FMT,
                          UUID_ARGS(&own->header_.uuid));
        }
    }

    ds_put_cstr(&text, ds_cstr(&hosts));
    ds_destroy(&hosts);
    if (strcmp(ds_cstr(&text), agent->condition)) {
        VLOG_DBG("monitoring bindings: %s", ds_cstr(&text));
        free(agent->condition);
        agent->condition = ds_steal_cstr(&text);
    }
    /* Set it even when unchanged, and last: the seqno that acknowledges
     * both conditions moves when a reconnection drops a request in flight,
     * and a stale one would never be reached. */
    agent->condition_seqno = hvrec_binding_set_condition(agent->cluster,
                                                         &cond);
    ds_destroy(&text);
    ovsdb_idl_condition_destroy(&cond);
}

static bool
columns_equal(const int64_t *a, size_t n_a, const int64_t *b, size_t n_b)
{
    return n_a == n_b && !memcmp(a, b, n_a * sizeof *a);
}

static void
binding_set_lnids(const struct hvrec_binding *b, const struct lnid_set *set)
{
    int64_t values[LNID_SET_MAX + 1];

    hvrec_binding_set_lnid(b, values, lnid_set_to_column(set, values));
}

static enum vm_sync
local_vm_sync(const struct local_vm *vm)
{
    const char *here = vm->declared_str;
    const char *there = vm->binding_str;
    bool changed_here = here && (!vm->synced || strcmp(vm->synced, here));

    if (!there) {
        return !here ? VM_IN_SYNC
               : changed_here ? VM_PUBLISH_NEW
               : VM_UNREGISTERED;
    }
    if (here && !strcmp(here, there)) {
        return vm->synced && !strcmp(vm->synced, there)
               ? VM_IN_SYNC : VM_MARK_SYNCED;
    }
    return changed_here && vm->synced ? VM_PUBLISH_CHANGE : VM_ADOPT;
}

/* Publishing: this host's VMs and state into the cluster.  Returns true if
 * 'txn' has changes. */
static bool
agent_publish(struct agent *agent, struct ovsdb_idl_txn *txn,
              struct shash *vms, const struct hvrec_host *own,
              const int64_t *host_lnids, size_t n_host_lnids)
{
    const struct ovsrec_open_vswitch *ovs;
    struct shash_node *node;
    const char *encap_ip;
    bool changed = false;

    ovs = ovsrec_open_vswitch_first(agent->local);
    encap_ip = smap_get_def(&ovs->external_ids, "hostvlan-encap-ip", "");
    if (!own) {
        VLOG_INFO("adding host \"%s\" to the tenant database",
                  agent->host_name);
        own = hvrec_host_insert(txn);
        hvrec_host_set_name(own, agent->host_name);
        changed = true;
    }
    if (strcmp(own->encap_ip, encap_ip)) {
        hvrec_host_set_encap_ip(own, encap_ip);
        changed = true;
    }
    if (!columns_equal(own->lnids, own->n_lnids, host_lnids, n_host_lnids)) {
        hvrec_host_set_lnids(own, host_lnids, n_host_lnids);
        changed = true;
    }
    if (agent->applied_nb_cfg > own->cur_cfg) {
        COVERAGE_INC(tenantd_report);
        hvrec_host_set_cur_cfg(own, agent->applied_nb_cfg);
        changed = true;
    }

    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;
        const struct hvrec_binding *b = vm->binding;

        if (vm->placement == VM_REFUSED) {
            continue;
        }
        switch (local_vm_sync(vm)) {
        case VM_PUBLISH_NEW:
            VLOG_INFO("publishing %s (interface %s) with LNIDs %s",
                      node->name, vm->iface->name, vm->declared_str);
            b = hvrec_binding_insert(txn);
            hvrec_binding_set_mac(b, node->name);
            binding_set_lnids(b, vm->declared);
            hvrec_binding_set_host(b, own);
            COVERAGE_INC(tenantd_publish);
            changed = true;
            continue;

        case VM_PUBLISH_CHANGE:
            if (!agent->self_registration) {
                break;
            }
            VLOG_INFO("interface %s changed the LNIDs of %s to %s",
                      vm->iface->name, node->name, vm->declared_str);
            hvrec_binding_verify_lnid(b);
            binding_set_lnids(b, vm->declared);
            COVERAGE_INC(tenantd_publish);
            changed = true;
            break;

        case VM_IN_SYNC:
        case VM_ADOPT:
        case VM_MARK_SYNCED:
        case VM_UNREGISTERED:
            break;
        }
        if (b && vm->placement == VM_TAKE) {
            /* The VM arrived here: it migrated, or was registered before
             * it started. */
            VLOG_INFO("%s (interface %s) is on this host now", node->name,
                      vm->iface->name);
            COVERAGE_INC(tenantd_take);
            hvrec_binding_verify_host(b);
            hvrec_binding_set_host(b, own);
            changed = true;
        }
    }

    return changed;
}

/* Writes 'b''s LNIDs (none if NULL) where the interface keeps its own:
 * its "lnid" column if that is in use, else external_ids:lnid. */
static void
local_vm_set_lnids(const struct local_vm *vm, const struct hvrec_binding *b)
{
    const struct ovsrec_interface *iface = vm->iface;

    if (iface->n_lnid) {
        ovsrec_interface_set_lnid(iface, b ? b->lnid : NULL,
                                  b ? b->n_lnid : 0);
    } else if (b) {
        ovsrec_interface_update_external_ids_setkey(iface, "lnid",
                                                    vm->binding_str);
    } else {
        ovsrec_interface_update_external_ids_delkey(iface, "lnid");
    }
}

/* Returns the name of the host that cluster binding 'b' places its MAC
 * on, NULL if none, for the caller to free.  This agent monitors only some
 * Host rows (its own and its tunnels' far ends), so the Host may be out of
 * view: it is then named by its row's UUID, which no tunnel lists, so that
 * no tunnel carries its MAC.  Nor does any tunnel list the name given to a
 * host that the binding does not request. */
static char *
binding_host_name(const struct hvrec_binding *b)
{
    const struct ovsdb_datum *datum;

    if (b->host) {
        /* An agent may set the host of a binding that requests it (see
         * hostvlan-agent in ovs-tenantctl(8)) to any host: follow only a
         * requested one. */
        return (!b->n_requested_hosts
                || hostvlan_binding_requests(b, b->host->name)
                ? xstrdup(b->host->name)
                : xasprintf("%s (not requested)", b->host->name));
    }
    datum = hvrec_binding_get_host(b, OVSDB_TYPE_UUID);
    return (datum->n
            ? xasprintf("host-"UUID_FMT, UUID_ARGS(&datum->keys[0].uuid))
            : NULL);
}

/* Marks local row 'row' with the host that cluster binding 'b' places its
 * MAC on, for the tunnels that accept only their far end's MACs (see
 * agent_guard_ingress()).  Returns true if that changed 'row'. */
static bool
tenant_binding_set_host(const struct ovsrec_tenant_binding *row,
                        const struct hvrec_binding *b)
{
    const char *have = smap_get(&row->external_ids, TENANT_BINDING_HOST_KEY);
    char *want = binding_host_name(b);
    bool changed = !nullable_string_is_equal(have, want);

    if (changed && want) {
        ovsrec_tenant_binding_update_external_ids_setkey(
            row, TENANT_BINDING_HOST_KEY, want);
    } else if (changed) {
        ovsrec_tenant_binding_update_external_ids_delkey(
            row, TENANT_BINDING_HOST_KEY);
    }
    free(want);
    return changed;
}

/* Writes checked LNIDs 'lnids' into local row 'row', in the column's form.
 * Returns true if that changed 'row'. */
static bool
tenant_binding_set_lnids(const struct ovsrec_tenant_binding *row,
                         const struct lnid_set *lnids)
{
    int64_t values[LNID_SET_MAX + 1];
    size_t n = lnid_set_to_column(lnids, values);

    if (columns_equal(row->lnid, row->n_lnid, values, n)) {
        return false;
    }
    ovsrec_tenant_binding_set_lnid(row, values, n);
    return true;
}

/* Writes 'vm''s placement into its interface: the refusal that makes
 * ovs-vswitchd fail its port closed (or its end), and the mark that this
 * host ran it.  Returns true if that changed the interface. */
static bool
local_vm_mark(const struct local_vm *vm)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    const struct ovsrec_interface *iface = vm->iface;
    bool changed = false;

    if (!nullable_string_is_equal(vm->refused, vm->refusal)) {
        if (vm->refusal) {
            COVERAGE_INC(tenantd_refuse);
            VLOG_WARN_RL(&rl, "interface %s: %s: its port fails closed",
                         iface->name, vm->refusal);
            ovsrec_interface_update_external_ids_setkey(
                iface, TENANT_REFUSED_KEY, vm->refusal);
        } else {
            VLOG_INFO("interface %s: the tenant database places it here "
                      "now", iface->name);
            ovsrec_interface_update_external_ids_delkey(iface,
                                                        TENANT_REFUSED_KEY);
        }
        changed = true;
    }
    if (vm->placement == VM_HERE && !vm->placed_before) {
        ovsrec_interface_update_external_ids_setkey(iface, PLACED_KEY,
                                                    "true");
        changed = true;
    }
    return changed;
}

/* Applying: the cluster's bindings into the local database.  Returns true
 * if 'txn' has changes. */
static bool
agent_apply(struct agent *agent, struct ovsdb_idl_txn *txn,
            struct shash *vms, const struct tenant_db_view *bindings)
{
    const struct ovsrec_tenant_binding *row;
    const struct tenant_db_binding *tdb;
    struct shash desired = SHASH_INITIALIZER(&desired);
    struct sset foreign = SSET_INITIALIZER(&foreign);
    struct shash_node *node;
    bool changed = false;

    /* Remote bindings: every visible one that is not a local VM's. */
    SHASH_FOR_EACH (node, &bindings->by_name) {
        struct local_vm *vm = shash_find_data(vms, node->name);

        tdb = node->data;
        if (tdb->lnids && (!vm || vm->placement == VM_REFUSED)) {
            shash_add(&desired, node->name, tdb);
        }
    }
    agent->n_remote = shash_count(&desired);

    /* Difference against the rows we own; rows someone else made win. */
    OVSREC_TENANT_BINDING_FOR_EACH (row, agent->local) {
        const char *owner = smap_get(&row->external_ids, OWNER_KEY);

        if (!owner || strcmp(owner, OWNER_VALUE)) {
            sset_add(&foreign, row->mac);
            continue;
        }
        tdb = shash_find_and_delete(&desired, row->mac);
        if (!tdb) {
            ovsrec_tenant_binding_delete(row);
            changed = true;
            continue;
        }
        changed |= tenant_binding_set_lnids(row, tdb->lnids);
        changed |= tenant_binding_set_host(row, tdb->row);
    }
    agent->n_conflicts = 0;
    SHASH_FOR_EACH (node, &desired) {
        tdb = node->data;
        if (sset_contains(&foreign, tdb->name)) {
            agent->n_conflicts++;
            continue;
        }
        row = ovsrec_tenant_binding_insert(txn);
        ovsrec_tenant_binding_set_mac(row, tdb->name);
        tenant_binding_set_lnids(row, tdb->lnids);
        ovsrec_tenant_binding_update_external_ids_setkey(row, OWNER_KEY,
                                                         OWNER_VALUE);
        tenant_binding_set_host(row, tdb->row);
        changed = true;
    }
    shash_destroy(&desired);
    sset_destroy(&foreign);

    /* Local VMs: their interfaces follow central changes. */
    SHASH_FOR_EACH (node, vms) {
        struct local_vm *vm = node->data;
        enum vm_sync sync;

        changed |= local_vm_mark(vm);
        if (vm->placement == VM_REFUSED) {
            continue;
        }
        sync = local_vm_sync(vm);
        if (!agent->self_registration && sync == VM_PUBLISH_CHANGE) {
            /* Only the tenant database changes LNIDs. */
            VLOG_INFO("interface %s: local LNIDs %s overridden by the "
                      "tenant database", vm->iface->name, vm->declared_str);
            sync = VM_ADOPT;
        }
        switch (sync) {
        case VM_ADOPT:
            VLOG_INFO("interface %s: LNIDs %s from the tenant database",
                      vm->iface->name, vm->binding_str);
            local_vm_set_lnids(vm, vm->binding);
            ovsrec_interface_update_external_ids_setkey(
                vm->iface, SYNCED_KEY, vm->binding_str);
            changed = true;
            break;

        case VM_MARK_SYNCED:
            ovsrec_interface_update_external_ids_setkey(
                vm->iface, SYNCED_KEY, vm->binding_str);
            changed = true;
            break;

        case VM_UNREGISTERED:
            /* With no LNIDs, the VM's port fails closed. */
            VLOG_INFO("interface %s: %s was unregistered", vm->iface->name,
                      node->name);
            local_vm_set_lnids(vm, NULL);
            ovsrec_interface_update_external_ids_delkey(vm->iface,
                                                        SYNCED_KEY);
            changed = true;
            break;

        case VM_IN_SYNC:
        case VM_PUBLISH_NEW:
        case VM_PUBLISH_CHANGE:
            break;
        }
    }
    if (changed) {
        COVERAGE_INC(tenantd_apply);
    }
    return changed;
}

/* Pruning: what each tunnel's far end needs.  The far end needs the
 * frames of the LNIDs its VMs have; of those, this host can only ever send
 * the ones it sees, i.e. those of the visible bindings placed there (a
 * global VM here sees every binding), and frames from global sources (a
 * router behind an uplink), which pass any set but an empty one.  So when
 * this host shares no tenant with a far end that has VMs, the far end's
 * own LNIDs (Host.lnids) stand in.  Tunnels are assumed to form a full
 * mesh: no host relays one tunnel's frames into another. */
struct far_end {
    struct hmap_node node;              /* By 'host'. */
    const struct hvrec_host *host;
    struct lnid_set *lnids;             /* NULL: more than a set holds. */
};

static struct far_end *
far_end_find(const struct hmap *far_ends, const struct hvrec_host *host)
{
    struct far_end *fe;

    HMAP_FOR_EACH_WITH_HASH (fe, node, hash_pointer(host, 0), far_ends) {
        if (fe->host == host) {
            return fe;
        }
    }
    return NULL;
}

/* Finds each tunnel's far end, the Host other than 'own' whose encap_ip is
 * the tunnel's remote_ip (none where two hosts claim one address: trust
 * neither), and adds it to 'far_ends'. */
static void
far_ends_find(const struct agent *agent, struct shash *tunnels,
              const struct hvrec_host *own, struct hmap *far_ends)
{
    struct shash by_ip = SHASH_INITIALIZER(&by_ip);
    const struct hvrec_host *host;
    struct shash_node *node;

    HVREC_HOST_FOR_EACH (host, agent->cluster) {
        if (host != own && host->encap_ip[0]
            && !shash_add_once(&by_ip, host->encap_ip, host)) {
            shash_replace(&by_ip, host->encap_ip, NULL);
        }
    }
    SHASH_FOR_EACH (node, tunnels) {
        struct local_tunnel *tunnel = node->data;

        tunnel->host = shash_find_data(&by_ip, tunnel->remote_ip);
        if (tunnel->host && !far_end_find(far_ends, tunnel->host)) {
            struct far_end *fe = xmalloc(sizeof *fe);

            fe->host = tunnel->host;
            fe->lnids = lnid_set_create(false, NULL, 0);
            hmap_insert(far_ends, &fe->node, hash_pointer(fe->host, 0));
        }
    }
    shash_destroy(&by_ip);
}

/* Adds the LNIDs of every visible binding to its host's entry in
 * 'far_ends', in one pass. */
static void
far_ends_collect_lnids(const struct tenant_db_view *bindings,
                       struct hmap *far_ends)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &bindings->by_name) {
        const struct tenant_db_binding *tdb = node->data;
        const struct hvrec_binding *b = tdb->row;
        struct far_end *fe = b->host ? far_end_find(far_ends, b->host) : NULL;
        struct lnid_set *sum;

        if (!fe || !fe->lnids || !tdb->lnids) {
            continue;
        }
        sum = lnid_set_union(fe->lnids, tdb->lnids);
        lnid_set_destroy(fe->lnids);
        fe->lnids = sum;
    }
}

/* Returns the lnid-egress value for a tunnel to 'fe', NULL for no
 * pruning. */
static char *
far_end_egress(const struct far_end *fe)
{
    struct lnid_set *own_lnids;
    char *error, *egress;

    if (!fe->lnids) {
        return NULL;
    } else if (!lnid_set_is_empty(fe->lnids) || !fe->host->n_lnids) {
        return lnid_set_to_string(fe->lnids);
    }
    error = lnid_set_from_column(fe->host->lnids, fe->host->n_lnids,
                                 &own_lnids);
    if (error) {
        free(error);            /* More LNIDs than one set holds. */
        return NULL;
    }
    egress = lnid_set_to_string(own_lnids);
    lnid_set_destroy(own_lnids);
    return egress;
}

static void
far_ends_destroy(struct hmap *far_ends)
{
    struct far_end *fe;

    HMAP_FOR_EACH_POP (fe, node, far_ends) {
        lnid_set_destroy(fe->lnids);
        free(fe);
    }
    hmap_destroy(far_ends);
}

/* Writes each tunnel's external_ids:lnid-egress.  Returns true if 'txn'
 * has changes. */
static bool
agent_prune(struct agent *agent, struct shash *tunnels,
            const struct hvrec_host *own,
            const struct tenant_db_view *bindings)
{
    struct hmap far_ends = HMAP_INITIALIZER(&far_ends);
    const struct shash_node **sorted;
    bool changed = false;
    size_t i;

    far_ends_find(agent, tunnels, own, &far_ends);
    far_ends_collect_lnids(bindings, &far_ends);

    ds_clear(&agent->tunnels);
    sorted = shash_sort(tunnels);
    for (i = 0; i < shash_count(tunnels); i++) {
        struct local_tunnel *tunnel = sorted[i]->data;
        const struct ovsrec_interface *iface = tunnel->iface;
        const char *have = smap_get(&iface->external_ids, TENANT_EGRESS_KEY);

        tunnel->egress = (tunnel->host
                          ? far_end_egress(far_end_find(&far_ends,
                                                        tunnel->host))
                          : NULL);
        ds_put_format(&agent->tunnels, "  %s to %s (%s): %s%s\n",
                      iface->name, tunnel->remote_ip,
                      tunnel->host ? tunnel->host->name : "unknown host",
                      tunnel->egress ? "egress lnid " : "not pruned",
                      tunnel->egress ? tunnel->egress : "");
        if (nullable_string_is_equal(have, tunnel->egress)) {
            continue;
        }
        VLOG_INFO("interface %s: %s%s", iface->name,
                  tunnel->egress ? "floods pruned to LNIDs " : "not pruned",
                  tunnel->egress ? tunnel->egress : "");
        if (tunnel->egress) {
            ovsrec_interface_update_external_ids_setkey(iface,
                                                        TENANT_EGRESS_KEY,
                                                        tunnel->egress);
        } else {
            ovsrec_interface_update_external_ids_delkey(iface,
                                                        TENANT_EGRESS_KEY);
        }
        COVERAGE_INC(tenantd_prune);
        changed = true;
    }
    free(sorted);
    far_ends_destroy(&far_ends);
    return changed;
}

/* Guarding tunnels: the far end of a tunnel can put any source MAC on
 * it, so each tunnel gets external_ids:lnid-ingress-hosts, its far end's
 * Host name, and ovs-vswitchd lets in only the MACs bound to that host
 * (and those bound to no host).  A tunnel whose far end is unknown, or
 * claimed by two hosts, gets "none": it carries no host's MACs.  Must run
 * after agent_prune(), which finds the far ends.  Returns true if 'txn'
 * has changes. */
static bool
agent_guard_ingress(struct shash *tunnels)
{
    struct shash_node *node;
    bool changed = false;

    SHASH_FOR_EACH (node, tunnels) {
        const struct local_tunnel *tunnel = node->data;
        const struct ovsrec_interface *iface = tunnel->iface;
        const char *want = (tunnel->host ? tunnel->host->name
                            : TENANT_EGRESS_NONE);
        const char *have = smap_get(&iface->external_ids,
                                    TENANT_INGRESS_HOSTS_KEY);

        if (!nullable_string_is_equal(have, want)) {
            VLOG_INFO("interface %s: carries the MACs of %s%s",
                      iface->name, tunnel->host ? "host " : "no host",
                      tunnel->host ? want : "");
            ovsrec_interface_update_external_ids_setkey(
                iface, TENANT_INGRESS_HOSTS_KEY, want);
            changed = true;
        }
    }
    return changed;
}

/* Finishes a transaction in flight.  Returns its status, TXN_INCOMPLETE
 * while it is still in flight. */
static enum ovsdb_idl_txn_status
txn_finish(struct ovsdb_idl_txn **txnp, const char *what)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    enum ovsdb_idl_txn_status status;

    if (!*txnp) {
        return TXN_UNCHANGED;
    }
    status = ovsdb_idl_txn_commit(*txnp);
    if (status == TXN_INCOMPLETE) {
        return status;
    }
    if (status != TXN_SUCCESS && status != TXN_UNCHANGED
        && status != TXN_TRY_AGAIN) {
        VLOG_WARN_RL(&rl, "%s transaction failed (%s): %s", what,
                     ovsdb_idl_txn_status_to_string(status),
                     ovsdb_idl_txn_get_error(*txnp));
    }
    return status;
}

static void
agent_mark_applied(struct agent *agent, int64_t nb_cfg)
{
    agent->applied_nb_cfg = MAX(agent->applied_nb_cfg, nb_cfg);
}

/* True if anything this agent acts on may have changed since its last
 * run.  A clustered database tells every client of every commit (the
 * _Server "index"), so with hundreds of agents most wake-ups carry nothing
 * for them, and recomputing on each would cost more than all else. */
static bool
agent_has_news(struct agent *agent)
{
    unsigned int local_seqno = ovsdb_idl_get_seqno(agent->local);
    unsigned int cluster_seqno = ovsdb_idl_get_seqno(agent->cluster);
    unsigned int condition_seqno
        = ovsdb_idl_get_condition_seqno(agent->cluster);
    bool connected = ovsdb_idl_is_connected(agent->cluster);
    bool retry = (agent->cluster_retry_at
                  && time_msec() >= agent->cluster_retry_at);
    bool news = (agent->rerun || agent->local_txn || agent->cluster_txn
                 || retry
                 || local_seqno != agent->last_local_seqno
                 || cluster_seqno != agent->last_cluster_seqno
                 || condition_seqno != agent->last_condition_seqno
                 || connected != agent->last_connected);

    agent->last_local_seqno = local_seqno;
    agent->last_cluster_seqno = cluster_seqno;
    agent->last_condition_seqno = condition_seqno;
    agent->last_connected = connected;
    agent->rerun = false;
    if (retry) {
        agent->cluster_retry_at = 0;
    }
    return news;
}

static void
agent_run(struct agent *agent)
{
    const struct ovsrec_open_vswitch *ovs;
    const struct hvrec_host *own;
    enum ovsdb_idl_txn_status status;
    struct tenant_db_view bindings;
    struct shash vms, tunnels;
    int64_t *host_lnids;
    size_t n_host_lnids;

    ovsdb_idl_run(agent->local);
    ovsdb_idl_run(agent->cluster);
    if (!agent_has_news(agent)) {
        return;
    }

    status = txn_finish(&agent->local_txn, "local");
    if (status != TXN_INCOMPLETE && agent->local_txn) {
        if (status == TXN_SUCCESS && no_vswitchd) {
            agent_mark_applied(agent, agent->local_txn_nb_cfg);
        } else if (status == TXN_SUCCESS) {
            agent->pending_local_cfg
                = ovsdb_idl_txn_get_increment_new_value(agent->local_txn);
            agent->pending_nb_cfg = agent->local_txn_nb_cfg;
        }
        ovsdb_idl_txn_destroy(agent->local_txn);
        agent->local_txn = NULL;
        agent->rerun = true;
    }
    status = txn_finish(&agent->cluster_txn, "tenant database");
    if (status != TXN_INCOMPLETE && agent->cluster_txn) {
        ovsdb_idl_txn_destroy(agent->cluster_txn);
        agent->cluster_txn = NULL;
        if (status == TXN_ERROR) {
            COVERAGE_INC(tenantd_txn_error);
            agent->cluster_retry_at = time_msec() + CLUSTER_RETRY_MSEC;
        } else {
            agent->rerun = true;
        }
    }

    ovs = ovsrec_open_vswitch_first(agent->local);
    agent->synced = false;
    if (!ovs || !agent_configure(agent, ovs)) {
        return;
    }

    /* ovs-vswitchd has applied what we wrote? */
    if (agent->pending_local_cfg && ovs->cur_cfg >= agent->pending_local_cfg) {
        agent_mark_applied(agent, agent->pending_nb_cfg);
        agent->pending_local_cfg = 0;
    }

    if (!ovsdb_idl_has_ever_connected(agent->cluster)) {
        return;
    }

    local_vms_collect(agent, &vms);
    agent_read_bindings(agent, &bindings);
    local_vms_find_bindings(&vms, &bindings);
    local_tunnels_collect(agent, &tunnels);
    own = find_own_host(agent);
    agent_read_mode(agent);
    local_vms_place(agent, &vms, own);
    host_lnids = local_vms_lnids(&vms, &n_host_lnids);
    agent_update_condition(agent, &vms, &tunnels, own, host_lnids,
                           n_host_lnids);

    /* Act only on a complete view for the current condition: a view
     * missing rows would delete their local copies. */
    if (ovsdb_idl_get_condition_seqno(agent->cluster)
        >= agent->condition_seqno) {
        agent->synced = true;

        if (!agent->local_txn) {
            struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(agent->local);

            ovsdb_idl_txn_add_comment(txn, "ovs-tenantd: apply bindings");
            /* The nb_cfg came in the same update as the change it asks
             * about, so applying this view answers it. */
            agent->local_txn_nb_cfg = own ? own->nb_cfg : 0;
            bool applied = agent_apply(agent, txn, &vms, &bindings);
            bool pruned = agent_prune(agent, &tunnels, own, &bindings);
            bool guarded = agent_guard_ingress(&tunnels);

            if (applied || pruned || guarded) {
                if (!no_vswitchd) {
                    ovsdb_idl_txn_increment(
                        txn, &ovs->header_,
                        &ovsrec_open_vswitch_col_next_cfg, true);
                }
                agent->local_txn = txn;
            } else {
                ovsdb_idl_txn_destroy(txn);
                if (!agent->pending_local_cfg) {
                    /* What the cluster says is in place already. */
                    agent_mark_applied(agent, agent->local_txn_nb_cfg);
                }
            }
        }

        if (!agent->cluster_txn && time_msec() >= agent->cluster_retry_at) {
            struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(agent->cluster);

            ovsdb_idl_txn_add_comment(txn, "ovs-tenantd: host %s",
                                      agent->host_name);
            if (agent_publish(agent, txn, &vms, own, host_lnids,
                              n_host_lnids)) {
                agent->cluster_txn = txn;
            } else {
                ovsdb_idl_txn_destroy(txn);
            }
        }
    }

    free(host_lnids);
    tenant_db_view_destroy(&bindings);
    local_vms_destroy(&vms);
    local_tunnels_destroy(&tunnels);

    /* Commit what was just started. */
    txn_finish(&agent->local_txn, "local");
    txn_finish(&agent->cluster_txn, "tenant database");
}

static void
agent_wait(struct agent *agent)
{
    ovsdb_idl_wait(agent->local);
    ovsdb_idl_wait(agent->cluster);
    if (agent->rerun) {
        poll_immediate_wake();
    }
    if (agent->local_txn) {
        ovsdb_idl_txn_wait(agent->local_txn);
    }
    if (agent->cluster_txn) {
        ovsdb_idl_txn_wait(agent->cluster_txn);
    }
    if (agent->cluster_retry_at) {
        poll_timer_wait_until(agent->cluster_retry_at);
    }
}

/* unixctl. */

static void
tenantd_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
             const char *argv[] OVS_UNUSED, void *exiting_)
{
    bool *exiting = exiting_;

    *exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
tenantd_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
             const char *argv[] OVS_UNUSED, void *agent_)
{
    struct agent *agent = agent_;
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_format(&s, "host: %s\n",
                  agent->host_name ? agent->host_name : "(unknown)");
    ds_put_format(&s, "tenant database: %s (%s)\n",
                  agent->cluster_remote ? agent->cluster_remote : "(none)",
                  ovsdb_idl_is_connected(agent->cluster)
                  ? "connected" : "not connected");
    ds_put_format(&s, "view: %s\n", agent->synced ? "complete" : "pending");
    ds_put_format(&s, "self-registration: %s\n",
                  agent->self_registration ? "on" : "off");
    ds_put_format(&s, "local VMs: %"PRIuSIZE"\n", agent->n_vms);
    if (agent->refused.length) {
        ds_put_format(&s, "refused (their ports fail closed):\n%s",
                      ds_cstr(&agent->refused));
    }
    ds_put_format(&s, "remote bindings: %"PRIuSIZE"\n", agent->n_remote);
    if (agent->n_conflicts) {
        ds_put_format(&s, "remote bindings shadowed by manual "
                      "Tenant_Binding rows: %"PRIuSIZE"\n",
                      agent->n_conflicts);
    }
    if (agent->n_bad_bindings) {
        ds_put_format(&s, "malformed or conflicting Binding rows (they "
                      "bind nothing): %"PRIuSIZE"\n", agent->n_bad_bindings);
    }
    ds_put_format(&s, "applied nb_cfg: %"PRId64"\n", agent->applied_nb_cfg);
    ds_put_format(&s, "monitoring: %s\n", agent->condition);
    if (agent->tunnels.length) {
        ds_put_format(&s, "tunnels:\n%s", ds_cstr(&agent->tunnels));
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}
