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

#ifndef TENANT_NETLINK_H
#define TENANT_NETLINK_H 1

/* The HostVLAN-OVS netlink interface, between userspace and a datapath:
 * the attributes of OVS_ACTION_ATTR_CHECK_TENANT (whose action number is in
 * <linux/openvswitch.h>, with the others) and the "ovs_tenant" generic
 * netlink family that manages each datapath's tenant table.
 *
 * The kernel module has the same numbers in its <linux/openvswitch.h>
 * (datapath/patches/0001-uapi-check-tenant.patch): keep both in step.
 * They are here rather than in userspace's copy of that header so that
 * the patch series changes one line of it, not eighty.
 *
 * OVS_ACTION_ATTR_CHECK_TENANT is 64, far from where upstream adds actions
 * (upstream's kernel is at 25 and appends; OVS userspace-only actions sit
 * just above the kernel's and move up with them), so that neither a future
 * stock kernel nor a future OVS assigns 64 to another action and misreads
 * ours.  Userspace sends it to a kernel datapath only after that datapath
 * has shown it is HostVLAN's, by answering on the OVS_TENANT_FAMILY
 * generic netlink family. */

/**
 * enum ovs_check_tenant_attr - Attributes for %OVS_ACTION_ATTR_CHECK_TENANT.
 *
 * @OVS_CHECK_TENANT_ATTR_LNIDS: Array of u32: the output port's Logical
 * Network IDs, ascending, each 1..OVS_TENANT_LNID_MAX, at most
 * OVS_TENANT_LNIDS_MAX of them.  May be absent (no LNIDs).
 * @OVS_CHECK_TENANT_ATTR_GLOBAL: Flag: the output port is "global".
 * @OVS_CHECK_TENANT_ATTR_ACTIONS: Nested %OVS_ACTION_ATTR_* actions, run on
 * the packet only if the LNIDs that the datapath's tenant table binds to the
 * packet's Ethernet source address intersect the port's, or either side is
 * global.  A packet whose source address is not in the table, or that has
 * no Ethernet header, is dropped.
 */
enum ovs_check_tenant_attr {
    OVS_CHECK_TENANT_ATTR_UNSPEC,
    OVS_CHECK_TENANT_ATTR_LNIDS,    /* u32 array. */
    OVS_CHECK_TENANT_ATTR_GLOBAL,   /* flag. */
    OVS_CHECK_TENANT_ATTR_ACTIONS,  /* Nested OVS_ACTION_ATTR_*. */
    __OVS_CHECK_TENANT_ATTR_MAX
};

#define OVS_CHECK_TENANT_ATTR_MAX (__OVS_CHECK_TENANT_ATTR_MAX - 1)
#define OVS_TENANT_LNID_MAX 0xffffff
#define OVS_TENANT_LNIDS_MAX 64

/* HostVLAN-OVS tenant table.
 *
 * Each datapath holds a table that binds Ethernet source addresses to sets
 * of Logical Network IDs, read by %OVS_ACTION_ATTR_CHECK_TENANT.  Every
 * request starts with a struct ovs_header naming the datapath.  The kernel
 * datapath's generic netlink family (datapath/tenant.c) uses these numbers.
 */
#define OVS_TENANT_FAMILY  "ovs_tenant"
#define OVS_TENANT_VERSION 0x1

/**
 * enum ovs_tenant_cmd - %OVS_TENANT_FAMILY commands.
 * @OVS_TENANT_CMD_FEATURES: Reply carries %OVS_TENANT_ATTR_MAX_ENTRIES,
 * %OVS_TENANT_ATTR_MAX_LNIDS and %OVS_TENANT_ATTR_COUNT.
 * @OVS_TENANT_CMD_SET: Binds %OVS_TENANT_ATTR_MAC to %OVS_TENANT_ATTR_LNIDS
 * (and %OVS_TENANT_ATTR_GLOBAL), replacing any previous binding.
 * @OVS_TENANT_CMD_DEL: Removes the binding of %OVS_TENANT_ATTR_MAC.
 * @OVS_TENANT_CMD_GET: Gets the binding of %OVS_TENANT_ATTR_MAC, or dumps
 * every binding with %NLM_F_DUMP.
 * @OVS_TENANT_CMD_GET_DROPS: Reply carries %OVS_TENANT_ATTR_DROPS, packets
 * that %OVS_ACTION_ATTR_CHECK_TENANT dropped on their way to datapath port
 * %OVS_TENANT_ATTR_PORT_NO.
 */
enum ovs_tenant_cmd {
    OVS_TENANT_CMD_UNSPEC,
    OVS_TENANT_CMD_FEATURES,
    OVS_TENANT_CMD_SET,
    OVS_TENANT_CMD_DEL,
    OVS_TENANT_CMD_GET,
    OVS_TENANT_CMD_GET_DROPS,
};

enum ovs_tenant_attr {
    OVS_TENANT_ATTR_UNSPEC,
    OVS_TENANT_ATTR_MAC,            /* Ethernet address, ETH_ALEN bytes. */
    OVS_TENANT_ATTR_LNIDS,          /* u32 array, as in check_tenant. */
    OVS_TENANT_ATTR_GLOBAL,         /* flag. */
    OVS_TENANT_ATTR_MAX_ENTRIES,    /* u32 */
    OVS_TENANT_ATTR_MAX_LNIDS,      /* u32 */
    OVS_TENANT_ATTR_COUNT,          /* u32 */
    OVS_TENANT_ATTR_PORT_NO,        /* u32 */
    OVS_TENANT_ATTR_DROPS,          /* u64 */
    OVS_TENANT_ATTR_PAD,
    __OVS_TENANT_ATTR_MAX
};

#define OVS_TENANT_ATTR_MAX (__OVS_TENANT_ATTR_MAX - 1)

#endif /* tenant-netlink.h */
