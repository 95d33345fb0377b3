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

/* ovs-tenantctl: administers the HostVLAN tenant database (hostvlan(5)),
 * in the style of ovs-vsctl and ovn-nbctl: the generic database commands
 * of db-ctl-base plus tenant, binding and host commands, "--" chaining,
 * and --wait for the hosts a change affects.  Its options, transaction and
 * output are dbctl.c's, the skeleton ovs-vsctl-style utilities share; this
 * file has the commands and the hooks that make them fast (conditional
 * monitoring of the Binding rows they name) and --wait. */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-ctl-base.h"
#include "dbctl.h"
#include "hostvlan-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "packets.h"
#include "sset.h"
#include "svec.h"
#include "tenant.h"
#include "tenant-db.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(tenantctl);

/* The default remote: the members of "ovs-tenant-cluster start". */
#define DEFAULT_DB "tcp:127.0.0.1:6660,tcp:127.0.0.1:6661,tcp:127.0.0.1:6662"

/* Rows a command looks for by key: fetching only those (conditional
 * monitoring) keeps a command fast with a million bindings.  A command
 * that needs a whole table sets the "all" flag instead. */
struct row_filter {
    struct sset macs;                   /* Binding.mac values. */
    struct svec lnids;                  /* Binding.lnid members, decimal. */
    bool all_bindings;
};
static struct row_filter filter = {
    SSET_INITIALIZER(&filter.macs), SVEC_EMPTY_INITIALIZER, false,
};

/* What the transaction changes, for --wait: hosts whose VMs share an LNID
 * with a changed binding, or that a binding moved from or to. */
struct change_scope {
    struct lnid_set *lnids;             /* LNIDs of changed bindings. */
    struct sset hosts;                  /* Names of hosts named by them. */
    bool all_hosts;                     /* Too many LNIDs to list. */
};
static struct change_scope scope = { NULL, SSET_INITIALIZER(&scope.hosts),
                                     false };

/* The Binding condition of 'filter'. */
static struct ovsdb_idl_condition binding_condition
    = OVSDB_IDL_CONDITION_INIT(&binding_condition);

/* The HostVLAN_Global row, for --wait. */
static const struct hvrec_hostvlan_global *the_global;

static void wait_for_affected_hosts(struct ovsdb_idl *, int64_t next_cfg,
                                    long long int deadline);
static void tenantctl_cmd_init(void);

/* Argument parsing. */

/* Parses 's' as the MAC of a VM and stores it, in the database's form, in
 * 'normalized' (ETH_ADDR_STRLEN + 1 bytes).  Returns false, with an error
 * in 'ctx', if it is not one. */
static bool
parse_vm_mac(struct ctl_context *ctx, const char *s, char *normalized)
{
    struct eth_addr mac;

    if (!eth_addr_from_string(s, &mac)) {
        ctl_error(ctx, "\"%s\" is not a MAC address", s);
        return false;
    }
    if (!tenant_mac_from_string(s, &mac)) {
        ctl_error(ctx, "%s is not a unicast MAC address, so it cannot be "
                  "a VM's", s);
        return false;
    }
    snprintf(normalized, ETH_ADDR_STRLEN + 1, ETH_ADDR_FMT,
             ETH_ADDR_ARGS(mac));
    return true;
}

static struct lnid_set *
parse_lnids(struct ctl_context *ctx, const char *s)
{
    struct lnid_set *lnids;
    char *error = lnid_set_parse(s, &lnids);

    if (error) {
        ctl_error(ctx, "%s", error);
        free(error);
    }
    return lnids;
}

static bool
parse_one_lnid(struct ctl_context *ctx, const char *s, int64_t *lnid)
{
    struct lnid_set *set = parse_lnids(ctx, s);
    bool ok = set && !set->global && set->n == 1;

    if (set && !ok) {
        ctl_error(ctx, "\"%s\" is not one LNID from 1 to %d", s, LNID_MAX);
    }
    if (ok) {
        *lnid = set->lnids[0];
    }
    lnid_set_destroy(set);
    return ok;
}

static bool
looks_like_mac(const char *s)
{
    return strchr(s, ':') != NULL;
}

/* Rows. */

static const struct hvrec_binding *
find_binding(struct ctl_context *ctx, const char *mac)
{
    const struct hvrec_binding *b;

    HVREC_BINDING_FOR_EACH (b, ctx->idl) {
        if (!strcmp(b->mac, mac)) {
            return b;
        }
    }
    return NULL;
}

static const struct hvrec_host *
find_host(struct ctl_context *ctx, const char *name)
{
    const struct hvrec_host *host;

    HVREC_HOST_FOR_EACH (host, ctx->idl) {
        if (!strcmp(host->name, name)) {
            return host;
        }
    }
    return NULL;
}

static const struct hvrec_tenant *
find_tenant(struct ctl_context *ctx, int64_t lnid)
{
    const struct hvrec_tenant *t;

    HVREC_TENANT_FOR_EACH (t, ctx->idl) {
        if (t->lnid == lnid) {
            return t;
        }
    }
    return NULL;
}

/* Makes 'b' request exactly the hosts 'a' and, if nonnull and not the
 * same, 'b_host'. */
static void
binding_request_hosts(const struct hvrec_binding *b,
                      const struct hvrec_host *a,
                      const struct hvrec_host *b_host)
{
    const char *names[2] = { a->name, b_host ? b_host->name : NULL };
    size_t n = b_host && b_host != a ? 2 : 1;

    hvrec_binding_set_requested_hosts(b, names, n);
}

/* True if 'b' requests exactly host 'h'. */
static bool
binding_requests_only(const struct hvrec_binding *b,
                      const struct hvrec_host *h)
{
    return (b->n_requested_hosts == 1
            && hostvlan_binding_requests(b, h->name));
}

