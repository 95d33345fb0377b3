// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (c) 2026 HostVLAN-OVS developers.
 *
 * HostVLAN tenant isolation in the kernel datapath.
 *
 * Each datapath owns a tenant table that binds Ethernet addresses to sets
 * of Logical Network IDs (LNIDs).  OVS_ACTION_ATTR_CHECK_TENANT carries the
 * LNIDs of the port a packet is headed for and runs its nested actions
 * only if the LNIDs bound to the packet's source address intersect them,
 * or either side is global.  Unknown sources are dropped: isolation fails
 * closed.  Userspace programs the table through the "ovs_tenant" generic
 * netlink family; packets read it under RCU without locking or allocating.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/openvswitch.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "compat.h"
#include "datapath.h"
#include "flow.h"
#include "tenant.h"

struct ovs_tenant_entry {
	struct rhash_head node;
	u8 mac[ETH_ALEN];
	bool global;
	u16 n_lnids;
	struct rcu_head rcu;
	u32 lnids[];		/* Ascending. */
};

struct ovs_tenant_drops {
	u64 by_port[OVS_TENANT_DROP_PORTS];
};

/* Each CPU remembers its recent source lookups, so that a flow's packets
 * from one VM do not hash into a table of a million entries each time.
 * A slot holds while the table's generation equals the one it was filled
 * under.  Every change bumps the generation before it frees an entry, so a
 * reader that still sees a slot's generation runs in an RCU read-side
 * section that began before the free was queued: the entry is still there.
 */
#define OVS_TENANT_SRC_SLOTS 64

struct ovs_tenant_src_slot {
	u64 mac;				/* tenant_mac_key() */
	u64 generation;				/* 0: never filled. */
	const struct ovs_tenant_entry *entry;	/* NULL: unknown source. */
};

struct ovs_tenant_src_cache {
	struct ovs_tenant_src_slot slots[OVS_TENANT_SRC_SLOTS];
};

struct ovs_tenant_table {
	struct rhashtable entries;
	u32 max_entries;
	atomic64_t generation;		/* Starts at 1, bumped by changes. */
	struct ovs_tenant_drops __percpu *drops;
	struct ovs_tenant_src_cache __percpu *src_cache;
	refcount_t refcnt;		/* The datapath's, and each dump's. */
	struct rcu_work free_work;	/* Frees the table once unreferenced. */
};

/* Frees unpublished tables after a grace period, in process context:
 * destroying an rhashtable may sleep.  Drained at module unload.
 */
static struct workqueue_struct *tenant_free_wq;

static unsigned int max_tenant_entries = OVS_TENANT_MAX_ENTRIES;
module_param(max_tenant_entries, uint, 0644);
MODULE_PARM_DESC(max_tenant_entries,
		 "Most bindings in a datapath's tenant table, read when the datapath is created");

static const struct rhashtable_params tenant_params = {
	.key_len = ETH_ALEN,
	.key_offset = offsetof(struct ovs_tenant_entry, mac),
	.head_offset = offsetof(struct ovs_tenant_entry, node),
	.automatic_shrinking = true,
};

int ovs_tenants_init(struct datapath *dp)
{
	struct ovs_tenant_table *tbl;
	int err;

	tbl = kzalloc(sizeof(*tbl), GFP_KERNEL_ACCOUNT);
	if (!tbl)
		return -ENOMEM;

	tbl->drops = alloc_percpu_gfp(struct ovs_tenant_drops,
				      GFP_KERNEL_ACCOUNT);
	if (!tbl->drops) {
		err = -ENOMEM;
		goto err_free_tbl;
	}

	tbl->src_cache = alloc_percpu_gfp(struct ovs_tenant_src_cache,
					  GFP_KERNEL_ACCOUNT);
	if (!tbl->src_cache) {
		err = -ENOMEM;
		goto err_free_drops;
	}

	err = rhashtable_init(&tbl->entries, &tenant_params);
	if (err)
		goto err_free_src_cache;
	atomic64_set(&tbl->generation, 1);
	refcount_set(&tbl->refcnt, 1);

	tbl->max_entries = clamp_t(unsigned int, READ_ONCE(max_tenant_entries),
				   1, OVS_TENANT_MAX_ENTRIES);
	rcu_assign_pointer(dp->tenants, tbl);
	return 0;

err_free_src_cache:
	free_percpu(tbl->src_cache);
err_free_drops:
	free_percpu(tbl->drops);
err_free_tbl:
	kfree(tbl);
	return err;
}

