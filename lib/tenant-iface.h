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

#ifndef TENANT_IFACE_H
#define TENANT_IFACE_H 1

/* A local Interface row's tenant configuration, read the same way by
 * ovs-vswitchd and ovs-tenantd: its LNIDs (the "lnid" column, else
 * external_ids:lnid), its VM's MAC (external_ids:attached-mac), the further
 * MACs the VM may send from (external_ids:allowed-macs), the IP addresses
 * they may speak for (external_ids:attached-ips) and, for a global
 * tunnel or uplink, the LNIDs it may deliver to
 * (external_ids:lnid-egress, broadcast pruning) and the hosts whose VMs'
 * MACs it may carry (external_ids:lnid-ingress-hosts).
 *
 * Each function takes the row, for its name and "lnid" column, and 'keys',
 * the row's external_ids as the caller has them: ovs-tenantd's IDL
 * replicates the column, ovs-vswitchd's keeps only those keys, apart from
 * its main IDL (vswitchd/tenant-keys.h). */

#include <stdbool.h>
#include "compiler.h"
#include "packets.h"

struct eth_addr;
struct lnid_set;
struct ovsrec_interface;
struct smap;
struct sset;

char *tenant_iface_refusal(const struct smap *keys) OVS_WARN_UNUSED_RESULT;
char *tenant_iface_parse_lnids(const struct ovsrec_interface *,
                               const struct smap *keys, struct lnid_set **)
    OVS_WARN_UNUSED_RESULT;
bool tenant_iface_parse_vm_mac(const struct smap *keys, struct eth_addr *,
                               char **errorp);
char *tenant_iface_parse_egress(const struct smap *keys,
                                const struct lnid_set *lnids,
                                struct lnid_set **egressp)
    OVS_WARN_UNUSED_RESULT;

char *tenant_iface_parse_ingress_hosts(const struct smap *keys,
                                       const struct lnid_set *lnids,
                                       struct sset **hostsp)
    OVS_WARN_UNUSED_RESULT;

/* A VM interface's further MACs (external_ids:allowed-macs): those it may
 * send from besides its attached-mac, each with its own LNIDs. */
struct tenant_allowed_macs {
    struct eth_addr *macs;          /* Ascending, each once. */
    struct lnid_set **lnids;        /* 'lnids[i]' are 'macs[i]''s. */
    size_t n;
    char *refused;                  /* Entries that fail closed, and why;
                                     * NULL if none. */
};

char *tenant_iface_parse_allowed_macs(const struct smap *keys,
                                      const struct lnid_set *lnids,
                                      struct tenant_allowed_macs *)
    OVS_WARN_UNUSED_RESULT;
void tenant_allowed_macs_uninit(struct tenant_allowed_macs *);

/* An IP address range that a VM interface's MACs may speak for
 * (external_ids:attached-ips): the IP source, ARP sender and neighbor
 * advertisement target of their frames. */
struct tenant_ip_entry {
    struct eth_addr mac;            /* The MAC, or MACs, that may use it: */
    struct eth_addr mac_mask;       /* those that equal 'mac' under this. */
    struct in6_addr addr;           /* IPv4 as an IPv4-mapped address. */
    struct in6_addr mask;
};

/* A VM interface's attached-ips.  'declared' is false if the key is absent:
 * the port's frames are then checked by MAC alone.  Declared and empty:
 * the port may send IP only to get an address (DHCP, IPv6 duplicate
 * address detection, its MACs' link-local addresses). */
struct tenant_attached_ips {
    bool declared;
    struct tenant_ip_entry *entries;
    size_t n;
};

char *tenant_iface_parse_attached_ips(const struct smap *keys,
                                      const struct lnid_set *lnids,
                                      struct tenant_attached_ips *)
    OVS_WARN_UNUSED_RESULT;
void tenant_attached_ips_clone(struct tenant_attached_ips *dst,
                               const struct tenant_attached_ips *src);
void tenant_attached_ips_uninit(struct tenant_attached_ips *);
bool tenant_attached_ips_equal(const struct tenant_attached_ips *,
                               const struct tenant_attached_ips *);

void tenant_iface_get_keys(const struct smap *external_ids, struct smap *);

/* The external_ids key of a global interface's egress LNIDs, and its value
 * for "none" (also that of TENANT_INGRESS_HOSTS_KEY). */
#define TENANT_EGRESS_KEY "lnid-egress"
#define TENANT_EGRESS_NONE "none"

/* The external_ids key of a trunk's ingress hosts: the hosts whose VMs'
 * MACs it may carry. */
#define TENANT_INGRESS_HOSTS_KEY "lnid-ingress-hosts"

/* The external_ids key of a VM interface's further MACs, and the most
 * MACs it may name (after expanding masks, each of which may leave at most
 * TENANT_ALLOWED_MASK_BITS bits free). */
#define TENANT_ALLOWED_MACS_KEY "allowed-macs"
#define TENANT_ALLOWED_MACS_MAX 4096
#define TENANT_ALLOWED_MASK_BITS 8

/* The external_ids key of a VM interface's IP addresses, and the most
 * entries it may have. */
#define TENANT_ATTACHED_IPS_KEY "attached-ips"
#define TENANT_ATTACHED_IPS_MAX 1024

/* The external_ids key ovs-tenantd sets on a VM's interface that the
 * tenant database does not place on this host, with the reason; the
 * interface then fails closed. */
#define TENANT_REFUSED_KEY "hostvlan-refused"

/* The external_ids key of a Tenant_Binding row: the host of its MAC's VM
 * (see Binding.host in hostvlan(5)). */
#define TENANT_BINDING_HOST_KEY "hostvlan-host"

#endif /* tenant-iface.h */