/* Records for --wait that 'b' changes, before the change. */
static void
note_binding_change(const struct hvrec_binding *b,
                    const struct lnid_set *new_lnids,
                    const struct hvrec_host *new_host)
{
    struct lnid_set *old_lnids = b ? tenant_db_binding_lnids(b) : NULL;
    struct lnid_set *all[] = { old_lnids, CONST_CAST(struct lnid_set *,
                                                     new_lnids) };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(all); i++) {
        struct lnid_set *u = lnid_set_union(scope.lnids, all[i]);

        if (u) {
            lnid_set_destroy(scope.lnids);
            scope.lnids = u;
        } else {
            scope.all_hosts = true;
        }
    }
    if (b && b->host) {
        sset_add(&scope.hosts, b->host->name);
    }
    if (new_host) {
        sset_add(&scope.hosts, new_host->name);
    }
    lnid_set_destroy(old_lnids);
}

/* Prerequisites: what each command needs monitored. */

static void
pre_all_tables(struct ctl_context *ctx)
{
    ovsdb_idl_add_table(ctx->idl, &hvrec_table_hostvlan_global);
    ovsdb_idl_add_column(ctx->idl, &hvrec_hostvlan_global_col_nb_cfg);
    ovsdb_idl_add_table(ctx->idl, &hvrec_table_tenant);
    ovsdb_idl_add_column(ctx->idl, &hvrec_tenant_col_lnid);
    ovsdb_idl_add_column(ctx->idl, &hvrec_tenant_col_name);
    ovsdb_idl_add_table(ctx->idl, &hvrec_table_host);
    ovsdb_idl_add_column(ctx->idl, &hvrec_host_col_name);
    ovsdb_idl_add_column(ctx->idl, &hvrec_host_col_encap_ip);
    ovsdb_idl_add_column(ctx->idl, &hvrec_host_col_lnids);
    ovsdb_idl_add_column(ctx->idl, &hvrec_host_col_nb_cfg);
    ovsdb_idl_add_column(ctx->idl, &hvrec_host_col_cur_cfg);
    ovsdb_idl_add_table(ctx->idl, &hvrec_table_binding);
    ovsdb_idl_add_column(ctx->idl, &hvrec_binding_col_mac);
    ovsdb_idl_add_column(ctx->idl, &hvrec_binding_col_lnid);
    ovsdb_idl_add_column(ctx->idl, &hvrec_binding_col_host);
    ovsdb_idl_add_column(ctx->idl, &hvrec_binding_col_ip);
    ovsdb_idl_add_column(ctx->idl, &hvrec_binding_col_requested_hosts);
}

static void
pre_everything(struct ctl_context *ctx)
{
    pre_all_tables(ctx);
    filter.all_bindings = true;
}

/* For commands whose MAC is their argument 'mac_arg'. */
static void
pre_mac(struct ctl_context *ctx, int mac_arg)
{
    char mac[ETH_ADDR_STRLEN + 1];

    pre_all_tables(ctx);
    if (mac_arg < ctx->argc && parse_vm_mac(ctx, ctx->argv[mac_arg], mac)) {
        sset_add(&filter.macs, mac);
    } else {
        /* The command will report the error when it runs. */
        free(ctx->error);
        ctx->error = NULL;
    }
}

static void
pre_reg(struct ctl_context *ctx)
{
    pre_mac(ctx, 2);
}

static void
pre_unreg(struct ctl_context *ctx)
{
    pre_mac(ctx, ctx->argc - 1);
}

static void
pre_migrate(struct ctl_context *ctx)
{
    pre_mac(ctx, 1);
}

/* For commands that need the bindings of LNID 'ctx->argv[1]', if given. */
static void
pre_lnid_bindings(struct ctl_context *ctx)
{
    pre_all_tables(ctx);
    if (ctx->argc > 1 && strspn(ctx->argv[1], "0123456789")
        == strlen(ctx->argv[1])) {
        svec_add(&filter.lnids, ctx->argv[1]);
    } else {
        filter.all_bindings = true;
    }
}

/* Commands. */

/* The role of hosts' agents (a Connection's "role" in the cluster's
 * server): each agent, identified by its certificate's common name, may
 * add and write only its own Host row, and set the host of only those
 * bindings whose requested_hosts name it.  It may not add, remove or
 * otherwise change a binding, and may only read tenants and the global
 * row. */
#define AGENT_ROLE "hostvlan-agent"

struct agent_permission {
    const char *table;
    const char *authorization;  /* Column that must hold the agent's CN. */
    bool insert_delete;
    const char *update[3];      /* Updatable columns, NULL-terminated. */
};

static const struct agent_permission agent_permissions[] = {
    {"Host", "name", true, {"encap_ip", "lnids", "cur_cfg"}},
    {"Binding", "requested_hosts", false, {"host"}},
};

static size_t
agent_permission_n_update(const struct agent_permission *ap)
{
    size_t n = 0;

    while (n < ARRAY_SIZE(ap->update) && ap->update[n]) {
        n++;
    }
    return n;
}

/* Makes 'perm' grant exactly 'ap'. */
static void
agent_permission_apply(const struct hvrec_rbac_permission *perm,
                       const struct agent_permission *ap)
{
    hvrec_rbac_permission_set_table(perm, ap->table);
    hvrec_rbac_permission_set_authorization(
        perm, (const char **) &ap->authorization, 1);
    hvrec_rbac_permission_set_insert_delete(perm, ap->insert_delete);
    hvrec_rbac_permission_set_update(perm, (const char **) ap->update,
                                     agent_permission_n_update(ap));
}

/* Whether 'perm' is still in the database as this transaction sees it
 * (an earlier command of the same run may have destroyed it). */