static void tenant_entry_free(void *ptr, void *arg)
{
	kfree(ptr);
}

static void tenant_table_free(struct work_struct *work)
{
	struct ovs_tenant_table *tbl;

	tbl = container_of(to_rcu_work(work), struct ovs_tenant_table,
			   free_work);
	rhashtable_free_and_destroy(&tbl->entries, tenant_entry_free, NULL);
	free_percpu(tbl->src_cache);
	free_percpu(tbl->drops);
	kfree(tbl);
}

/* Drops a reference to 'tbl'.  Packets in flight may still be reading
 * the table, so the last reference frees it after a grace period, without
 * making every other datapath operation wait for one.
 */
static void tenant_table_put(struct ovs_tenant_table *tbl)
{
	if (refcount_dec_and_test(&tbl->refcnt)) {
		INIT_RCU_WORK(&tbl->free_work, tenant_table_free);
		queue_rcu_work(tenant_free_wq, &tbl->free_work);
	}
}

/* Called with ovs_mutex held, or before 'dp' was published.  A dump in
 * progress keeps the table until it is done.
 */
void ovs_tenants_exit(struct datapath *dp)
{
	struct ovs_tenant_table *tbl = rcu_dereference_raw(dp->tenants);

	if (!tbl)
		return;

	RCU_INIT_POINTER(dp->tenants, NULL);
	tenant_table_put(tbl);
}

int ovs_tenants_module_init(void)
{
	tenant_free_wq = alloc_workqueue("ovs_tenant_free", WQ_UNBOUND, 0);
	return tenant_free_wq ? 0 : -ENOMEM;
}

/* Called after every datapath is gone and rcu_barrier(), so that every
 * table's free work is queued; waits for them to finish.
 */
void ovs_tenants_module_exit(void)
{
	destroy_workqueue(tenant_free_wq);
}

