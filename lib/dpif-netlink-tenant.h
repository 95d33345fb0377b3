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

#ifndef DPIF_NETLINK_TENANT_H
#define DPIF_NETLINK_TENANT_H 1

/* Client of the Linux kernel datapath's tenant table, the "ovs_tenant"
 * generic netlink family that HostVLAN-OVS's openvswitch.ko adds (see
 * datapath/tenant.c).  A stock kernel has no such family: every function
 * then returns EOPNOTSUPP, and ofproto-dpif enforces isolation during flow
 * translation instead. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/types.h"
#include "packets.h"

struct dpif;
struct dpif_tenant_class;
struct ofpbuf;
struct tenant_binding;

extern const struct dpif_tenant_class dpif_netlink_tenant_class;

/* The ifindex of a dpif-netlink datapath (defined by dpif-netlink.c). */
int dpif_netlink_get_dp_ifindex(const struct dpif *);

/* Decoding the family's replies, apart from the socket (and fuzzed so:
 * tests/oss-fuzz/tenant_netlink_target.c). */
bool dpif_netlink_tenant_parse_features(const struct ofpbuf *, int family,
                                        uint32_t *max_entries,
                                        uint32_t *max_lnids);
bool dpif_netlink_tenant_parse_binding(const struct ofpbuf *, int family,
                                       struct tenant_binding *);
bool dpif_netlink_tenant_parse_drops(const struct ofpbuf *, int family,
                                     uint64_t *n);

#endif /* dpif-netlink-tenant.h */
