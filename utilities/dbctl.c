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
#include "dbctl.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "db-ctl-base.h"
#include "fatal-signal.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "process.h"
#include "stream-ssl.h"
#include "stream.h"
#include "table.h"
#include "timeval.h"
#include "util.h"

static const struct dbctl_options *opts;

static const char *db;                  /* --db. */
static bool oneline;                    /* --oneline. */
static bool dry_run;                    /* --dry-run. */
static bool wait_requested;             /* --wait. */
static unsigned int timeout;            /* --timeout, in seconds. */
static struct table_style table_style = TABLE_STYLE_DEFAULT;

static struct ovsdb_idl *the_idl;
static struct ovsdb_idl_txn *the_idl_txn;
static int exit_status = EXIT_SUCCESS;

OVS_NO_RETURN static void usage(void);
static void parse_options(int argc, char *argv[], struct shash *local_opts);
static void run_prerequisites(struct ctl_command[], size_t n,
                              struct ovsdb_idl *);
static bool do_dbctl(const char *args, struct ctl_command *, size_t n,
                     struct ovsdb_idl *, int64_t *waited);

/* Runs the program that 'options' describes, and exits. */
int
dbctl_main(int argc, char *argv[], const struct dbctl_options *options)
{
    struct ctl_command *commands;
    struct shash local_options;
    unsigned int cond_seqno = 0;
    long long int deadline;
    bool conditional;
    unsigned int seqno;
    size_t n_commands;

    opts = options;
    fatal_ignore_sigpipe();
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    vlog_set_levels_from_string_assert("reconnect:warn");

    char *args = process_escape_args(argv);
    shash_init(&local_options);
    parse_options(argc, argv, &local_options);
    char *error = ctl_parse_commands(argc - optind, argv + optind,
                                     &local_options, &commands, &n_commands);
    if (error) {
        ctl_fatal("%s", error);
    }
    vlog(opts->vlog_module,
         ctl_might_write_to_db(commands, n_commands) ? VLL_INFO : VLL_DBG,
         "Called as %s", args);

    /* --wait reports what lags, so it keeps its own deadline and leaves
     * the alarm to the part before the commit. */
    if (!timeout) {
        const char *env = getenv("OVS_CTL_TIMEOUT");

        if (env && env[0]) {
            str_to_uint(env, 10, &timeout);
        }
    }
    deadline = timeout ? time_msec() + timeout * 1000LL : LLONG_MAX;
    ctl_timeout_setup(timeout);

    /* With several remotes (a cluster), keep trying the others when one is
     * down; --timeout bounds that.  A single remote fails fast. */
    the_idl = ovsdb_idl_create(db, opts->idl_class, false,
                               strchr(db, ',') != NULL);
    run_prerequisites(commands, n_commands, the_idl);
    conditional = opts->prerequisites(the_idl, commands, n_commands,
                                     wait_requested);

    /* Run the commands once the database, as filtered, has arrived, and
     * again whenever a commit failed because the database changed. */
    bool need_run = true;
    seqno = ovsdb_idl_get_seqno(the_idl);
    for (;;) {
        int64_t waited = 0;

        ovsdb_idl_run(the_idl);
        if (!ovsdb_idl_is_alive(the_idl)) {
            int retval = ovsdb_idl_get_last_error(the_idl);
            ctl_fatal("%s: database connection failed (%s)",
                      db, ovs_retval_to_string(retval));
        }
        if (seqno != ovsdb_idl_get_seqno(the_idl)) {
            seqno = ovsdb_idl_get_seqno(the_idl);
            need_run = true;
        }

        /* The view is complete once the server acknowledged the
         * condition; until then, a missing row may just not be here yet.
         * (Setting the same condition again tells when that is: a
         * condition sent with the first request is acknowledged without
         * a seqno of its own.) */
        if (ovsdb_idl_has_ever_connected(the_idl) && conditional) {
            cond_seqno = opts->condition(the_idl);
        }
        if (need_run && ovsdb_idl_has_ever_connected(the_idl)
            && ovsdb_idl_get_condition_seqno(the_idl) >= cond_seqno) {
            need_run = false;
            if (do_dbctl(args, commands, n_commands, the_idl, &waited)) {
                if (waited) {
                    opts->post_commit(the_idl, waited, deadline);
                }
                free(args);
                ovsdb_idl_destroy(the_idl);
                exit(exit_status);
            }
        }

        ovsdb_idl_wait(the_idl);
        poll_block();
    }
}

/* The status the program exits with if nothing fails (a command that
 * reports a problem sets it). */
void
dbctl_set_exit_status(int status)
{
    exit_status = status;
}

/* The database the program connects to (--db, or its default). */
const char *
dbctl_get_db(void)
{
    return db;
}