/* True if LNID sets 'a' and 'b', both ascending, share an element. */
static bool lnids_intersect(const u32 *a, u16 n_a, const u32 *b, u16 n_b)
{
	u16 i = 0, j = 0;

	while (i < n_a && j < n_b) {
		if (a[i] == b[j])
			return true;
		if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return false;
}

static void tenant_count_drop(struct ovs_tenant_table *tbl, u32 port)
{
	u32 slot = min_t(u32, port, OVS_TENANT_DROP_PORTS - 1);

	this_cpu_inc(tbl->drops->by_port[slot]);
}

/* Invalidates every CPU's source cache.  Called with ovs_mutex held, after
 * a change is in the table and before any entry it replaced is freed.
 */
static void tenant_table_changed(struct ovs_tenant_table *tbl)
{
	atomic64_set_release(&tbl->generation,
			     atomic64_read(&tbl->generation) + 1);
}

/* Frees 'entry', just taken out of 'tbl', once no reader can hold it.  The
 * generation moves first: a per-CPU cache slot that still points to the
 * entry is then stale, and a reader that saw the old generation is in an
 * RCU read-side section that began before the free was queued.
 */
static void tenant_entry_retire(struct ovs_tenant_table *tbl,
				struct ovs_tenant_entry *entry)
{
	tenant_table_changed(tbl);
	kfree_rcu(entry, rcu);
}

/* 'mac' as one integer, in two loads: only ever compared with itself. */
static u64 tenant_mac_key(const u8 *mac)
{
	return (u64)get_unaligned((const u32 *)mac) << 16 |
	       get_unaligned((const u16 *)(mac + 4));
}

/* The entry bound to source address 'mac', or NULL.  Runs with bottom
 * halves off, as actions do, so this CPU's cache is ours alone.
 */
static const struct ovs_tenant_entry *
tenant_lookup_source(struct ovs_tenant_table *tbl, const u8 *mac)
{
	u64 generation = atomic64_read_acquire(&tbl->generation);
	struct ovs_tenant_src_cache *cache = this_cpu_ptr(tbl->src_cache);
	u64 key = tenant_mac_key(mac);
	struct ovs_tenant_src_slot *slot;

	slot = &cache->slots[hash_64(key, ilog2(OVS_TENANT_SRC_SLOTS))];
	if (slot->generation != generation || slot->mac != key) {
		slot->entry = rhashtable_lookup(&tbl->entries, mac,
						tenant_params);
		slot->mac = key;
		slot->generation = generation;
	}
	return slot->entry;
}

/* The source MAC that 'skb' carries, or NULL if it has no Ethernet
 * header.  The key follows set actions, but push_eth, pop_eth and the MPLS
 * actions only mark it invalid and leave its addresses stale (for a packet
 * from an L3 port they were never filled in): then read the packet.
 */
static const u8 *tenant_packet_source(const struct sk_buff *skb,
				      const struct sw_flow_key *key)
{
	if (ovs_key_mac_proto(key) != MAC_PROTO_ETHERNET)
		return NULL;
	if (!(key->mac_proto & SW_FLOW_KEY_INVALID))
		return key->eth.src;
	if (!skb_mac_header_was_set(skb) || skb->mac_len < ETH_HLEN)
		return NULL;
	return eth_hdr(skb)->h_source;
}

/* The receive filter: true if 'skb' may go on to the port described by
 * 'arg'.  Must be called under RCU, as every action is.
 */
bool ovs_tenant_check(struct datapath *dp, struct sk_buff *skb,
		      const struct sw_flow_key *key,
		      const struct ovs_check_tenant_arg *arg)
{
	struct ovs_tenant_table *tbl = rcu_dereference(dp->tenants);
	const struct ovs_tenant_entry *entry;
	const u8 *src;

	if (unlikely(!tbl))
		return false;

	src = tenant_packet_source(skb, key);
	if (!src)
		goto drop;

	entry = tenant_lookup_source(tbl, src);
	if (entry &&
	    (entry->global || arg->global ||
	     lnids_intersect(entry->lnids, entry->n_lnids,
			     arg->lnids, arg->n_lnids)))
		return true;

drop:
	tenant_count_drop(tbl, arg->out_port);
	return false;
}

static const struct nla_policy check_tenant_policy[OVS_CHECK_TENANT_ATTR_MAX + 1] = {
	[OVS_CHECK_TENANT_ATTR_LNIDS] = { .type = NLA_BINARY,
					  .len = OVS_TENANT_LNIDS_MAX * sizeof(u32) },
	[OVS_CHECK_TENANT_ATTR_GLOBAL] = { .type = NLA_FLAG },
	[OVS_CHECK_TENANT_ATTR_ACTIONS] = { .type = NLA_NESTED },
};

/* Validates an LNID array attribute: a multiple of 4 bytes, at most
 * OVS_TENANT_LNIDS_MAX LNIDs, each 1..OVS_TENANT_LNID_MAX, strictly
 * ascending.  Returns the number of LNIDs or a negative errno.
 */
static int tenant_lnids_validate(const struct nlattr *attr)
{
	const u32 *lnids;
	int i, n;

	if (!attr)
		return 0;
	if (nla_len(attr) % sizeof(u32) ||
	    nla_len(attr) > OVS_TENANT_LNIDS_MAX * sizeof(u32))
		return -EINVAL;

	lnids = nla_data(attr);
	n = nla_len(attr) / sizeof(u32);
	for (i = 0; i < n; i++) {
		if (!lnids[i] || lnids[i] > OVS_TENANT_LNID_MAX ||
		    (i && lnids[i] <= lnids[i - 1]))
			return -EINVAL;
	}
	return n;
}

/* The first output port of 'actions', for drop counters. */
static u32 tenant_out_port(const struct nlattr *actions)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, actions, rem) {
		if (nla_type(a) == OVS_ACTION_ATTR_OUTPUT &&
		    nla_len(a) == sizeof(u32))
			return nla_get_u32(a);
	}
	return OVS_TENANT_DROP_PORTS - 1;
}

/* Validates check_tenant action 'attr' from userspace.  On success stores
 * in '*argp' a kmalloc'ed kernel argument of '*arg_len' bytes (the caller
 * frees it) and in '*actionsp' the nested pass actions, still to be
 * validated by the caller.
 */
