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

#ifndef DBCTL_H
#define DBCTL_H 1

/* The skeleton of an ovs-vsctl-style database utility, the way OVN's
 * utilities/ovn-dbctl.c serves ovn-nbctl and ovn-sbctl: global options,
 * "--"-chained commands (db-ctl-base), their prerequisites, one
 * transaction that is retried when the database changed under it, and
 * the output.  A program supplies its database and hooks in struct
 * dbctl_options; ovs-tenantctl is the one here. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/compiler.h"

struct ctl_command;
struct ovsdb_idl;
struct ovsdb_idl_class;
struct ovsdb_idl_txn;
struct vlog_module;

struct dbctl_options {
    const struct ovsdb_idl_class *idl_class;
    const char *(*db_version)(void);    /* For --version. */
    const char *default_db;             /* Without --db or 'db_env_var'. */
    const char *db_env_var;
    struct vlog_module *vlog_module;    /* The program's: "Called as". */

    /* Prints what the program is and its own commands, for --help, before
     * the generic commands and the options. */
    void (*usage_commands)(void);
    const char *wait_usage;             /* What --wait waits for; NULL: the
                                         * program has no --wait. */

    /* Before connecting: adds to 'idl' what every run needs, after each
     * command's prerequisites, and sets any condition.  Returns true if
     * the program monitors conditionally: the commands then run only once
     * the server has acknowledged the condition that 'condition' sets
     * again. */
    bool (*prerequisites)(struct ovsdb_idl *, struct ctl_command *, size_t n,
                          bool wait);
    unsigned int (*condition)(struct ovsdb_idl *);

    /* Around the commands of each try: 'pre_execute' after the
     * transaction is created, 'pre_commit' before it commits (if
     * 'wait', it may ask for a report and return what to wait for);
     * 'post_commit' after a successful commit, with what 'pre_commit'
     * returned, if --wait was given and it is nonzero. */
    void (*pre_execute)(struct ovsdb_idl *, struct ovsdb_idl_txn *);
    int64_t (*pre_commit)(struct ovsdb_idl *, struct ovsdb_idl_txn *,
                          bool wait);
    void (*post_commit)(struct ovsdb_idl *, int64_t waited,
                        long long int deadline);
};

OVS_NO_RETURN int dbctl_main(int argc, char *argv[],
                             const struct dbctl_options *);
OVS_NO_RETURN void dbctl_exit(int status);
void dbctl_set_exit_status(int status);
const char *dbctl_get_db(void);

#endif /* dbctl.h */
