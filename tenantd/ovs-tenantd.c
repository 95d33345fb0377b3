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

#include "tenantd/tenantd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command-line.h"
#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "fatal-signal.h"
#include "hostvlan-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "stream-ssl.h"
#include "stream.h"
#include "tenant-db.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"
#include "vswitch-idl.h"

VLOG_DEFINE_THIS_MODULE(tenantd);

COVERAGE_DEFINE(tenantd_txn_error);

/* After a tenant database transaction fails (the server refused it, e.g.
 * for a permission its role lacks), the next waits this long: the same
 * view would make the same transaction at once, forever. */
#define CLUSTER_RETRY_MSEC 1000

static char *local_remote;              /* --db. */
static char *cluster_remote_option;     /* --tenant-db. */
static char *host_name_option;          /* --host. */
static bool no_vswitchd;                /* --no-vswitchd. */
static bool ssl_from_db;                /* No SSL options: use the SSL row. */

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

