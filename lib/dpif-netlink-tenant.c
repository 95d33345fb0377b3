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
#include "dpif-netlink-tenant.h"

#include <errno.h>
#include "dpif-tenant.h"
#include "netlink.h"
#include "netlink-socket.h"
#include "odp-netlink.h"
#include "odp-util.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovs-thread.h"
#include "tenant.h"
#include "tenant-netlink.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(dpif_netlink_tenant);

/* The family's number, or a positive errno if it does not exist. */
static int
tenant_family(void)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;
    static int family;

    if (ovsthread_once_start(&once)) {
        int error = nl_lookup_genl_family(OVS_TENANT_FAMILY, &family);

        if (error) {
            VLOG_INFO("Generic Netlink family '%s' does not exist: the "
                      "kernel datapath is not HostVLAN-OVS's (%s)",
                      OVS_TENANT_FAMILY, ovs_strerror(error));
            family = -EOPNOTSUPP;
        }
        ovsthread_once_done(&once);
    }
    return family;
}

/* Starts a request 'cmd' about datapath 'dp_ifindex' in 'buf'.  Returns 0
 * or EOPNOTSUPP without the family. */
static int
tenant_request_init(struct ofpbuf *buf, int dp_ifindex, uint8_t cmd,
                    int flags)
{
    struct ovs_header *ovs_header;
    int family = tenant_family();

    if (family < 0) {
        return -family;
    }
    ofpbuf_init(buf, 128);
    nl_msg_put_genlmsghdr(buf, 0, family, NLM_F_REQUEST | flags, cmd,
                          OVS_TENANT_VERSION);
    ovs_header = ofpbuf_put_uninit(buf, sizeof *ovs_header);
    ovs_header->dp_ifindex = dp_ifindex;
    return 0;
}

/* Parses reply 'msg' (headers included) of the family numbered 'family'
 * with 'policy' into 'a'. */
static bool
tenant_reply_parse(const struct ofpbuf *msg, int family,
                   const struct nl_policy *policy,
                   struct nlattr **a, size_t n_a)
{
    struct ofpbuf b = ofpbuf_const_initializer(msg->data, msg->size);
    struct nlmsghdr *nlmsg = ofpbuf_try_pull(&b, sizeof *nlmsg);
    struct genlmsghdr *genl = ofpbuf_try_pull(&b, sizeof *genl);
    struct ovs_header *ovs_header = ofpbuf_try_pull(&b, sizeof *ovs_header);

    return (nlmsg && genl && ovs_header
            && nlmsg->nlmsg_type == family
            && nl_policy_parse(&b, 0, policy, a, n_a));
}

/* Runs 'request' (and uninitializes it) and returns its reply in
 * '*reply', for the caller to delete. */
static int
tenant_transact(struct ofpbuf *request, struct ofpbuf **reply)
{
    int error = nl_transact(NETLINK_GENERIC, request, reply);

    ofpbuf_uninit(request);
    return error;
}

/* Decodes 'msg', a reply to OVS_TENANT_CMD_FEATURES of the family numbered
 * 'family'.  Returns false if it is malformed. */
bool
dpif_netlink_tenant_parse_features(const struct ofpbuf *msg, int family,
                                   uint32_t *max_entries, uint32_t *max_lnids)
{
    static const struct nl_policy policy[] = {
        [OVS_TENANT_ATTR_MAX_ENTRIES] = { .type = NL_A_U32 },
        [OVS_TENANT_ATTR_MAX_LNIDS] = { .type = NL_A_U32 },
    };
    struct nlattr *a[ARRAY_SIZE(policy)];

    *max_entries = *max_lnids = 0;
    if (!tenant_reply_parse(msg, family, policy, a, ARRAY_SIZE(policy))) {
        return false;
    }
    *max_entries = nl_attr_get_u32(a[OVS_TENANT_ATTR_MAX_ENTRIES]);
    *max_lnids = nl_attr_get_u32(a[OVS_TENANT_ATTR_MAX_LNIDS]);
    return true;
}