int ovs_tenant_action_parse(const struct nlattr *attr, bool log,
			    struct ovs_check_tenant_arg **argp,
			    size_t *arg_len,
			    const struct nlattr **actionsp)
{
	struct nlattr *a[OVS_CHECK_TENANT_ATTR_MAX + 1];
	struct ovs_check_tenant_arg *arg;
	int err, n;

	/* Strict about unknown attributes and trailing bytes; Open vSwitch
	 * userspace does not set NLA_F_NESTED, as for every other action.
	 */
	err = nla_parse_deprecated_strict(a, OVS_CHECK_TENANT_ATTR_MAX,
					  nla_data(attr), nla_len(attr),
					  check_tenant_policy, NULL);
	if (err) {
		OVS_NLERR(log, "Malformed check_tenant action");
		return err;
	}

	n = tenant_lnids_validate(a[OVS_CHECK_TENANT_ATTR_LNIDS]);
	if (n < 0 || !a[OVS_CHECK_TENANT_ATTR_ACTIONS]) {
		OVS_NLERR(log, "Invalid check_tenant LNIDs or no actions");
		return -EINVAL;
	}

	*arg_len = struct_size(arg, lnids, n);
	arg = kzalloc(*arg_len, GFP_KERNEL);
	if (!arg)
		return -ENOMEM;

	arg->global = nla_get_flag(a[OVS_CHECK_TENANT_ATTR_GLOBAL]);
	arg->n_lnids = n;
	if (n)
		memcpy(arg->lnids, nla_data(a[OVS_CHECK_TENANT_ATTR_LNIDS]),
		       n * sizeof(u32));
	arg->out_port = tenant_out_port(a[OVS_CHECK_TENANT_ATTR_ACTIONS]);

	*argp = arg;
	*actionsp = a[OVS_CHECK_TENANT_ATTR_ACTIONS];
	return 0;
}

/* Puts the userspace form of 'arg' (LNIDs, global flag) into 'skb'. */
int ovs_tenant_arg_to_attrs(const struct ovs_check_tenant_arg *arg,
			    struct sk_buff *skb)
{
	if (arg->n_lnids &&
	    nla_put(skb, OVS_CHECK_TENANT_ATTR_LNIDS,
		    arg->n_lnids * sizeof(u32), arg->lnids))
		return -EMSGSIZE;
	if (arg->global && nla_put_flag(skb, OVS_CHECK_TENANT_ATTR_GLOBAL))
		return -EMSGSIZE;
	return 0;
}

/* Generic netlink family. */

static const struct nla_policy tenant_policy[OVS_TENANT_ATTR_MAX + 1] = {
	[OVS_TENANT_ATTR_MAC] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[OVS_TENANT_ATTR_LNIDS] = { .type = NLA_BINARY,
				    .len = OVS_TENANT_LNIDS_MAX * sizeof(u32) },
	[OVS_TENANT_ATTR_GLOBAL] = { .type = NLA_FLAG },
	[OVS_TENANT_ATTR_MAX_ENTRIES] = { .type = NLA_U32 },
	[OVS_TENANT_ATTR_MAX_LNIDS] = { .type = NLA_U32 },
	[OVS_TENANT_ATTR_COUNT] = { .type = NLA_U32 },
	[OVS_TENANT_ATTR_PORT_NO] = { .type = NLA_U32 },
	[OVS_TENANT_ATTR_DROPS] = { .type = NLA_U64 },
};

static struct sk_buff *tenant_reply_start(struct genl_info *info, u8 cmd,
					  struct ovs_header **reply_header)
{
	struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);

	*reply_header = genlmsg_put(skb, info->snd_portid, info->snd_seq,
				    &dp_tenant_genl_family, 0, cmd);
	if (!*reply_header) {
		nlmsg_free(skb);
		return ERR_PTR(-EMSGSIZE);
	}
	(*reply_header)->dp_ifindex = ovs_header->dp_ifindex;
	return skb;
}

/* Called with ovs_mutex held: releases it, then sends 'reply' or, on
 * 'err', frees it and returns 'err'.
 */
static int tenant_reply_finish(struct sk_buff *reply,
			       struct ovs_header *reply_header,
			       struct genl_info *info, int err)
{
	ovs_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	genlmsg_end(reply, reply_header);
	return genlmsg_reply(reply, info);
}

/* The tenant table of the datapath named in 'info', with ovs_mutex held. */
static struct ovs_tenant_table *tenant_table_get(struct sk_buff *skb,
						 struct genl_info *info)
{
	struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct datapath *dp;

