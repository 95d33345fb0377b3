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

#ifndef OFPROTO_DPIF_TENANT_H
#define OFPROTO_DPIF_TENANT_H 1

/* HostVLAN tenant isolation in ofproto-dpif.
 *
 * Each ofproto_dpif publishes its tenant policy (ofproto-tenant.h) through
 * an RCU pointer, NULL when the bridge does not isolate, so translation
 * threads read it without locks.  The tenant bindings live in a tenant
 * table per dpif_backer (all bridges of one datapath type share them).
 *
 * Enforcement happens in translation (ofproto-dpif-xlate.c):
 *
 *   - on input, the transmit filter (anti-spoofing) drops frames from a VM
 *     port whose source MAC is not the VM's; the megaflow then matches the
 *     source MAC of frames from VM ports;
 *
 *   - on every output to a port of an isolating bridge, the receive filter
 *     decides with the LNIDs of the frame's source MAC as received.  The
 *     megaflow matches the source MAC, and a change of the bindings
 *     revalidates the datapath flows.
 *
 * The functions below are for ofproto-dpif.c and ofproto-dpif-xlate.c. */

#include <stdbool.h>
#include <stddef.h>
#include "ofproto-tenant.h"

struct dpif_backer;
struct ds;
struct ofproto;
struct ofproto_dpif;

/* ofproto_class members. */
void ofproto_dpif_set_tenant_policy(struct ofproto *,
                                    const struct tenant_port_settings *,
                                    size_t n);
void ofproto_dpif_set_tenant_bindings(struct ofproto *,
                                      const struct tenant_binding *,
                                      size_t n);

/* Life cycle. */
void ofproto_dpif_tenant_destruct(struct ofproto_dpif *);
struct tenant_table *dpif_backer_tenant_table_create(void);
void dpif_backer_tenant_table_destroy(struct tenant_table *);

/* Translation. */
const struct tenant_policy *ofproto_dpif_tenant_policy(
    const struct ofproto_dpif *);
enum tenant_input_verdict ofproto_dpif_tenant_check_input(
    const struct tenant_policy *, ofp_port_t in_port, struct eth_addr dl_src,
    bool *match_dl_src);
enum tenant_verdict ofproto_dpif_tenant_check_output(
    const struct ofproto_dpif *, const struct tenant_policy *,
    ofp_port_t out_port, struct eth_addr src, struct ds *explanation);

#endif /* ofproto-dpif-tenant.h */