static bool
permission_is_live(struct ctl_context *ctx,
                   const struct hvrec_rbac_permission *perm)
{
    const struct hvrec_rbac_permission *p;

    HVREC_RBAC_PERMISSION_FOR_EACH (p, ctx->idl) {
        if (p == perm) {
            return true;
        }
    }
    return false;
}

/* Creates role AGENT_ROLE, or resets its permissions to the ones above, so
 * that "init" also repairs a role someone widened. */
static void
ensure_agent_role(struct ctl_context *ctx)
{
    const struct hvrec_rbac_role *role = NULL, *r;

    HVREC_RBAC_ROLE_FOR_EACH (r, ctx->idl) {
        if (!strcmp(r->name, AGENT_ROLE)) {
            role = r;
            break;
        }
    }
    if (!role) {
        role = hvrec_rbac_role_insert(ctx->txn);
        hvrec_rbac_role_set_name(role, AGENT_ROLE);
    }
    for (size_t i = 0; i < role->n_permissions; i++) {
        bool known = false;

        for (size_t j = 0; j < ARRAY_SIZE(agent_permissions); j++) {
            known |= !strcmp(role->key_permissions[i],
                             agent_permissions[j].table);
        }
        if (!known) {
            hvrec_rbac_role_update_permissions_delkey(
                role, role->key_permissions[i]);
        }
    }
    for (size_t j = 0; j < ARRAY_SIZE(agent_permissions); j++) {
        const struct agent_permission *ap = &agent_permissions[j];
        const struct hvrec_rbac_permission *perm = NULL;

        for (size_t i = 0; i < role->n_permissions; i++) {
            if (!strcmp(role->key_permissions[i], ap->table)
                && permission_is_live(ctx, role->value_permissions[i])) {
                perm = role->value_permissions[i];
            }
        }
        if (!perm) {
            perm = hvrec_rbac_permission_insert(ctx->txn);
            hvrec_rbac_role_update_permissions_setkey(role, ap->table, perm);
        }
        agent_permission_apply(perm, ap);
    }
}

static void
pre_init(struct ctl_context *ctx)
{
    pre_all_tables(ctx);
    ovsdb_idl_add_table(ctx->idl, &hvrec_table_rbac_role);
    ovsdb_idl_add_column(ctx->idl, &hvrec_rbac_role_col_name);
    ovsdb_idl_add_column(ctx->idl, &hvrec_rbac_role_col_permissions);
    ovsdb_idl_add_table(ctx->idl, &hvrec_table_rbac_permission);
    ovsdb_idl_add_column(ctx->idl, &hvrec_rbac_permission_col_table);
    ovsdb_idl_add_column(ctx->idl, &hvrec_rbac_permission_col_authorization);
    ovsdb_idl_add_column(ctx->idl, &hvrec_rbac_permission_col_insert_delete);
    ovsdb_idl_add_column(ctx->idl, &hvrec_rbac_permission_col_update);
}

static void
cmd_init(struct ctl_context *ctx)
{
    ensure_agent_role(ctx);
}

static void
cmd_tenant_add(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct hvrec_tenant *t;
    int64_t lnid;

    if (!parse_one_lnid(ctx, ctx->argv[1], &lnid)) {
        return;
    }
    t = find_tenant(ctx, lnid);
    if (t) {
        if (!may_exist) {
            ctl_error(ctx, "tenant %"PRId64" already exists", lnid);
        }
        return;
    }
    t = hvrec_tenant_insert(ctx->txn);
    hvrec_tenant_set_lnid(t, lnid);
    hvrec_tenant_set_name(t, ctx->argc > 2 ? ctx->argv[2] : "");
}

static void
cmd_tenant_del(struct ctl_context *ctx)
{
    bool if_exists = shash_find(&ctx->options, "--if-exists") != NULL;
    const struct hvrec_binding *b;
    const struct hvrec_tenant *t;
    int64_t lnid;
    size_t n = 0;

    if (!parse_one_lnid(ctx, ctx->argv[1], &lnid)) {
        return;
    }
    t = find_tenant(ctx, lnid);
    if (!t) {
        if (!if_exists) {
            ctl_error(ctx, "no tenant %"PRId64, lnid);
        }
        return;
    }
    HVREC_BINDING_FOR_EACH (b, ctx->idl) {
        size_t i;

        for (i = 0; i < b->n_lnid; i++) {
            n += b->lnid[i] == lnid;
        }
    }
    if (n) {
        ctl_error(ctx, "tenant %"PRId64" still has %"PRIuSIZE" binding%s "
                  "(unreg them first)", lnid, n, n == 1 ? "" : "s");
        return;
    }
    hvrec_tenant_delete(t);
}

static int
compare_tenants(const void *a_, const void *b_)
{
    const struct hvrec_tenant *const *a = a_;
    const struct hvrec_tenant *const *b = b_;

    return (*a)->lnid < (*b)->lnid ? -1 : (*a)->lnid > (*b)->lnid;
}

static const struct hvrec_tenant **
sorted_tenants(struct ctl_context *ctx, size_t *n)
{
    const struct hvrec_tenant **tenants = NULL;
    const struct hvrec_tenant *t;
    size_t allocated = 0;

    *n = 0;
    HVREC_TENANT_FOR_EACH (t, ctx->idl) {
        if (*n >= allocated) {
            tenants = x2nrealloc(tenants, &allocated, sizeof *tenants);
        }
        tenants[(*n)++] = t;
    }
    if (*n) {
        qsort(tenants, *n, sizeof *tenants, compare_tenants);
    }
    return tenants;
}