	dp = get_dp(sock_net(skb->sk), ovs_header->dp_ifindex);
	return dp ? ovsl_dereference(dp->tenants) : NULL;
}

static int tenant_entry_put(struct sk_buff *skb,
			    const struct ovs_tenant_entry *entry)
{
	if (nla_put(skb, OVS_TENANT_ATTR_MAC, ETH_ALEN, entry->mac))
		return -EMSGSIZE;
	if (entry->n_lnids &&
	    nla_put(skb, OVS_TENANT_ATTR_LNIDS,
		    entry->n_lnids * sizeof(u32), entry->lnids))
		return -EMSGSIZE;
	if (entry->global && nla_put_flag(skb, OVS_TENANT_ATTR_GLOBAL))
		return -EMSGSIZE;
	return 0;
}

static int ovs_tenant_cmd_features(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_header *reply_header;
	struct ovs_tenant_table *tbl;
	struct sk_buff *reply;
	int err = -ENODEV;

	reply = tenant_reply_start(info, OVS_TENANT_CMD_FEATURES,
				   &reply_header);
	if (IS_ERR(reply))
		return PTR_ERR(reply);

	ovs_lock();
	tbl = tenant_table_get(skb, info);
	if (!tbl)
		goto out;

	err = -EMSGSIZE;
	if (nla_put_u32(reply, OVS_TENANT_ATTR_MAX_ENTRIES, tbl->max_entries) ||
	    nla_put_u32(reply, OVS_TENANT_ATTR_MAX_LNIDS, OVS_TENANT_LNIDS_MAX) ||
	    nla_put_u32(reply, OVS_TENANT_ATTR_COUNT,
			atomic_read(&tbl->entries.nelems)))
		goto out;
	err = 0;
out:
	return tenant_reply_finish(reply, reply_header, info, err);
}

static struct ovs_tenant_entry *tenant_entry_create(struct nlattr **a)
{
	struct ovs_tenant_entry *entry;
	int n;

	n = tenant_lnids_validate(a[OVS_TENANT_ATTR_LNIDS]);
	if (n < 0)
		return ERR_PTR(n);

	entry = kzalloc(struct_size(entry, lnids, n), GFP_KERNEL_ACCOUNT);
	if (!entry)
		return ERR_PTR(-ENOMEM);

	memcpy(entry->mac, nla_data(a[OVS_TENANT_ATTR_MAC]), ETH_ALEN);
	entry->global = nla_get_flag(a[OVS_TENANT_ATTR_GLOBAL]);
	entry->n_lnids = n;
	if (n)
		memcpy(entry->lnids, nla_data(a[OVS_TENANT_ATTR_LNIDS]),
		       n * sizeof(u32));
	return entry;
}

static int ovs_tenant_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_tenant_entry *entry, *old;
	struct ovs_tenant_table *tbl;
	struct nlattr **a = info->attrs;
	int err;

	if (!a[OVS_TENANT_ATTR_MAC] ||
	    !is_valid_ether_addr(nla_data(a[OVS_TENANT_ATTR_MAC])))
		return -EINVAL;

	entry = tenant_entry_create(a);
	if (IS_ERR(entry))
		return PTR_ERR(entry);

	ovs_lock();
	tbl = tenant_table_get(skb, info);
	if (!tbl) {
		err = -ENODEV;
		goto err_unlock;
	}

	old = rhashtable_lookup_fast(&tbl->entries, entry->mac, tenant_params);
	if (old) {
		err = rhashtable_replace_fast(&tbl->entries, &old->node,
					      &entry->node, tenant_params);
		if (err)
			goto err_unlock;
		tenant_entry_retire(tbl, old);
	} else {
		err = -ENOSPC;
		if (atomic_read(&tbl->entries.nelems) >= tbl->max_entries)
			goto err_unlock;
		err = rhashtable_insert_fast(&tbl->entries, &entry->node,
					     tenant_params);
		if (err)
			goto err_unlock;
		tenant_table_changed(tbl);
	}
	ovs_unlock();
	return 0;

err_unlock:
	ovs_unlock();
	kfree(entry);
	return err;
}