static void
parse_options(int argc, char *argv[], struct shash *local_options)
{
    enum {
        OPT_DB = UCHAR_MAX + 1,
        OPT_ONELINE,
        OPT_NO_SYSLOG,
        OPT_DRY_RUN,
        OPT_WAIT,
        OPT_NO_WAIT,
        OPT_LOCAL,
        VLOG_OPTION_ENUMS,
        TABLE_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option global_long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"oneline", no_argument, NULL, OPT_ONELINE},
        {"wait", no_argument, NULL, OPT_WAIT},
        {"no-wait", no_argument, NULL, OPT_NO_WAIT},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        TABLE_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    const int n_global_long_options = ARRAY_SIZE(global_long_options) - 1;
    size_t allocated_options, n_options, i;
    char *tmp, *short_options;
    struct option *options;

    tmp = ovs_cmdl_long_options_to_short_options(global_long_options);
    short_options = xasprintf("+%s", tmp);
    free(tmp);

    /* Global options, then every command's own options, in one array for
     * getopt_long(). */
    options = xmemdup(global_long_options, sizeof global_long_options);
    allocated_options = ARRAY_SIZE(global_long_options);
    n_options = n_global_long_options;
    ctl_add_cmd_options(&options, &n_options, &allocated_options, OPT_LOCAL);

    for (;;) {
        int idx;
        int c = getopt_long(argc, argv, short_options, options, &idx);

        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DB:
            db = optarg;
            break;

        case OPT_ONELINE:
            oneline = true;
            break;

        case OPT_NO_SYSLOG:
            vlog_set_levels(opts->vlog_module, VLF_SYSLOG, VLL_WARN);
            break;

        case OPT_DRY_RUN:
            dry_run = true;
            break;

        case OPT_WAIT:
            if (!opts->wait_usage) {
                ctl_fatal("--wait is not supported");
            }
            wait_requested = true;
            break;

        case OPT_NO_WAIT:
            wait_requested = false;
            break;

        case OPT_LOCAL:
            if (shash_find(local_options, options[idx].name)) {
                ctl_fatal("'%s' option specified multiple times",
                          options[idx].name);
            }
            shash_add_nocopy(local_options,
                             xasprintf("--%s", options[idx].name),
                             nullable_xstrdup(optarg));
            break;

        case 'h':
            usage();

        case 'V':
            ovs_print_version(0, 0);
            printf("DB Schema %s\n", opts->db_version());
            exit(EXIT_SUCCESS);

        case 't':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                ctl_fatal("value %s on -t or --timeout is invalid", optarg);
            }
            break;

        VLOG_OPTION_HANDLERS
        TABLE_OPTION_HANDLERS(&table_style)
        STREAM_SSL_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);

    if (!db) {
        db = getenv(opts->db_env_var);
        if (!db || !db[0]) {
            db = opts->default_db;
        }
    }

    for (i = n_global_long_options; options[i].name; i++) {
        free(CONST_CAST(char *, options[i].name));
    }
    free(options);
}

static void
usage(void)
{
    opts->usage_commands();
    printf("%s"
           "%s"
           "\n"
           "Options:\n"
           "  --db=DATABASE               connect to DATABASE\n"
           "                              (default: $%s or %s)\n",
           ctl_get_db_cmd_usage(), ctl_list_db_tables_usage(),
           opts->db_env_var, opts->default_db);
    if (opts->wait_usage) {
        printf("%s", opts->wait_usage);
    }
    printf("  -t, --timeout=SECS          give up after SECS seconds%s\n"
           "  --dry-run                   do not commit changes to "
           "database\n"
           "  --oneline                   print exactly one line of output "
           "per command\n",
           opts->wait_usage ? ", naming the hosts\n"
           "                              that lag if waiting" : "");
    table_usage();
    vlog_usage();
    printf("  --no-syslog             equivalent to "
           "--verbose=%s:syslog:warn\n", opts->vlog_module->name);
    stream_usage("database", true, true, false);
    printf("\n"
           "Other options:\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n");
    exit(EXIT_SUCCESS);
}

/* Exits with 'status', abandoning any transaction in flight: db-ctl-base's
 * exit function (ctl_init()). */
void
dbctl_exit(int status)
{
    if (the_idl_txn) {
        ovsdb_idl_txn_abort(the_idl_txn);
        ovsdb_idl_txn_destroy(the_idl_txn);
    }
    ovsdb_idl_destroy(the_idl);
    exit(status);
}

static void
run_prerequisites(struct ctl_command *commands, size_t n_commands,
                  struct ovsdb_idl *idl)
{
    struct ctl_command *c;

    for (c = commands; c < &commands[n_commands]; c++) {
        if (c->syntax->prerequisites) {
            struct ctl_context ctx;

            ds_init(&c->output);
            c->table = NULL;

            ctl_context_init(&ctx, c, idl, NULL, NULL, NULL);
            (c->syntax->prerequisites)(&ctx);
            if (ctx.error) {
                ctl_fatal("%s", ctx.error);
            }
            ctl_context_done(&ctx, c);

            ovs_assert(!c->output.string);
            ovs_assert(!c->table);
        }
    }
}