static void
cmd_tenant_list(struct ctl_context *ctx)
{
    const struct hvrec_tenant **tenants;
    size_t n, i;

    tenants = sorted_tenants(ctx, &n);
    for (i = 0; i < n; i++) {
        ds_put_format(&ctx->output, "%"PRId64"%s%s\n", tenants[i]->lnid,
                      tenants[i]->name[0] ? " " : "", tenants[i]->name);
    }
    free(tenants);
}

/* Fails unless every LNID of 'lnids' has a Tenant row. */
static bool
check_tenants_exist(struct ctl_context *ctx, const struct lnid_set *lnids)
{
    size_t i;

    for (i = 0; i < lnids->n; i++) {
        if (!find_tenant(ctx, lnids->lnids[i])) {
            ctl_error(ctx, "no tenant %"PRIu32" (add it with \"tenant-add "
                      "%"PRIu32"\")", lnids->lnids[i], lnids->lnids[i]);
            return false;
        }
    }
    return true;
}

static void
cmd_reg(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct hvrec_binding *b;
    const struct hvrec_host *host;
    char mac[ETH_ADDR_STRLEN + 1];
    struct lnid_set *lnids, *old = NULL, *new = NULL;

    lnids = parse_lnids(ctx, ctx->argv[1]);
    if (!lnids || !parse_vm_mac(ctx, ctx->argv[2], mac)
        || !check_tenants_exist(ctx, lnids)) {
        goto out;
    }
    host = find_host(ctx, ctx->argv[3]);
    if (!host) {
        ctl_error(ctx, "unknown host %s (hosts appear when their "
                  "ovs-tenantd starts, or with \"host-add\")", ctx->argv[3]);
        goto out;
    }

    b = find_binding(ctx, mac);
    if (b && b->host && b->host != host) {
        ctl_error(ctx, "%s is already registered on host %s (use "
                  "\"migrate\" to move it)", mac, b->host->name);
        goto out;
    }
    old = b ? tenant_db_binding_lnids(b) : NULL;
    new = lnid_set_union(old, lnids);
    if (!new) {
        ctl_error(ctx, "%s would have more than %d LNIDs", mac,
                  LNID_SET_MAX);
        goto out;
    }
    if (b && lnid_set_equals(old, new) && b->host == host
        && binding_requests_only(b, host)) {
        if (!may_exist) {
            ctl_error(ctx, "%s already has LNIDs %s", mac, ctx->argv[1]);
        }
        goto out;
    }

    note_binding_change(b, new, host);
    if (!b) {
        b = hvrec_binding_insert(ctx->txn);
        hvrec_binding_set_mac(b, mac);
    }
    hvrec_binding_verify_lnid(b);
    tenant_db_binding_set_lnids(b, new);
    hvrec_binding_verify_host(b);
    hvrec_binding_set_host(b, host);
    binding_request_hosts(b, host, NULL);

out:
    lnid_set_destroy(lnids);
    lnid_set_destroy(old);
    lnid_set_destroy(new);
}

static void
cmd_unreg(struct ctl_context *ctx)
{
    bool if_exists = shash_find(&ctx->options, "--if-exists") != NULL;
    const char *mac_arg = ctx->argv[ctx->argc - 1];
    struct lnid_set *lnids = NULL, *old = NULL, *new = NULL;
    const struct hvrec_binding *b;
    char mac[ETH_ADDR_STRLEN + 1];

    if (ctx->argc > 2) {
        lnids = parse_lnids(ctx, ctx->argv[1]);
        if (!lnids) {
            return;
        }
    } else if (!looks_like_mac(mac_arg)) {
        ctl_error(ctx, "unreg needs a MAC address (\"unreg [LNIDS] MAC\")");
        return;
    }
    if (!parse_vm_mac(ctx, mac_arg, mac)) {
        goto out;
    }

    b = find_binding(ctx, mac);
    if (!b) {
        if (!if_exists) {
            ctl_error(ctx, "%s is not registered", mac);
        }
        goto out;
    }
    old = tenant_db_binding_lnids(b);
    new = lnids ? lnid_set_difference(old, lnids) : NULL;
    if (lnids && lnid_set_equals(old, new)) {
        if (!if_exists) {
            ctl_error(ctx, "%s has none of LNIDs %s", mac, ctx->argv[1]);
        }
        goto out;
    }

    note_binding_change(b, NULL, NULL);
    if (lnid_set_is_empty(new)) {
        hvrec_binding_delete(b);
    } else {
        hvrec_binding_verify_lnid(b);
        tenant_db_binding_set_lnids(b, new);
    }

out:
    lnid_set_destroy(lnids);
    lnid_set_destroy(old);
    lnid_set_destroy(new);
}

static void
cmd_migrate(struct ctl_context *ctx)
{
    const struct hvrec_binding *b;
    const struct hvrec_host *host;
    char mac[ETH_ADDR_STRLEN + 1];
    struct lnid_set *lnids;

    if (!parse_vm_mac(ctx, ctx->argv[1], mac)) {
        return;
    }
    b = find_binding(ctx, mac);
    if (!b) {
        ctl_error(ctx, "%s is not registered", mac);
        return;
    }
    host = find_host(ctx, ctx->argv[2]);
    if (!host) {
        ctl_error(ctx, "unknown host %s", ctx->argv[2]);
        return;
    }
    if (shash_find(&ctx->options, "--live")) {
        /* Both may run it; the destination's agent takes it when the VM's
         * interface appears there. */
        if (b->host != host) {
            hvrec_binding_verify_host(b);
            binding_request_hosts(b, host, b->host);
        }
        return;
    }
    if (b->host == host && binding_requests_only(b, host)) {
        return;
    }

    lnids = tenant_db_binding_lnids(b);
    note_binding_change(b, lnids, host);
    lnid_set_destroy(lnids);
    hvrec_binding_verify_host(b);
    hvrec_binding_set_host(b, host);
    binding_request_hosts(b, host, NULL);
}