static int ovs_tenant_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_tenant_entry *entry;
	struct ovs_tenant_table *tbl;
	struct nlattr **a = info->attrs;
	int err = -ENODEV;

	if (!a[OVS_TENANT_ATTR_MAC])
		return -EINVAL;

	ovs_lock();
	tbl = tenant_table_get(skb, info);
	if (!tbl)
		goto out;

	err = -ENOENT;
	entry = rhashtable_lookup_fast(&tbl->entries,
				       nla_data(a[OVS_TENANT_ATTR_MAC]),
				       tenant_params);
	if (!entry)
		goto out;

	err = rhashtable_remove_fast(&tbl->entries, &entry->node,
				     tenant_params);
	if (!err)
		tenant_entry_retire(tbl, entry);
out:
	ovs_unlock();
	return err;
}

static int ovs_tenant_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_header *reply_header;
	struct ovs_tenant_entry *entry;
	struct ovs_tenant_table *tbl;
	struct nlattr **a = info->attrs;
	struct sk_buff *reply;
	int err;

	if (!a[OVS_TENANT_ATTR_MAC])
		return -EINVAL;

	reply = tenant_reply_start(info, OVS_TENANT_CMD_GET, &reply_header);
	if (IS_ERR(reply))
		return PTR_ERR(reply);

	ovs_lock();
	tbl = tenant_table_get(skb, info);
	err = -ENODEV;
	if (!tbl)
		goto out;

	entry = rhashtable_lookup_fast(&tbl->entries,
				       nla_data(a[OVS_TENANT_ATTR_MAC]),
				       tenant_params);
	err = -ENOENT;
	if (!entry)
		goto out;

	err = tenant_entry_put(reply, entry);
	if (err)
		goto out;
	err = 0;
out:
	return tenant_reply_finish(reply, reply_header, info, err);
}

/* Appends one dump message for 'entry' to 'skb'; -EMSGSIZE when full. */
static int tenant_dump_entry(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct ovs_tenant_entry *entry)
{
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	struct ovs_header *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &dp_tenant_genl_family, NLM_F_MULTI,
			  OVS_TENANT_CMD_GET);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = ovs_header->dp_ifindex;
	if (tenant_entry_put(skb, entry)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* A dump in progress, in cb->args[0]: it holds a reference to the table,
 * so that the walker can leave it after the datapath is gone, and
 * remembers the entry that did not fit in the last part (compared, never
 * dereferenced) and its MAC.
 */
struct tenant_dump {
	struct ovs_tenant_table *tbl;
	struct rhashtable_iter iter;
	const struct ovs_tenant_entry *cur;
	u8 mac[ETH_ALEN];
};

static int ovs_tenant_dump_start(struct netlink_callback *cb)
{
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	struct ovs_tenant_table *tbl;
	struct tenant_dump *dump;
	struct datapath *dp;

	dump = kzalloc(sizeof(*dump), GFP_KERNEL);
	if (!dump)
		return -ENOMEM;

	ovs_lock();
	dp = get_dp(sock_net(cb->skb->sk), ovs_header->dp_ifindex);
	tbl = dp ? ovsl_dereference(dp->tenants) : NULL;
	if (tbl) {
		refcount_inc(&tbl->refcnt);
		rhashtable_walk_enter(&tbl->entries, &dump->iter);
	}
	ovs_unlock();

	if (!tbl) {
		kfree(dump);
		return -ENODEV;
	}
	dump->tbl = tbl;
	cb->args[0] = (long)dump;
	return 0;
}

/* Whether the walker of 'dump' would lose its place: the entry it stopped
 * at is no longer in the table, as the same object.  The walker then
 * counts its way along the bucket, and a deletion ahead of it there would
 * make it skip an entry that stayed.
 */
static bool tenant_dump_lost(const struct tenant_dump *dump)
{
	return dump->cur &&
	       rhashtable_lookup_fast(&dump->tbl->entries, dump->mac,
				      tenant_params) != dump->cur;
}

/* Each part of a dump goes on with the walker where the last part left
 * it: the entry that did not fit stays the walker's current one, and the
 * next part begins with it.  If that entry went meanwhile, or a resize
 * happened, the walk starts over: entries may repeat, but none that stays
 * in the table throughout is missed.
 */
static int ovs_tenant_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct tenant_dump *dump = (struct tenant_dump *)cb->args[0];
	struct ovs_tenant_entry *entry;

	rhashtable_walk_start(&dump->iter);
	if (tenant_dump_lost(dump)) {
		rhashtable_walk_stop(&dump->iter);
		rhashtable_walk_exit(&dump->iter);
		rhashtable_walk_enter(&dump->tbl->entries, &dump->iter);
		rhashtable_walk_start(&dump->iter);
	}
	dump->cur = NULL;
	for (entry = rhashtable_walk_peek(&dump->iter); entry;
	     entry = rhashtable_walk_next(&dump->iter)) {
		if (IS_ERR(entry)) {
			if (PTR_ERR(entry) == -EAGAIN)
				continue;
			break;
		}
		if (tenant_dump_entry(skb, cb, entry)) {
			dump->cur = entry;
			ether_addr_copy(dump->mac, entry->mac);
			break;
		}
	}
	rhashtable_walk_stop(&dump->iter);

	return skb->len;
}

