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

/* Unit test for vswitchd/tenant-keys.[ch]: the lifetime of the snapshots
 * that its watcher thread publishes for ovs-vswitchd's main thread. */

#include <config.h>
#undef NDEBUG
#include "vswitchd/tenant-keys.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command-line.h"
#include "openvswitch/poll-loop.h"
#include "ovs-atomic.h"
#include "ovs-rcu.h"
#include "ovstest.h"
#include "smap.h"
#include "util.h"
#include "uuid.h"

/* Waits, quiescing as the main loop does, for a snapshot newer than
 * 'version' (0: any snapshot). */
static const struct tenant_keys *
wait_for_snapshot(uint64_t version)
{
    for (;;) {
        const struct tenant_keys *snap = tenant_keys_get();

        if (snap && tenant_keys_version(snap) != version) {
            return snap;
        }
        tenant_keys_wait(version);
        poll_block();
    }
}

static atomic_bool callbacks_ran;

static void
mark_callbacks_ran(atomic_bool *ran)
{
    atomic_store(ran, true);
}

/* Waits until the RCU callbacks that other threads postponed before they
 * last quiesced have run: ovsrcu_synchronize() makes every thread quiesce
 * (and so hand its callbacks on), and the callbacks then run in order, so
 * once one postponed after that has run, they have too. */
static void
wait_for_rcu_callbacks(void)
{
    bool ran;

    atomic_store(&callbacks_ran, false);
    ovsrcu_synchronize();
    ovsrcu_postpone(mark_callbacks_ran, &callbacks_ran);
    for (;;) {
        atomic_read(&callbacks_ran, &ran);
        if (ran) {
            return;
        }
        xnanosleep(1000 * 1000);    /* Quiesces. */
    }
}

static const char *
snapshot_lnid(const struct tenant_keys *snap, const struct uuid *iface)
{
    const struct smap *keys = tenant_keys_find(snap, iface);
    const char *lnid = keys ? smap_get(keys, "lnid") : NULL;

    return lnid ? lnid : "(none)";
}

/* "hold REMOTE IFACE-UUID READY-FILE": takes a reference to the first
 * snapshot, creates READY-FILE, waits for the watcher to publish a newer
 * snapshot (the test then changes the Interface's external_ids:lnid) and for
 * every RCU callback to run, and checks that the held snapshot still reads
 * as it did.  bridge_reconfigure() relies on this while a flush of the
 * datapath's flows synchronizes RCU (a use after free there crashed
 * ovs-vswitchd once).  Run it with MALLOC_PERTURB_ set, so that freed memory
 * reads differently. */
static void
test_hold(struct ovs_cmdl_context *ctx)
{
    const struct tenant_keys *held, *newer;
    struct uuid iface;
    uint64_t version;
    char *before;
    FILE *ready;

    if (!uuid_from_string(&iface, ctx->argv[2])) {
        ovs_fatal(0, "%s: not a UUID", ctx->argv[2]);
    }
    tenant_keys_start(ctx->argv[1]);

    wait_for_snapshot(0);
    held = tenant_keys_ref();
    version = tenant_keys_version(held);
    before = xstrdup(snapshot_lnid(held, &iface));

    ready = fopen(ctx->argv[3], "w");
    if (!ready || fclose(ready)) {
        ovs_fatal(errno, "%s: could not create", ctx->argv[3]);
    }
    newer = wait_for_snapshot(version);
    printf("newer snapshot: lnid %s\n", snapshot_lnid(newer, &iface));

    /* The published pointer's reference to 'held' goes after a grace
     * period, in an RCU callback: wait for it. */
    wait_for_rcu_callbacks();
    printf("held snapshot: lnid %s, version %s\n",
           snapshot_lnid(held, &iface),
           tenant_keys_version(held) == version ? "unchanged" : "CHANGED");
    if (strcmp(before, snapshot_lnid(held, &iface))) {
        printf("held snapshot changed: lnid was %s\n", before);
    }

    tenant_keys_unref(held);
    tenant_keys_stop();
    wait_for_rcu_callbacks();
    free(before);
}

static const struct ovs_cmdl_command commands[] = {
    {"hold", "REMOTE IFACE-UUID READY-FILE", 3, 3, test_hold, OVS_RO},
    {NULL, NULL, 0, 0, NULL, OVS_RO},
};

static void
test_tenant_keys_main(int argc, char *argv[])
{
    struct ovs_cmdl_context ctx = {
        .argc = argc - 1,
        .argv = argv + 1,
    };

    set_program_name(argv[0]);
    ovs_cmdl_run_command(&ctx, commands);
}

OVSTEST_REGISTER("test-tenant-keys", test_tenant_keys_main);