static int
compare_bindings(const void *a_, const void *b_)
{
    const struct hvrec_binding *const *a = a_;
    const struct hvrec_binding *const *b = b_;

    return strcmp((*a)->mac, (*b)->mac);
}

/* Returns the bindings that have 'lnid' (any if 'lnid' < 0), sorted by
 * MAC, and their number in '*n'. */
static const struct hvrec_binding **
sorted_bindings(struct ctl_context *ctx, int64_t lnid, size_t *n)
{
    const struct hvrec_binding **bindings = NULL;
    const struct hvrec_binding *b;
    size_t allocated = 0;

    *n = 0;
    HVREC_BINDING_FOR_EACH (b, ctx->idl) {
        bool match = lnid < 0;
        size_t i;

        for (i = 0; !match && i < b->n_lnid; i++) {
            match = b->lnid[i] == lnid;
        }
        if (match) {
            if (*n >= allocated) {
                bindings = x2nrealloc(bindings, &allocated,
                                      sizeof *bindings);
            }
            bindings[(*n)++] = b;
        }
    }
    if (*n) {
        qsort(bindings, *n, sizeof *bindings, compare_bindings);
    }
    return bindings;
}

static void
put_binding(struct ds *s, const struct hvrec_binding *b)
{
    struct lnid_set *lnids = tenant_db_binding_lnids(b);

    ds_put_format(s, "%s ", b->mac);
    lnid_set_format(lnids, s);
    ds_put_format(s, " %s", b->host ? b->host->name : "-");
    if (b->ip) {
        ds_put_format(s, " %s", b->ip);
    }
    ds_put_char(s, '\n');
    lnid_set_destroy(lnids);
}

static void
cmd_binding_list(struct ctl_context *ctx)
{
    const struct hvrec_binding **bindings;
    int64_t lnid = -1;
    size_t n, i;

    if (ctx->argc > 1 && !parse_one_lnid(ctx, ctx->argv[1], &lnid)) {
        return;
    }
    bindings = sorted_bindings(ctx, lnid, &n);
    for (i = 0; i < n; i++) {
        put_binding(&ctx->output, bindings[i]);
    }
    free(bindings);
}

static void
cmd_host_add(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct hvrec_host *host = find_host(ctx, ctx->argv[1]);

    if (host) {
        if (!may_exist) {
            ctl_error(ctx, "host %s already exists", ctx->argv[1]);
        }
        return;
    }
    host = hvrec_host_insert(ctx->txn);
    hvrec_host_set_name(host, ctx->argv[1]);
    hvrec_host_set_encap_ip(host, ctx->argc > 2 ? ctx->argv[2] : "");
}

static void
cmd_host_del(struct ctl_context *ctx)
{
    bool if_exists = shash_find(&ctx->options, "--if-exists") != NULL;
    const struct hvrec_host *host = find_host(ctx, ctx->argv[1]);
    const struct hvrec_binding *b;

    if (!host) {
        if (!if_exists) {
            ctl_error(ctx, "unknown host %s", ctx->argv[1]);
        }
        return;
    }
    HVREC_BINDING_FOR_EACH (b, ctx->idl) {
        if (b->host == host) {
            ctl_error(ctx, "host %s still has VM %s (migrate or unreg it "
                      "first)", host->name, b->mac);
            return;
        }
    }
    hvrec_host_delete(host);
}

static int
compare_hosts(const void *a_, const void *b_)
{
    const struct hvrec_host *const *a = a_;
    const struct hvrec_host *const *b = b_;

    return strcmp((*a)->name, (*b)->name);
}

static void
put_host(struct ds *s, const struct hvrec_host *host)
{
    struct lnid_set *lnids;
    char *error;

    ds_put_format(s, "%s encap_ip=%s lnids=", host->name,
                  host->encap_ip[0] ? host->encap_ip : "-");
    error = lnid_set_from_column(host->lnids, host->n_lnids, &lnids);
    if (error) {
        /* More LNIDs than a set holds: a host may have many. */
        ds_put_format(s, "(%"PRIuSIZE" LNIDs)", host->n_lnids);
        free(error);
    } else {
        lnid_set_format(lnids, s);
        lnid_set_destroy(lnids);
    }
    ds_put_format(s, " cur_cfg=%"PRId64"\n", host->cur_cfg);
}

/* Appends every host to 's', sorted by name, each line after 'indent'. */
/* Returns the hosts sorted by name, for the caller to free, and their
 * number in '*n'. */
static const struct hvrec_host **
sorted_hosts(struct ctl_context *ctx, size_t *n)
{
    const struct hvrec_host **hosts = NULL;
    const struct hvrec_host *host;
    size_t allocated = 0;

    *n = 0;
    HVREC_HOST_FOR_EACH (host, ctx->idl) {
        if (*n >= allocated) {
            hosts = x2nrealloc(hosts, &allocated, sizeof *hosts);
        }
        hosts[(*n)++] = host;
    }
    if (*n) {
        qsort(hosts, *n, sizeof *hosts, compare_hosts);
    }
    return hosts;
}

static void
put_hosts(struct ctl_context *ctx, struct ds *s, const char *indent)
{
    size_t n, i;
    const struct hvrec_host **hosts = sorted_hosts(ctx, &n);

    for (i = 0; i < n; i++) {
        ds_put_cstr(s, indent);
        put_host(s, hosts[i]);
    }
    free(hosts);
}

static void
cmd_host_list(struct ctl_context *ctx)
{
    put_hosts(ctx, &ctx->output, "");
}

