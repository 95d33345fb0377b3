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

#ifndef TENANT_FUZZ_H
#define TENANT_FUZZ_H 1

/* What HostVLAN-OVS's fuzz targets share: the invariants every decoded
 * tenant value must hold, checked with ovs_assert() so that a violation
 * is a crash the fuzzer reports, and the set-up of each target. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fuzzer.h"
#include "openvswitch/vlog.h"
#include "tenant.h"
#include "util.h"

/* Quiet logs: fuzzers run millions of inputs, many malformed on purpose. */
static inline void
tenant_fuzz_init(void)
{
    static bool inited;

    if (!inited) {
        vlog_set_verbosity("off");
        inited = true;
    }
}

/* 'set' is what struct lnid_set promises: at most LNID_SET_MAX LNIDs,
 * ascending, unique, each 1 to LNID_MAX. */
static inline void
tenant_fuzz_check_set(const struct lnid_set *set)
{
    if (!set) {
        return;
    }
    ovs_assert(set->n <= LNID_SET_MAX);
    for (size_t i = 0; i < set->n; i++) {
        ovs_assert(set->lnids[i] >= 1 && set->lnids[i] <= LNID_MAX);
        ovs_assert(!i || set->lnids[i] > set->lnids[i - 1]);
    }
}

/* Copies the first 'size' bytes of 'data' into a new NUL-terminated
 * string, for the caller to free. */
static inline char *
tenant_fuzz_string(const uint8_t *data, size_t size)
{
    return xmemdup0((const char *) data, size);
}

#endif /* tenant-fuzz.h */
