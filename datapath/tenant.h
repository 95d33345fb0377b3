/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (c) 2026 HostVLAN-OVS developers.
 *
 * HostVLAN tenant isolation in the kernel datapath: the per-datapath tenant
 * table (Ethernet address -> set of Logical Network IDs), its generic
 * netlink family and the receive filter of OVS_ACTION_ATTR_CHECK_TENANT.
 */

#ifndef OVS_TENANT_H
#define OVS_TENANT_H 1

#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/bits.h>
#include <linux/types.h>
#include <net/genetlink.h>

struct datapath;
struct sw_flow_key;

/* Most bindings in one datapath's table, as in userspace. */
#define OVS_TENANT_MAX_ENTRIES BIT(21)

/* Drops are counted per destination port; higher port numbers share the
 * last counter.
 */
#define OVS_TENANT_DROP_PORTS 1024

/* The kernel's copy of a check_tenant action's port side, the first
 * attribute (OVS_CHECK_TENANT_ATTR_ARG) of the copied action.
 */
struct ovs_check_tenant_arg {
	u32 out_port;		/* First output of the pass actions. */
	bool global;		/* The port is global. */
	bool exec;		/* Pass actions may run on the original key. */
	u16 n_lnids;
	u32 lnids[];		/* Ascending. */
};

extern struct genl_family dp_tenant_genl_family;

int ovs_tenants_module_init(void);
void ovs_tenants_module_exit(void);
int ovs_tenants_init(struct datapath *dp);
void ovs_tenants_exit(struct datapath *dp);

int ovs_tenant_action_parse(const struct nlattr *attr, bool log,
			    struct ovs_check_tenant_arg **argp,
			    size_t *arg_len,
			    const struct nlattr **actionsp);
int ovs_tenant_arg_to_attrs(const struct ovs_check_tenant_arg *arg,
			    struct sk_buff *skb);
bool ovs_tenant_check(struct datapath *dp, struct sk_buff *skb,
		      const struct sw_flow_key *key,
		      const struct ovs_check_tenant_arg *arg);

#endif /* OVS_TENANT_H */
