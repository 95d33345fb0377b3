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

#ifndef OFPROTO_TENANT_GUARD_H
#define OFPROTO_TENANT_GUARD_H 1

/* The address guard of HostVLAN tenant isolation: ARP, neighbor discovery
 * and IP source checks for the frames a VM port with attached-ips sends.
 *
 * Isolation is by MAC, but a global router or DHCP server serves every
 * tenant: a VM that answers ARP for another tenant's IP, or advertises it
 * in a gratuitous ARP or an unsolicited neighbor advertisement, would poison
 * the router's neighbor cache and pull that tenant's routed traffic to
 * itself.  A port that declares its addresses may speak only for them.
 *
 * The guard runs in translation, on the frame as received, like the rest
 * of the transmit filter; its megaflows match the fields it read, so both
 * datapaths enforce it without a datapath action, and a port without
 * attached-ips pays nothing. */

#include "ofproto-tenant.h"

struct flow;
struct flow_wildcards;

enum tenant_input_verdict tenant_check_input_addresses(
    const struct tenant_port *, const struct flow *,
    struct flow_wildcards *);

#endif /* ofproto-tenant-guard.h */