/* One LNID of one binding, for "show". */
struct lnid_member {
    int64_t lnid;
    const struct hvrec_binding *binding;
};

static int
compare_lnid_members(const void *a_, const void *b_)
{
    const struct lnid_member *a = a_;
    const struct lnid_member *b = b_;

    return (a->lnid != b->lnid ? (a->lnid < b->lnid ? -1 : 1)
            : strcmp(a->binding->mac, b->binding->mac));
}

/* Appends the bindings of 'members[*ip]' onwards that have 'lnid', each
 * indented, and advances '*ip' past them. */
static void
put_members(struct ds *s, const struct lnid_member *members, size_t n,
            size_t *ip, int64_t lnid)
{
    size_t i;

    for (i = *ip; i < n && members[i].lnid <= lnid; i++) {
        if (members[i].lnid == lnid) {
            ds_put_cstr(s, "    ");
            put_binding(s, members[i].binding);
        }
    }
    *ip = i;
}

/* "check": what the schema cannot enforce.  Writers keep these rules
 * (ovs-tenantctl, ovs-tenantd); this finds rows that someone wrote by
 * other means. */
static void
check_binding(struct ctl_context *ctx, const struct hvrec_binding *b,
              struct sset *macs)
{
    char mac[ETH_ADDR_STRLEN + 1];
    struct eth_addr ea;
    struct ds *out = &ctx->output;
    size_t n0 = out->length;

    if (!tenant_mac_from_string(b->mac, &ea)) {
        ds_put_format(out, "binding \"%s\": not a unicast MAC, so it "
                      "binds nothing\n", b->mac);
    } else {
        snprintf(mac, sizeof mac, ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));
        if (strcmp(mac, b->mac)) {
            ds_put_format(out, "binding \"%s\": not written as %s, so "
                          "agents may not find it\n", b->mac, mac);
        }
        if (!sset_add(macs, mac)) {
            ds_put_format(out, "binding \"%s\": %s has another binding\n",
                          b->mac, mac);
        }
    }
    for (size_t i = 0; i < b->n_lnid; i++) {
        if (b->lnid[i] != LNID_GLOBAL_COLUMN
            && !find_tenant(ctx, b->lnid[i])) {
            ds_put_format(out, "binding %s: LNID %"PRId64" has no tenant\n",
                          b->mac, b->lnid[i]);
        }
    }
    if (b->host && b->n_requested_hosts
        && !hostvlan_binding_requests(b, b->host->name)) {
        ds_put_format(out, "binding %s: host %s is not requested, so no "
                      "host runs it\n", b->mac, b->host->name);
    }
    if (out->length != n0) {
        dbctl_set_exit_status(EXIT_FAILURE);
    }
}

static void
cmd_check(struct ctl_context *ctx)
{
    const struct hvrec_binding **bindings;
    const struct hvrec_host **hosts;
    struct sset macs = SSET_INITIALIZER(&macs);
    struct shash by_encap_ip = SHASH_INITIALIZER(&by_encap_ip);
    size_t n;

    bindings = sorted_bindings(ctx, -1, &n);
    for (size_t i = 0; i < n; i++) {
        check_binding(ctx, bindings[i], &macs);
    }
    free(bindings);
    sset_destroy(&macs);

    /* By name, so that each pair is reported once, first name first. */
    hosts = sorted_hosts(ctx, &n);
    for (size_t i = 0; i < n; i++) {
        const struct hvrec_host *host = hosts[i];
        const struct hvrec_host *first;

        if (!host->encap_ip[0]) {
            continue;
        }
        first = shash_find_data(&by_encap_ip, host->encap_ip);
        if (first) {
            ds_put_format(&ctx->output, "hosts %s and %s: both have "
                          "encap_ip %s, so tunnels to it are not pruned "
                          "or guarded\n", first->name, host->name,
                          host->encap_ip);
            dbctl_set_exit_status(EXIT_FAILURE);
        } else {
            shash_add(&by_encap_ip, host->encap_ip, host);
        }
    }
    free(hosts);
    shash_destroy(&by_encap_ip);
}

static void
cmd_show(struct ctl_context *ctx)
{
    struct lnid_member *members = NULL;
    const struct hvrec_tenant **tenants;
    const struct hvrec_binding *b;
    size_t n = 0, allocated = 0, n_tenants, i, j;

    /* Every binding under each of its LNIDs, sorted once, so that showing
     * N tenants does not walk the bindings N times. */
    HVREC_BINDING_FOR_EACH (b, ctx->idl) {
        for (i = 0; i < b->n_lnid; i++) {
            if (n >= allocated) {
                members = x2nrealloc(members, &allocated, sizeof *members);
            }
            members[n++] = (struct lnid_member) { b->lnid[i], b };
        }
    }
    if (n) {
        qsort(members, n, sizeof *members, compare_lnid_members);
    }

    /* Global bindings (LNID 0) sort first but are shown after tenants. */
    j = 0;
    while (j < n && members[j].lnid == LNID_GLOBAL_COLUMN) {
        j++;
    }
    tenants = sorted_tenants(ctx, &n_tenants);
    for (i = 0; i < n_tenants; i++) {
        ds_put_format(&ctx->output, "tenant %"PRId64"%s%s\n",
                      tenants[i]->lnid, tenants[i]->name[0] ? " " : "",
                      tenants[i]->name);
        put_members(&ctx->output, members, n, &j, tenants[i]->lnid);
    }
    free(tenants);

    j = 0;
    if (n && members[0].lnid == LNID_GLOBAL_COLUMN) {
        ds_put_cstr(&ctx->output, "global\n");
        put_members(&ctx->output, members, n, &j, LNID_GLOBAL_COLUMN);
    }
    free(members);

    ds_put_cstr(&ctx->output, "hosts\n");
    put_hosts(ctx, &ctx->output, "    ");
}