static int
tenant_get_features(int dp_ifindex, uint32_t *max_entries,
                    uint32_t *max_lnids)
{
    struct ofpbuf request, *reply;
    int error;

    *max_entries = *max_lnids = 0;
    error = tenant_request_init(&request, dp_ifindex,
                                OVS_TENANT_CMD_FEATURES, NLM_F_ECHO);
    if (!error) {
        error = tenant_transact(&request, &reply);
    }
    if (!error) {
        if (!dpif_netlink_tenant_parse_features(reply, tenant_family(),
                                                max_entries, max_lnids)) {
            error = EPROTO;
        }
        ofpbuf_delete(reply);
    }
    return error;
}

/* Binds 'mac' to 'lnids' in the kernel's table, or unbinds it if 'lnids' is
 * null (ENOENT if it was not bound). */
static int
tenant_set(int dp_ifindex, struct eth_addr mac, const struct lnid_set *lnids)
{
    struct ofpbuf request;
    int error;

    error = tenant_request_init(&request, dp_ifindex,
                                (lnids ? OVS_TENANT_CMD_SET
                                 : OVS_TENANT_CMD_DEL), NLM_F_ACK);
    if (error) {
        return error;
    }
    nl_msg_put_unspec(&request, OVS_TENANT_ATTR_MAC, &mac, sizeof mac);
    if (lnids) {
        if (lnids->n) {
            nl_msg_put_unspec(&request, OVS_TENANT_ATTR_LNIDS, lnids->lnids,
                              lnids->n * sizeof lnids->lnids[0]);
        }
        if (lnids->global) {
            nl_msg_put_flag(&request, OVS_TENANT_ATTR_GLOBAL);
        }
    }
    error = nl_transact(NETLINK_GENERIC, &request, NULL);
    ofpbuf_uninit(&request);
    return error;
}

/* Decodes 'msg', one binding of a reply to OVS_TENANT_CMD_GET of the
 * family numbered 'family', into 'b' (whose 'lnids' the caller must free).
 * Returns false if it is malformed. */
bool
dpif_netlink_tenant_parse_binding(const struct ofpbuf *msg, int family,
                                  struct tenant_binding *b)
{
    static const struct nl_policy policy[] = {
        [OVS_TENANT_ATTR_MAC] = { .type = NL_A_UNSPEC,
                                  .min_len = ETH_ADDR_LEN,
                                  .max_len = ETH_ADDR_LEN },
        [OVS_TENANT_ATTR_LNIDS] = { .type = NL_A_UNSPEC, .optional = true,
                                    .max_len = LNID_SET_MAX
                                               * sizeof(uint32_t) },
        [OVS_TENANT_ATTR_GLOBAL] = { .type = NL_A_FLAG, .optional = true },
    };
    struct nlattr *a[ARRAY_SIZE(policy)];
    const uint32_t *lnids = NULL;
    size_t n = 0;

    if (!tenant_reply_parse(msg, family, policy, a, ARRAY_SIZE(policy))) {
        return false;
    }
    memcpy(&b->mac, nl_attr_get(a[OVS_TENANT_ATTR_MAC]), ETH_ADDR_LEN);
    if (a[OVS_TENANT_ATTR_LNIDS]) {
        size_t size = nl_attr_get_size(a[OVS_TENANT_ATTR_LNIDS]);

        lnids = nl_attr_get(a[OVS_TENANT_ATTR_LNIDS]);
        n = size / sizeof *lnids;
        if (size % sizeof *lnids || !lnid_array_is_valid(lnids, n)) {
            return false;
        }
    }
    b->lnids = lnid_set_create(a[OVS_TENANT_ATTR_GLOBAL] != NULL, lnids, n);
    b->host = NULL;
    return true;
}