static void
print_command_output(struct ctl_command *c)
{
    struct ds *ds = &c->output;

    if (c->table) {
        table_print(c->table, &table_style);
    } else if (oneline) {
        size_t j;

        ds_chomp(ds, '\n');
        for (j = 0; j < ds->length; j++) {
            int ch = ds->string[j];

            if (ch == '\n') {
                fputs("\\n", stdout);
            } else if (ch == '\\') {
                fputs("\\\\", stdout);
            } else {
                putchar(ch);
            }
        }
        putchar('\n');
    } else {
        fputs(ds_cstr(ds), stdout);
    }
}

static void
free_command_results(struct ctl_command *commands, size_t n_commands)
{
    struct ctl_command *c;

    for (c = commands; c < &commands[n_commands]; c++) {
        ds_destroy(&c->output);
        table_destroy(c->table);
        free(c->table);
        c->table = NULL;
    }
}

/* Runs the commands in one transaction.  Returns false if it must be
 * retried against a newer view of the database.  On success, stores in
 * '*waited' what the program's pre_commit hook asked to wait for. */
static bool
do_dbctl(const char *args, struct ctl_command *commands, size_t n_commands,
         struct ovsdb_idl *idl, int64_t *waited)
{
    enum ovsdb_idl_txn_status status;
    struct ovsdb_symbol_table *symtab;
    struct ctl_context ctx;
    struct ctl_command *c;
    struct ovsdb_idl_txn *txn;
    char *error = NULL;

    txn = the_idl_txn = ovsdb_idl_txn_create(idl);
    if (dry_run) {
        ovsdb_idl_txn_set_dry_run(txn);
    }
    ovsdb_idl_txn_add_comment(txn, "%s: %s", program_name, args);
    opts->pre_execute(idl, txn);

    symtab = ovsdb_symbol_table_create();
    for (c = commands; c < &commands[n_commands]; c++) {
        ds_init(&c->output);
        c->table = NULL;
    }
    ctl_context_init(&ctx, NULL, idl, txn, symtab, NULL);
    for (c = commands; c < &commands[n_commands]; c++) {
        ctl_context_init_command(&ctx, c, c == &commands[n_commands - 1]);
        if (c->syntax->run) {
            (c->syntax->run)(&ctx);
        }
        if (ctx.error) {
            ctl_fatal("%s", ctx.error);
        }
        ctl_context_done_command(&ctx, c);
        if (ctx.try_again) {
            ctl_context_done(&ctx, NULL);
            goto try_again;
        }
    }
    ctl_context_done(&ctx, NULL);

    *waited = opts->pre_commit(idl, txn, wait_requested);

    status = ovsdb_idl_txn_commit_block(txn);
    if (status == TXN_UNCHANGED || status == TXN_SUCCESS) {
        for (c = commands; c < &commands[n_commands]; c++) {
            if (c->syntax->postprocess) {
                ctl_context_init(&ctx, c, idl, txn, symtab, NULL);
                (c->syntax->postprocess)(&ctx);
                if (ctx.error) {
                    ctl_fatal("%s", ctx.error);
                }
                ctl_context_done(&ctx, c);
            }
        }
    }
    error = xstrdup(ovsdb_idl_txn_get_error(txn));
    if (status != TXN_SUCCESS) {
        *waited = 0;
    }
    ovsdb_idl_txn_destroy(txn);
    txn = the_idl_txn = NULL;

    switch (status) {
    case TXN_UNCOMMITTED:
    case TXN_INCOMPLETE:
        OVS_NOT_REACHED();

    case TXN_ABORTED:
        ctl_fatal("transaction aborted");

    case TXN_UNCHANGED:
    case TXN_SUCCESS:
        break;

    case TXN_TRY_AGAIN:
        goto try_again;

    case TXN_ERROR:
        ctl_fatal("transaction error: %s", error);

    case TXN_NOT_LOCKED:
        ctl_fatal("database not locked");

    default:
        OVS_NOT_REACHED();
    }
    free(error);
    ovsdb_symbol_table_destroy(symtab);

    for (c = commands; c < &commands[n_commands]; c++) {
        print_command_output(c);
        shash_destroy_free_data(&c->options);
    }
    free_command_results(commands, n_commands);
    free(commands);
    fflush(stdout);
    return true;

try_again:
    if (txn) {
        ovsdb_idl_txn_abort(txn);
        ovsdb_idl_txn_destroy(txn);
        the_idl_txn = NULL;
    }
    ovsdb_symbol_table_destroy(symtab);
    free_command_results(commands, n_commands);
    free(error);
    return false;
}