/* The transaction. */

static bool
is_tenant_command(const struct ctl_command_syntax *);

static void
change_scope_clear(void)
{
    lnid_set_destroy(scope.lnids);
    scope.lnids = NULL;
    sset_clear(&scope.hosts);
    scope.all_hosts = false;
}

static bool host_is_affected(const struct hvrec_host *);

/* Hosts asked to report the change, for --wait. */
static struct svec waited_hosts = SVEC_EMPTY_INITIALIZER;

/* Asks every host the transaction's changes affect to report when it has
 * applied them: bumps the global nb_cfg and copies it to those hosts' own
 * nb_cfg, so that only they hear of it.  Returns the nb_cfg to wait for,
 * or 0 if no host is affected. */
static int64_t
request_reports(struct ovsdb_idl *idl,
                const struct hvrec_hostvlan_global *global)
{
    const struct hvrec_host *host;
    int64_t next_cfg = global->nb_cfg + 1;

    svec_clear(&waited_hosts);
    HVREC_HOST_FOR_EACH (host, idl) {
        if (host_is_affected(host)) {
            hvrec_host_set_nb_cfg(host, next_cfg);
            svec_add(&waited_hosts, host->name);
        }
    }
    if (!waited_hosts.n) {
        return 0;
    }
    /* Concurrent --wait changes must not reuse a number. */
    hvrec_hostvlan_global_verify_nb_cfg(global);
    hvrec_hostvlan_global_set_nb_cfg(global, next_cfg);
    svec_sort(&waited_hosts);
    return next_cfg;
}

/* Adds what every run needs and, unless a generic command may touch any
 * row, monitors only the Binding rows the commands look for. */
static bool
tenantctl_prerequisites(struct ovsdb_idl *idl, struct ctl_command *commands,
                        size_t n_commands, bool wait)
{
    struct ctl_command *c;
    const char *mac;
    size_t i;

    ovsdb_idl_add_table(idl, &hvrec_table_hostvlan_global);
    ovsdb_idl_add_column(idl, &hvrec_hostvlan_global_col_nb_cfg);
    if (wait) {
        ovsdb_idl_add_table(idl, &hvrec_table_host);
        ovsdb_idl_add_column(idl, &hvrec_host_col_name);
        ovsdb_idl_add_column(idl, &hvrec_host_col_lnids);
        ovsdb_idl_add_column(idl, &hvrec_host_col_nb_cfg);
        ovsdb_idl_add_column(idl, &hvrec_host_col_cur_cfg);
    }
    for (c = commands; c < &commands[n_commands]; c++) {
        if (!is_tenant_command(c->syntax)) {
            filter.all_bindings = true;
        }
    }
    if (filter.all_bindings) {
        return false;
    }

    SSET_FOR_EACH (mac, &filter.macs) {
        hvrec_binding_add_clause_mac(&binding_condition, OVSDB_F_EQ, mac);
    }
    for (i = 0; i < filter.lnids.n; i++) {
        int64_t lnid = strtoll(filter.lnids.names[i], NULL, 10);

        hvrec_binding_add_clause_lnid(&binding_condition, OVSDB_F_INCLUDES,
                                      &lnid, 1);
    }
    hvrec_binding_set_condition(idl, &binding_condition);
    return true;
}

static unsigned int
tenantctl_condition(struct ovsdb_idl *idl)
{
    return hvrec_binding_set_condition(idl, &binding_condition);
}

static void
tenantctl_pre_execute(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn)
{
    change_scope_clear();
    the_global = hvrec_hostvlan_global_first(idl);
    if (!the_global) {
        the_global = hvrec_hostvlan_global_insert(txn);
    }
}

static int64_t
tenantctl_pre_commit(struct ovsdb_idl *idl,
                     struct ovsdb_idl_txn *txn OVS_UNUSED, bool wait)
{
    return wait ? request_reports(idl, the_global) : 0;
}

/* --wait. */

static bool
host_is_affected(const struct hvrec_host *host)
{
    size_t i;

    if (scope.all_hosts || sset_contains(&scope.hosts, host->name)
        || (scope.lnids && scope.lnids->global)) {
        return true;
    }
    for (i = 0; i < host->n_lnids; i++) {
        if (host->lnids[i] == LNID_GLOBAL_COLUMN
            ? !lnid_set_is_empty(scope.lnids)
            : lnid_set_contains(scope.lnids, host->lnids[i])) {
            return true;
        }
    }
    return false;
}

/* Stores in 'names' the hosts asked to report 'next_cfg' that have not. */
static void
lagging_hosts(struct ovsdb_idl *idl, int64_t next_cfg, struct svec *names)
{
    const struct hvrec_host *host;

    svec_clear(names);
    HVREC_HOST_FOR_EACH (host, idl) {
        if (host->cur_cfg < next_cfg
            && svec_contains(&waited_hosts, host->name)) {
            svec_add(names, host->name);
        }
    }
    svec_sort(names);
}

