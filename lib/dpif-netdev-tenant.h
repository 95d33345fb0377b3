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

#ifndef DPIF_NETDEV_TENANT_H
#define DPIF_NETDEV_TENANT_H 1

/* The userspace datapath's tenant table and its check_tenant action.
 *
 * dpif-netdev.c keeps one "struct dp_netdev_tenants" per datapath and
 * hands every check_tenant action to dp_netdev_tenants_execute(), which
 * decides, counts the drops and calls back for the pass actions: dpif-netdev
 * only hooks in, the way odp-execute.c keeps check_pkt_len apart from its
 * callers.  A datapath flow's actions carry, after them, the per-flow
 * verdict cache of odp-tenant.h (dp_netdev_tenants_actions_alloc() and
 * _init()); a PMD thread names the flow whose actions it runs, so that
 * check_tenant can use it.
 *
 * Thread-safety: the table is lib/tenant.h's (lock-free lookups); drops
 * are counted atomically. */

#include <stdbool.h>
#include <stddef.h>

struct dp_netdev_actions;
struct dp_netdev_flow;
struct dp_netdev_tenants;
struct dp_packet_batch;
struct dpif;
struct nlattr;

struct dp_netdev_tenants *dp_netdev_tenants_create(void);
void dp_netdev_tenants_destroy(struct dp_netdev_tenants *);

/* Runs 'actions_len' bytes of 'actions' on 'packets', stealing them. */
typedef void dp_netdev_tenants_pass_cb(void *aux, struct dp_packet_batch *,
                                       const struct nlattr *actions,
                                       size_t actions_len);

void dp_netdev_tenants_execute(struct dp_netdev_tenants *,
                               struct dp_packet_batch *,
                               const struct nlattr *check_tenant,
                               bool should_steal,
                               const struct dp_netdev_flow *,
                               const struct dp_netdev_actions *,
                               dp_netdev_tenants_pass_cb *, void *aux);

struct dp_netdev_actions *dp_netdev_tenants_actions_alloc(
    const struct nlattr *actions, size_t size);
void dp_netdev_tenants_actions_init(struct dp_netdev_actions *);

/* The tenant table of a dpif-netdev datapath (defined by dpif-netdev.c). */
struct dp_netdev_tenants *dpif_netdev_get_tenants(const struct dpif *);

extern const struct dpif_tenant_class dpif_netdev_tenant_class;

#endif /* dpif-netdev-tenant.h */
