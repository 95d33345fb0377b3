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

#ifndef TENANTD_H
#define TENANTD_H 1

/* What the parts of ovs-tenantd share: the agent's state, and what each
 * run collects of the local database (its VMs and tunnels) and of the
 * cluster (the Binding rows it sees).  See ovs-tenantd.c for what the
 * agent does, and README in this directory for which file does what. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"

struct hvrec_binding;
struct hvrec_host;
struct lnid_set;
struct ovsdb_idl;
struct ovsdb_idl_txn;
struct ovsrec_interface;
struct shash;
struct tenant_db_view;

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

static inline bool
columns_equal(const int64_t *a, size_t n_a, const int64_t *b, size_t n_b)
{
    return n_a == n_b && !memcmp(a, b, n_a * sizeof *a);
}

/* view.c: what the agent sees, once per run. */
void local_vms_collect(struct agent *, struct shash *vms);
void local_vms_destroy(struct shash *vms);
void local_tunnels_collect(struct agent *, struct shash *tunnels);
void local_tunnels_destroy(struct shash *tunnels);
const struct hvrec_host *find_own_host(const struct agent *);
void agent_read_mode(struct agent *);
void agent_read_bindings(struct agent *, struct tenant_db_view *);
void local_vms_find_bindings(struct shash *vms,
                             const struct tenant_db_view *);
void local_vms_place(struct agent *, struct shash *vms,
                     const struct hvrec_host *own);
int64_t *local_vms_lnids(struct shash *vms, size_t *n);
void agent_update_condition(struct agent *, struct shash *vms,
                            struct shash *tunnels,
                            const struct hvrec_host *own,
                            const int64_t *host_lnids, size_t n_host_lnids);
enum vm_sync local_vm_sync(const struct local_vm *);

/* publish.c: this host's VMs and state into the cluster. */
bool agent_publish(struct agent *, struct ovsdb_idl_txn *,
                   struct shash *vms, const struct hvrec_host *own,
                   const int64_t *host_lnids, size_t n_host_lnids);

/* apply.c: the cluster's bindings into the local database. */
bool agent_apply(struct agent *, struct ovsdb_idl_txn *, struct shash *vms,
                 const struct tenant_db_view *bindings);

/* prune.c: what each tunnel may carry, each way. */
bool agent_prune(struct agent *, struct shash *tunnels,
                 const struct hvrec_host *own,
                 const struct tenant_db_view *bindings);
bool agent_guard_ingress(struct shash *tunnels);

#endif /* tenantd.h */
