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

#ifndef VSWITCHD_TENANT_KEYS_H
#define VSWITCHD_TENANT_KEYS_H 1

/* The keys of Interface external_ids that ovs-vswitchd reads, watched in a
 * thread of their own.
 *
 * Upstream's ovs-vswitchd does not replicate Interface external_ids, where
 * other programs write all the time: OVN's ovn-controller sets
 * ovn-installed on every port it binds, libvirt iface-status, ovs-tenantd
 * its bookkeeping.  Each write would wake the main loop, and each pass of
 * the main loop costs in proportion to the ports.  HostVLAN needs five
 * keys of that column (tenant_iface_get_keys()).  So bridge.c's IDL omits
 * the column, as upstream's does, and this module's thread keeps an IDL of
 * its own with nothing but Interface external_ids and Open_vSwitch
 * next_cfg.  It remembers those five keys of every Interface and, only
 * when one of them changes, an Interface comes or goes, or next_cfg moves,
 * publishes an immutable snapshot (RCU) and wakes the main thread.
 *
 * The main thread reads the snapshot (tenant_keys_get(), valid until it
 * quiesces; tenant_keys_ref() across a reconfiguration, which may).  It
 * reconfigures only once the snapshot covers its own view
 * (tenant_keys_cover()): the next_cfg it answers and every Interface it
 * has, so that "ovs-vsctl set interface vnet0 external_ids:lnid=1" has
 * taken effect when ovs-vsctl returns. */

#include <stdbool.h>
#include <stdint.h>

struct ovsdb_idl;
struct smap;
struct tenant_keys;
struct uuid;

void tenant_keys_start(const char *remote);
void tenant_keys_stop(void);

const struct tenant_keys *tenant_keys_get(void);
const struct tenant_keys *tenant_keys_ref(void);
void tenant_keys_unref(const struct tenant_keys *);
uint64_t tenant_keys_version(const struct tenant_keys *);
const struct smap *tenant_keys_find(const struct tenant_keys *,
                                    const struct uuid *);
bool tenant_keys_cover(const struct tenant_keys *, const struct ovsdb_idl *,
                       int64_t next_cfg);
void tenant_keys_wait(uint64_t version);
void tenant_keys_hold(bool hold);

#endif /* tenant-keys.h */
