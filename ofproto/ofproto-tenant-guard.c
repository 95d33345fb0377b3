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
#include "ofproto-tenant-guard.h"

#include <netinet/in.h>
#include <netinet/icmp6.h>
#include "flow.h"
#include "packets.h"

/* May frames from 'mac' use address 'ip' (IPv4 as IPv4-mapped)? */
static bool
address_allowed(const struct tenant_port *port, struct eth_addr mac,
                const struct in6_addr *ip)
{
    for (size_t i = 0; i < port->ips.n; i++) {
        const struct tenant_ip_entry *e = &port->ips.entries[i];
        struct in6_addr masked = ipv6_addr_bitand(ip, &e->mask);

        if (eth_addr_equal_except(e->mac, mac, e->mac_mask)
            && ipv6_addr_equals(&masked, &e->addr)) {
            return true;
        }
    }
    return false;
}

static bool
ipv4_allowed(const struct tenant_port *port, struct eth_addr mac, ovs_be32 ip)
{
    struct in6_addr mapped = in6_addr_mapped_ipv4(ip);

    return address_allowed(port, mac, &mapped);
}

/* An ARP frame speaks for its sender: the router learns "sender IP is at
 * sender MAC" from requests and replies alike.  The sender MAC must be the
 * frame's source and the sender IP one of its addresses, or 0.0.0.0 in a
 * request (an address conflict probe, RFC 5227).  A RARP frame claims no
 * IP (QEMU announces a migrated VM with one), so only its sender MAC is
 * checked. */
static enum tenant_input_verdict
check_arp(const struct tenant_port *port, const struct flow *flow,
          struct flow_wildcards *wc)
{
    WC_MASK_FIELD(wc, arp_sha);
    if (!eth_addr_equals(flow->arp_sha, flow->dl_src)) {
        return TENANT_INPUT_ARP_SPOOFED;
    } else if (flow->dl_type == htons(ETH_TYPE_RARP)) {
        return TENANT_INPUT_PASS;
    }

    WC_MASK_FIELD(wc, nw_src);
    if (ipv4_allowed(port, flow->dl_src, flow->nw_src)) {
        return TENANT_INPUT_PASS;
    }
    WC_MASK_FIELD(wc, nw_proto);
    return (!flow->nw_src && flow->nw_proto == ARP_OP_REQUEST
            ? TENANT_INPUT_PASS : TENANT_INPUT_ARP_SPOOFED);
}

/* An IPv4 source must be one of the frame's MAC's addresses, but for a
 * DHCP client that has none yet (0.0.0.0, UDP port 68 to 67). */
static enum tenant_input_verdict
check_ipv4(const struct tenant_port *port, const struct flow *flow,
           struct flow_wildcards *wc)
{
    WC_MASK_FIELD(wc, nw_src);
    if (ipv4_allowed(port, flow->dl_src, flow->nw_src)) {
        return TENANT_INPUT_PASS;
    } else if (flow->nw_src) {
        return TENANT_INPUT_IP_SPOOFED;
    }
    WC_MASK_FIELD(wc, nw_proto);
    if (flow->nw_proto != IPPROTO_UDP) {
        return TENANT_INPUT_IP_SPOOFED;
    }
    WC_MASK_FIELD(wc, tp_src);
    WC_MASK_FIELD(wc, tp_dst);
    return (flow->tp_src == htons(68) && flow->tp_dst == htons(67)
            ? TENANT_INPUT_PASS : TENANT_INPUT_IP_SPOOFED);
}

/* ICMPv6 types that a host sends from the unspecified address while it
 * has no address yet: duplicate address detection's solicitation (RFC
 * 4862), router solicitation (RFC 4861) and MLD reports (RFC 3590). */
static bool
icmp6_may_come_from_unspecified(uint8_t type)
{
    return (type == ND_NEIGHBOR_SOLICIT || type == ND_ROUTER_SOLICIT
            || type == MLD_REPORT || type == MLD2_REPORT);
}

