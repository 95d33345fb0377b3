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

/* Fuzzes how userspace decodes the kernel datapath's "ovs_tenant" generic
 * netlink replies (lib/dpif-netlink-tenant.c): the input is one netlink
 * message, headers included, of the family numbered FUZZ_FAMILY.  A
 * decoded binding must be one the tenant table can hold, and must decode
 * the same again after being encoded the way the kernel encodes it. */

#include <config.h>
#undef NDEBUG
#include "tenant-fuzz.h"

#include <string.h>
#include "dpif-netlink-tenant.h"
#include "netlink.h"
#include "odp-netlink.h"
#include "openvswitch/ofpbuf.h"
#include "tenant-netlink.h"

#define FUZZ_FAMILY 0x1d

/* Encodes 'b' as the kernel's reply to OVS_TENANT_CMD_GET. */
static void
encode_binding(const struct tenant_binding *b, struct ofpbuf *msg)
{
    struct ovs_header *ovs_header;

    nl_msg_put_genlmsghdr(msg, 0, FUZZ_FAMILY, 0, OVS_TENANT_CMD_GET,
                          OVS_TENANT_VERSION);
    ovs_header = ofpbuf_put_zeros(msg, sizeof *ovs_header);
    ovs_header->dp_ifindex = 1;
    nl_msg_put_unspec(msg, OVS_TENANT_ATTR_MAC, &b->mac, sizeof b->mac);
    if (b->lnids->n) {
        nl_msg_put_unspec(msg, OVS_TENANT_ATTR_LNIDS, b->lnids->lnids,
                          b->lnids->n * sizeof b->lnids->lnids[0]);
    }
    if (b->lnids->global) {
        nl_msg_put_flag(msg, OVS_TENANT_ATTR_GLOBAL);
    }
}

static void
check_binding(const struct ofpbuf *msg)
{
    struct tenant_binding b, again;
    struct ofpbuf encoded;

    if (!dpif_netlink_tenant_parse_binding(msg, FUZZ_FAMILY, &b)) {
        return;
    }
    ovs_assert(b.lnids && !b.host);
    tenant_fuzz_check_set(b.lnids);

    ofpbuf_init(&encoded, 0);
    encode_binding(&b, &encoded);
    ovs_assert(dpif_netlink_tenant_parse_binding(&encoded, FUZZ_FAMILY,
                                                 &again));
    ovs_assert(eth_addr_equals(b.mac, again.mac));
    ovs_assert(lnid_set_equals(b.lnids, again.lnids)
               && b.lnids->global == again.lnids->global);
    lnid_set_destroy(again.lnids);
    ofpbuf_uninit(&encoded);
    lnid_set_destroy(b.lnids);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t max_entries, max_lnids;
    struct ofpbuf msg;
    uint64_t drops;

    tenant_fuzz_init();
    /* A copy, aligned as a socket's receive buffer is. */
    ofpbuf_init(&msg, size);
    ofpbuf_put(&msg, data, size);

    check_binding(&msg);
    if (!dpif_netlink_tenant_parse_features(&msg, FUZZ_FAMILY, &max_entries,
                                            &max_lnids)) {
        ovs_assert(!max_entries && !max_lnids);
    }
    if (!dpif_netlink_tenant_parse_drops(&msg, FUZZ_FAMILY, &drops)) {
        ovs_assert(!drops);
    }

    ofpbuf_uninit(&msg);
    return 0;
}