static int
tenant_dump(int dp_ifindex, struct tenant_binding **bindings, size_t *n)
{
    uint64_t reply_stub[NL_DUMP_BUFSIZE / 8];
    struct ofpbuf request, reply, buf;
    size_t allocated = 0;
    struct nl_dump dump;
    int error;

    *bindings = NULL;
    *n = 0;
    error = tenant_request_init(&request, dp_ifindex, OVS_TENANT_CMD_GET, 0);
    if (error) {
        return error;
    }
    nl_dump_start(&dump, NETLINK_GENERIC, &request);
    ofpbuf_uninit(&request);
    ofpbuf_use_stub(&buf, reply_stub, sizeof reply_stub);
    while (nl_dump_next(&dump, &reply, &buf)) {
        struct tenant_binding b;

        if (!dpif_netlink_tenant_parse_binding(&reply, tenant_family(),
                                               &b)) {
            error = EPROTO;
            continue;
        }
        if (*n >= allocated) {
            *bindings = x2nrealloc(*bindings, &allocated, sizeof **bindings);
        }
        (*bindings)[(*n)++] = b;
    }
    ofpbuf_uninit(&buf);
    int dump_error = nl_dump_done(&dump);
    if (dump_error) {
        error = dump_error;
    }
    if (error) {
        tenant_bindings_destroy(*bindings, *n);
        *bindings = NULL;
        *n = 0;
    }
    return error;
}

/* Decodes 'msg', a reply to OVS_TENANT_CMD_GET_DROPS of the family
 * numbered 'family', into '*n'.  Returns false if it is malformed. */
bool
dpif_netlink_tenant_parse_drops(const struct ofpbuf *msg, int family,
                                uint64_t *n)
{
    static const struct nl_policy policy[] = {
        [OVS_TENANT_ATTR_DROPS] = { .type = NL_A_U64 },
    };
    struct nlattr *a[ARRAY_SIZE(policy)];

    *n = 0;
    if (!tenant_reply_parse(msg, family, policy, a, ARRAY_SIZE(policy))) {
        return false;
    }
    *n = nl_attr_get_u64(a[OVS_TENANT_ATTR_DROPS]);
    return true;
}

static int
tenant_get_drops(int dp_ifindex, odp_port_t port, uint64_t *n)
{
    struct ofpbuf request, *reply;
    int error;

    *n = 0;
    error = tenant_request_init(&request, dp_ifindex,
                                OVS_TENANT_CMD_GET_DROPS, NLM_F_ECHO);
    if (error) {
        return error;
    }
    nl_msg_put_u32(&request, OVS_TENANT_ATTR_PORT_NO, odp_to_u32(port));
    error = tenant_transact(&request, &reply);
    if (!error) {
        if (!dpif_netlink_tenant_parse_drops(reply, tenant_family(), n)) {
            error = EPROTO;
        }
        ofpbuf_delete(reply);
    }
    return error;
}

/* The dpif layer's tenant table functions (dpif-tenant.h). */

static int
netlink_get_features(struct dpif *dpif, uint32_t *max_entries,
                     uint32_t *max_lnids)
{
    return tenant_get_features(dpif_netlink_get_dp_ifindex(dpif),
                               max_entries, max_lnids);
}

static int
netlink_set(struct dpif *dpif, struct eth_addr mac,
            const struct lnid_set *lnids)
{
    return tenant_set(dpif_netlink_get_dp_ifindex(dpif), mac, lnids);
}

static int
netlink_dump(struct dpif *dpif, struct tenant_binding **bindings, size_t *n)
{
    return tenant_dump(dpif_netlink_get_dp_ifindex(dpif), bindings, n);
}

static int
netlink_get_drops(struct dpif *dpif, odp_port_t port, uint64_t *n)
{
    return tenant_get_drops(dpif_netlink_get_dp_ifindex(dpif), port, n);
}

/* A stock kernel has no ovs_tenant family: each function then returns
 * EOPNOTSUPP, which says that the datapath has no tenant table. */
const struct dpif_tenant_class dpif_netlink_tenant_class = {
    .get_features = netlink_get_features,
    .set = netlink_set,
    .dump = netlink_dump,
    .get_drops = netlink_get_drops,
};