/* Neighbor discovery speaks for addresses too: an advertisement for its
 * target (which must be one of the frame's MAC's addresses, its
 * target link-layer option, if any, that MAC) and a solicitation for its
 * source (its source link-layer option, if any, that MAC).  A VM is no
 * router: it sends no router advertisement or redirect. */
static enum tenant_input_verdict
check_icmp6(const struct tenant_port *port, const struct flow *flow,
            struct flow_wildcards *wc)
{
    uint8_t type = ntohs(flow->tp_src);

    /* The type, and the code: a flow holds neighbor discovery's fields
     * only for code 0 (see is_nd()). */
    WC_MASK_FIELD(wc, tp_src);
    WC_MASK_FIELD(wc, tp_dst);
    if (type == ND_ROUTER_ADVERT || type == ND_REDIRECT) {
        return TENANT_INPUT_ROUTER_ONLY;
    } else if (type == ND_NEIGHBOR_ADVERT) {
        WC_MASK_FIELD(wc, nd_target);
        WC_MASK_FIELD(wc, arp_tha);
        if (!address_allowed(port, flow->dl_src, &flow->nd_target)
            || !(eth_addr_is_zero(flow->arp_tha)
                 || eth_addr_equals(flow->arp_tha, flow->dl_src))) {
            return TENANT_INPUT_ND_SPOOFED;
        }
    } else if (type == ND_NEIGHBOR_SOLICIT) {
        WC_MASK_FIELD(wc, arp_sha);
        if (!(eth_addr_is_zero(flow->arp_sha)
              || eth_addr_equals(flow->arp_sha, flow->dl_src))) {
            return TENANT_INPUT_ND_SPOOFED;
        }
    }
    return TENANT_INPUT_PASS;
}

/* An IPv6 source must be one of the frame's MAC's addresses or that MAC's
 * own link-local address (EUI-64), or the unspecified address for what a
 * host sends before it has an address. */
static enum tenant_input_verdict
check_ipv6(const struct tenant_port *port, const struct flow *flow,
           struct flow_wildcards *wc)
{
    bool icmp6, source_ok;
    struct in6_addr lla;

    WC_MASK_FIELD(wc, ipv6_src);
    WC_MASK_FIELD(wc, nw_proto);
    icmp6 = flow->nw_proto == IPPROTO_ICMPV6;
    if (icmp6) {
        enum tenant_input_verdict verdict = check_icmp6(port, flow, wc);

        if (verdict != TENANT_INPUT_PASS) {
            return verdict;
        }
    }

    in6_generate_lla(flow->dl_src, &lla);
    source_ok = (address_allowed(port, flow->dl_src, &flow->ipv6_src)
                 || ipv6_addr_equals(&flow->ipv6_src, &lla)
                 || (icmp6 && !ipv6_addr_is_set(&flow->ipv6_src)
                     && icmp6_may_come_from_unspecified(
                         ntohs(flow->tp_src))));
    return source_ok ? TENANT_INPUT_PASS : TENANT_INPUT_IP_SPOOFED;
}

/* The address guard for a frame that 'port', which has attached-ips, sent
 * from one of its MACs (the transmit filter's MAC check passed).  Frames of
 * other protocols pass: their addresses are not the router's concern.
 * Masks in 'wc' the fields that the verdict depends on. */
enum tenant_input_verdict
tenant_check_input_addresses(const struct tenant_port *port,
                             const struct flow *flow,
                             struct flow_wildcards *wc)
{
    WC_MASK_FIELD(wc, dl_type);
    if (eth_type_vlan(flow->dl_type)) {
        /* More VLAN headers than the flow holds (other_config:vlan-limit,
         * 1 by default): what they carry is out of sight, and a router
         * with VLAN interfaces may take it as ARP. */
        return TENANT_INPUT_UNCHECKABLE;
    } else if (flow->dl_type == htons(ETH_TYPE_ARP)
               || flow->dl_type == htons(ETH_TYPE_RARP)) {
        return check_arp(port, flow, wc);
    } else if (flow->dl_type == htons(ETH_TYPE_IP)) {
        return check_ipv4(port, flow, wc);
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        return check_ipv6(port, flow, wc);
    }
    return TENANT_INPUT_PASS;
}