static int ovs_tenant_dump_done(struct netlink_callback *cb)
{
	struct tenant_dump *dump = (struct tenant_dump *)cb->args[0];

	if (dump) {
		rhashtable_walk_exit(&dump->iter);
		tenant_table_put(dump->tbl);
		kfree(dump);
	}
	return 0;
}

static int ovs_tenant_cmd_get_drops(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct ovs_header *reply_header;
	struct ovs_tenant_table *tbl;
	struct nlattr **a = info->attrs;
	struct sk_buff *reply;
	u64 drops = 0;
	u32 port;
	int cpu, err;

	if (!a[OVS_TENANT_ATTR_PORT_NO])
		return -EINVAL;
	port = min_t(u32, nla_get_u32(a[OVS_TENANT_ATTR_PORT_NO]),
		     OVS_TENANT_DROP_PORTS - 1);

	reply = tenant_reply_start(info, OVS_TENANT_CMD_GET_DROPS,
				   &reply_header);
	if (IS_ERR(reply))
		return PTR_ERR(reply);

	ovs_lock();
	tbl = tenant_table_get(skb, info);
	err = -ENODEV;
	if (!tbl)
		goto out;

	for_each_possible_cpu(cpu)
		drops += per_cpu_ptr(tbl->drops, cpu)->by_port[port];

	err = -EMSGSIZE;
	if (nla_put_u64_64bit(reply, OVS_TENANT_ATTR_DROPS, drops,
			      OVS_TENANT_ATTR_PAD))
		goto out;
	err = 0;
out:
	return tenant_reply_finish(reply, reply_header, info, err);
}

/* Full genl_ops: the dump has a start and a done. */
static const struct genl_ops dp_tenant_genl_ops[] = {
	{ .cmd = OVS_TENANT_CMD_FEATURES,
	  .flags = 0,			/* OK for unprivileged users. */
	  .doit = ovs_tenant_cmd_features,
	},
	{ .cmd = OVS_TENANT_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,	/* Requires CAP_NET_ADMIN. */
	  .doit = ovs_tenant_cmd_set,
	},
	{ .cmd = OVS_TENANT_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,	/* Requires CAP_NET_ADMIN. */
	  .doit = ovs_tenant_cmd_del,
	},
	/* The bindings are the host's whole MAC-to-tenant map, and the drop
	 * counters tell which tenants talk to whom: root's business only.
	 */
	{ .cmd = OVS_TENANT_CMD_GET,
	  .flags = GENL_UNS_ADMIN_PERM,	/* Requires CAP_NET_ADMIN. */
	  .doit = ovs_tenant_cmd_get,
	  .start = ovs_tenant_dump_start,
	  .dumpit = ovs_tenant_cmd_dump,
	  .done = ovs_tenant_dump_done,
	},
	{ .cmd = OVS_TENANT_CMD_GET_DROPS,
	  .flags = GENL_UNS_ADMIN_PERM,	/* Requires CAP_NET_ADMIN. */
	  .doit = ovs_tenant_cmd_get_drops,
	},
};

struct genl_family dp_tenant_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_TENANT_FAMILY,
	.version = OVS_TENANT_VERSION,
	.maxattr = OVS_TENANT_ATTR_MAX,
	.policy = tenant_policy,
	.netnsok = true,
	.parallel_ops = true,
	.ops = dp_tenant_genl_ops,
	.n_ops = ARRAY_SIZE(dp_tenant_genl_ops),
	.module = THIS_MODULE,
};
