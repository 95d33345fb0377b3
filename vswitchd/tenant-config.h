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

#ifndef VSWITCHD_TENANT_CONFIG_H
#define VSWITCHD_TENANT_CONFIG_H 1

/* HostVLAN tenant configuration: from the Open_vSwitch database to ofproto.
 *
 * bridge.c calls tenant_config_init() when it creates its IDL.  On every
 * reconfiguration, it collects the tenant bindings once
 * (tenant_db_bindings_collect()), then for each bridge adds its interfaces
 * to a tenant_bridge_config and applies it to the bridge's ofproto.
 *
 * An interface's LNIDs come from its "lnid" column or, when that is empty,
 * from external_ids:lnid; its VM MAC from external_ids:attached-mac.  The
 * bindings are those MACs with their interfaces' LNIDs, plus the rows of
 * the Tenant_Binding table (a local interface wins over a row for the same
 * MAC).  The bindings persist between reconfigurations and are updated from
 * the IDL's change tracking of the Tenant_Binding table, so a change costs
 * what it changes, not what the table holds.  (This module therefore owns
 * change tracking on that table and clears the IDL's tracked changes.)
 *
 * bridge.c's IDL omits Interface external_ids, as upstream's does, since
 * other programs write keys there all the time; a thread watches the keys
 * ovs-vswitchd reads (tenant-keys.h).  bridge.c also reconfigures when
 * they change (tenant_config_changed()), and only once they have caught
 * up with its own view (tenant_config_ready(), tenant_config_wait()). */

#include "openvswitch/types.h"

#include <stdbool.h>

struct ofproto;
struct ovsdb_idl;
struct ovsrec_bridge;
struct ovsrec_interface;
struct ovsrec_port;

void tenant_config_init(struct ovsdb_idl *, const char *remote);
void tenant_config_exit(void);
bool tenant_config_changed(void);
bool tenant_config_ready(const struct ovsdb_idl *, int64_t next_cfg);
void tenant_config_wait(const struct ovsdb_idl *);
struct tenant_db_bindings *tenant_db_bindings_collect(struct ovsdb_idl *);
void tenant_db_bindings_destroy(struct tenant_db_bindings *);

struct tenant_bridge_config *tenant_bridge_config_create(void);
const char *tenant_bridge_config_add_iface(struct tenant_bridge_config *,
                                           const struct ovsrec_port *,
                                           const struct ovsrec_interface *,
                                           ofp_port_t);
void tenant_bridge_config_apply(const struct tenant_bridge_config *,
                                const struct ovsrec_bridge *,
                                struct ofproto *,
                                const struct tenant_db_bindings *);
void tenant_bridge_config_destroy(struct tenant_bridge_config *);

#endif /* tenant-config.h */