static void
wait_for_affected_hosts(struct ovsdb_idl *idl, int64_t next_cfg,
                        long long int deadline)
{
    struct svec lagging = SVEC_EMPTY_INITIALIZER;

    /* The deadline below, not the alarm, ends the wait. */
    time_alarm(UINT_MAX);
    for (;;) {
        ovsdb_idl_run(idl);
        if (!ovsdb_idl_is_alive(idl)) {
            ctl_fatal("%s: database connection failed while waiting",
                      dbctl_get_db());
        }
        lagging_hosts(idl, next_cfg, &lagging);
        if (!lagging.n) {
            break;
        }
        if (time_msec() >= deadline) {
            struct ds s = DS_EMPTY_INITIALIZER;
            size_t i;

            for (i = 0; i < lagging.n; i++) {
                ds_put_format(&s, "%s%s", i ? ", " : "", lagging.names[i]);
            }
            ctl_fatal("timed out waiting for %"PRIuSIZE" host%s to apply "
                      "the change (nb_cfg %"PRId64"): %s", lagging.n,
                      lagging.n == 1 ? "" : "s", next_cfg, ds_cstr(&s));
        }
        ovsdb_idl_wait(idl);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    svec_destroy(&lagging);
}

static const struct ctl_command_syntax tenantctl_commands[] = {
    {"init", 0, 0, "", pre_init, cmd_init, NULL, "", RW},
    {"show", 0, 0, "", pre_everything, cmd_show, NULL, "", RO},
    {"check", 0, 0, "", pre_everything, cmd_check, NULL, "", RO},

    {"tenant-add", 1, 2, "LNID [NAME]", pre_all_tables, cmd_tenant_add,
     NULL, "--may-exist", RW},
    {"tenant-del", 1, 1, "LNID", pre_lnid_bindings, cmd_tenant_del, NULL,
     "--if-exists", RW},
    {"tenant-list", 0, 0, "", pre_all_tables, cmd_tenant_list, NULL, "", RO},

    {"reg", 3, 3, "LNIDS MAC HOST", pre_reg, cmd_reg, NULL, "--may-exist",
     RW},
    {"unreg", 1, 2, "[LNIDS] MAC", pre_unreg, cmd_unreg, NULL,
     "--if-exists", RW},
    {"migrate", 2, 2, "MAC HOST", pre_migrate, cmd_migrate, NULL, "--live",
     RW},
    {"binding-list", 0, 1, "[LNID]", pre_lnid_bindings, cmd_binding_list,
     NULL, "", RO},

    {"host-add", 1, 2, "HOST [ENCAP_IP]", pre_all_tables, cmd_host_add, NULL,
     "--may-exist", RW},
    {"host-del", 1, 1, "HOST", pre_everything, cmd_host_del, NULL,
     "--if-exists", RW},
    {"host-list", 0, 0, "", pre_all_tables, cmd_host_list, NULL, "", RO},

    {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, RO},
};

static bool
is_tenant_command(const struct ctl_command_syntax *syntax)
{
    return syntax >= tenantctl_commands
           && syntax < &tenantctl_commands[ARRAY_SIZE(tenantctl_commands)];
}

static const struct ctl_table_class tables[HVREC_N_TABLES] = {
    [HVREC_TABLE_BINDING].row_ids[0] = {&hvrec_binding_col_mac, NULL, NULL},
    [HVREC_TABLE_HOST].row_ids[0] = {&hvrec_host_col_name, NULL, NULL},
    [HVREC_TABLE_RBAC_ROLE].row_ids[0] = {&hvrec_rbac_role_col_name,
                                          NULL, NULL},
    [HVREC_TABLE_CONNECTION].row_ids[0] = {&hvrec_connection_col_target,
                                           NULL, NULL},
};

static void
tenantctl_cmd_init(void)
{
    /* No generic "show": ours knows tenants. */
    ctl_init(&hvrec_idl_class, hvrec_table_classes, tables, NULL,
             dbctl_exit);
    ctl_register_commands(tenantctl_commands);
}

static void
tenantctl_usage(void)
{
    printf("%s: HostVLAN tenant database utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...] "
           "[-- [OPTIONS] COMMAND [ARG...]]...\n"
           "\n"
           "General commands:\n"
           "  init                        create the global row if there is "
           "none,\n"
           "                              and the hostvlan-agent role of "
           "hosts\n"
           "  show                        print an overview of tenants and "
           "hosts\n"
           "\n"
           "Tenant commands:\n"
           "  tenant-add LNID [NAME]      add tenant network LNID "
           "(1 to 16777215)\n"
           "  tenant-del LNID             delete it (it must have no "
           "bindings)\n"
           "  tenant-list                 list tenants\n"
           "\n"
           "Binding commands:\n"
           "  reg LNIDS MAC HOST          bind MAC to LNIDS (e.g. 1,2 or "
           "global),\n"
           "                              with its VM on HOST\n"
           "  unreg [LNIDS] MAC           take LNIDS (default: all) from "
           "MAC\n"
           "  migrate MAC HOST            record that MAC's VM moved to "
           "HOST\n"
           "  binding-list [LNID]         list bindings (of LNID)\n"
           "  check                       report what the schema cannot "
           "enforce\n"
           "\n"
           "Host commands:\n"
           "  host-add HOST [ENCAP_IP]    add a host (agents add "
           "themselves)\n"
           "  host-del HOST               delete a host without bindings\n"
           "  host-list                   list hosts, their LNIDs and "
           "applied change\n"
           "\n",
           program_name, program_name);
}

int
main(int argc, char *argv[])
{
    static const struct dbctl_options options = {
        .idl_class = &hvrec_idl_class,
        .db_version = hvrec_get_db_version,
        .default_db = DEFAULT_DB,
        .db_env_var = "OVS_TENANTDB",
        .vlog_module = &this_module,
        .usage_commands = tenantctl_usage,
        .wait_usage = "  --wait                      wait until every host "
                      "affected by reg, unreg\n"
                      "                              or migrate has applied "
                      "the change to its\n"
                      "                              datapaths\n",
        .prerequisites = tenantctl_prerequisites,
        .condition = tenantctl_condition,
        .pre_execute = tenantctl_pre_execute,
        .pre_commit = tenantctl_pre_commit,
        .post_commit = wait_for_affected_hosts,
    };

    set_program_name(argv[0]);
    tenantctl_cmd_init();
    dbctl_main(argc, argv, &options);
}
