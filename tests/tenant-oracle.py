#! /usr/bin/env python3
# Copyright (c) 2026 HostVLAN-OVS authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""A randomized isolation oracle for HostVLAN-OVS.

Generates random cases (bridges joined by patch ports, ports of every
tenant class, bindings, hostile OpenFlow pipelines, frames, live changes),
runs each through a real ovs-vswitchd on the userspace datapath with
netdev-dummy ports, and checks every frame that any port transmitted
against a small reference model of the policy:

  isolation   a frame reaches port P only if it passed the transmit filter
              of the port it entered by, with the source MAC it had then,
              and that source's LNIDs meet P's (or either is global);
              across a patch port, also only if the patch port in the
              first bridge may receive it and the one in the next bridge
              is a trunk;
  no false    every twin of the case runs on bridges without tenants
  drops       (plain Open vSwitch): a frame that the policy allows to P
              and that the plain bridge delivered to P must also reach P
              on the isolating bridge.

On a violation it shrinks the case (fewer events, flows, groups, ports)
while the violation stays, and prints the seed and the shrunken case as a
ready-to-paste autotest.

Usage: tenant-oracle.py [--seed S] [--cases N] [--mode datapath|translation
       |both] [--schema FILE] [--workdir DIR] [--keep] [--case-out FILE]
       [--verbose] [--datapath-type dummy|system|netdev] [--attach]
       [--settle SECONDS]

By default each case runs on netdev-dummy ports, whose frames the runner
sees exactly.  --datapath-type system runs it on the kernel datapath (and
netdev on the userspace one) with veth pairs as ports, usually --attach'ed
to a system test's daemons; there the runner waits for quiet instead of an
exact barrier and checks isolation only, not false drops.

The ovs-vswitchd, ovsdb-server, ovsdb-tool, ovs-vsctl and ovs-ofctl found
in PATH run the cases (as in the autotests).  Exit status: 0 if no case
broke the policy, 1 if one did, 2 on a runner error.
"""

import argparse
import ipaddress
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

GLOBAL = 'global'
LOCAL_OFPORT = 65534
MAGIC = b'HVOR'
ROUTER_MAC = '52:54:00:00:00:fe'
TIMEOUT = 120           # Seconds for any one command: a hang is an error.


# ---------------------------------------------------------------------
# The reference model.  Deliberately small: it knows the documented rules
# (Documentation/topics/hostvlan.rst, "Model") and nothing of how
# ovs-vswitchd implements them.

class Port(object):
    """An interface of an isolating bridge, as the model sees it.

    'lnids' is a frozenset of ints, GLOBAL, None (no LNIDs) or 'bad' (a
    malformed value: the interface fails closed).  'amac' is its
    external_ids:attached-mac or None.  'peer' names the patch port at
    the other end, for patch ports.  'bond' names the bond (one Port of
    several interfaces) it is a member of, or is None.  'allowed' is its
    external_ids:allowed-macs, a tuple of (mac, lnids or None for the
    port's).  'ips' is its external_ids:attached-ips, a tuple of (mac or
    None for the attached-mac, address or prefix), or None if it has
    none."""

    def __init__(self, name, bridge, ofport, kind, lnids, amac, peer=None,
                 bond=None, allowed=(), ips=None):
        self.name = name
        self.bridge = bridge
        self.ofport = ofport
        self.kind = kind
        self.lnids = lnids
        self.amac = amac
        self.peer = peer
        self.bond = bond
        self.allowed = tuple(allowed)
        self.ips = None if ips is None else tuple(ips)

    def copy(self):
        return Port(self.name, self.bridge, self.ofport, self.kind,
                    self.lnids, self.amac, self.peer, self.bond,
                    self.allowed, self.ips)


def effective(state, port):
    """'port' as the switch sees it: the interfaces of a bond are one link,
    so if their LNIDs or attached-macs differ, every one fails closed."""
    if port is None or port.bond is None:
        return port
    for q in state.ports.values():
        if q.bond == port.bond and ((q.lnids, q.amac, q.allowed, q.ips)
                                    != (port.lnids, port.amac,
                                        port.allowed, port.ips)):
            bad = port.copy()
            bad.lnids = 'bad'
            return bad
    return port


def has_lnids(port):
    return port.lnids not in (None, 'bad')


def lnids_within(a, b):
    """Are LNIDs 'a' among the port LNIDs 'b' (global takes any)?"""
    return b == GLOBAL or (a != GLOBAL and a <= b)


def further_macs(port):
    """The further MACs 'port''s VM may send from, with their LNIDs: the
    entries of its allowed-macs whose LNIDs are among the port's, except
    its attached-mac and MACs named with different LNIDs."""
    if not has_lnids(port) or port.amac is None:
        return {}
    named = {}
    for mac, lnids in port.allowed:
        lnids = port.lnids if lnids is None else lnids
        if lnids_within(lnids, port.lnids):
            named.setdefault(mac, set()).add(lnids)
    return {mac: ls.pop() for mac, ls in named.items()
            if len(ls) == 1 and mac != port.amac}


# The address each kind of frame that build_frame() makes speaks for (its
# IP source, or ARP sender), None for a kind the guard lets through.
FRAME_ADDRESS = {'ipv4': '10.9.0.1', 'arp': '10.9.0.1', 'ipv6': '::1',
                 'short': '0.0.0.0', 'raw': None}


def guard_ok(port, src, frame):
    """The address guard (attached-ips) for 'frame', whose source 'src' the
    VM port 'port' may send from: the address it speaks for must be one
    of that MAC's.  A truncated IPv4 header speaks for 0.0.0.0, which is
    not a DHCP client's.  Behind more VLAN headers than the switch parses
    (other_config:vlan-limit, 1 by default) nothing can be checked, and
    nothing passes."""
    if frame is None or port.ips is None:
        return True
    if len(frame['vlans']) > 1:
        return False
    addr = FRAME_ADDRESS[frame['l3']]
    if addr is None:
        return True
    return any((mac or port.amac) == src
               and ipaddress.ip_address(addr) in ipaddress.ip_network(ip)
               for mac, ip in port.ips)


def tx_ok(port, src, frame=None):
    """The transmit filter: may a frame with source 'src' ('frame' itself,
    if given, for the address guard) enter through 'port' (None: a
    packet-out without a port, CONTROLLER or NONE)?"""
    if port is None:
        return True
    if not has_lnids(port):
        return False
    if port.amac is not None:
        return ((src == port.amac or src in further_macs(port))
                and guard_ok(port, src, frame))
    return port.lnids == GLOBAL


def bound_lnids(state, mac):
    """The LNIDs 'mac' is bound to, or None.  Local interfaces with LNIDs
    and an attached-mac bind their MAC (two that disagree: nothing) and win
    over Tenant_Binding rows; two rows for one MAC bind it to nothing."""
    ports = [effective(state, p) for p in state.ports.values()]
    local = set(p.lnids for p in ports if p.amac == mac and has_lnids(p))
    local |= set(further_macs(p)[mac] for p in ports
                 if mac in further_macs(p))
    if local:
        return local.pop() if len(local) == 1 else None
    rows = [lnids for m, lnids in state.rows if m.lower() == mac]
    return rows[0] if len(rows) == 1 else None


def rx_ok(state, port, src):
    """The receive filter: may a frame whose identity is 'src' go out
    through 'port'?"""
    if not has_lnids(port):
        return False
    src_lnids = bound_lnids(state, src)
    if src_lnids is None:
        return False
    if GLOBAL in (src_lnids, port.lnids):
        return True
    return bool(src_lnids & port.lnids)


def reachable_bridges(state, bridge, src):
    """Bridges a frame with identity 'src' that entered 'bridge' may reach
    through patch ports."""
    seen = {bridge}
    todo = [bridge]
    while todo:
        br = todo.pop()
        for p in state.ports.values():
            if p.bridge != br or p.kind != 'patch' or p.peer is None:
                continue
            peer = state.ports.get(p.peer)
            if (peer is not None and peer.bridge not in seen
                    and rx_ok(state, p, src) and tx_ok(peer, src)
                    and peer.amac is None):
                seen.add(peer.bridge)
                todo.append(peer.bridge)
    return seen


def patches_open(state, src):
    """Whether every patch port lets a frame with identity 'src' through
    in both directions.  If one does not, plain OVS may deliver a frame to
    a port by a path that the isolating bridges rightly cut (out through a
    patch port and back), so a missing delivery proves no false drop."""
    for p in state.ports.values():
        if p.kind == 'patch' and p.peer is not None:
            peer = state.ports.get(p.peer)
            if (peer is None or not rx_ok(state, p, src)
                    or not tx_ok(peer, src) or peer.amac is not None):
                return False
    return True


def allowed(state, in_port, src, out_port, frame=None):
    """The model's verdict for a frame with source 'src' ('frame') that
    entered by 'in_port' (a Port or None for a packet-out without a port,
    which then enters 'bridge0' of the event) reaching 'out_port'."""
    if not tx_ok(effective(state, in_port), src, frame):
        return False
    if not rx_ok(state, effective(state, out_port), src):
        return False
    return True


class State(object):
    """What the model knows at one moment: ports by name and the
    Tenant_Binding rows as (mac, lnids) pairs."""

    def __init__(self, ports, rows):
        self.ports = ports
        self.rows = rows

    def copy(self):
        return State({n: p.copy() for n, p in self.ports.items()},
                     list(self.rows))


# ---------------------------------------------------------------------
# The generator.

def lnid_text(lnids):
    if lnids == GLOBAL:
        return 'global'
    return ','.join(str(x) for x in sorted(lnids))


def random_lnids(rng, allow_global=True):
    if allow_global and rng.random() < 0.15:
        return GLOBAL
    return frozenset(rng.sample(range(1, 5), rng.choice([1, 1, 2])))


class Case(object):
    """One case: topology, rows, per-bridge flows and groups, mirrors and
    a list of events (frames, packet-outs, live changes)."""

    def __init__(self):
        self.bridges = []       # names: b0, b1, ...
        self.ports = []         # Port list (initial)
        self.rows = []          # (mac, lnids)
        self.flows = {}         # bridge -> [flow text]
        self.groups = {}        # bridge -> [group text]
        self.mirrors = {}       # bridge -> output port name or None
        self.bonds = {}         # bond name -> bond_mode
        self.spares = []        # Ports that 'add-port' events add
        self.events = []

    def port(self, name):
        for p in self.ports:
            if p.name == name:
                return p
        return None


def gen_case(rng):
    c = Case()
    nbr = rng.choice([1, 1, 1, 2, 2, 3])
    c.bridges = ['b%d' % i for i in range(nbr)]
    mac_n = [0]

    def new_mac():
        mac_n[0] += 1
        # A letter in every MAC, so that its upper-case spelling is
        # another Tenant_Binding row for it.
        return '52:54:00:%02x:%02x:%02x' % (rng.randrange(1, 4),
                                            rng.randrange(0xa0, 0x100),
                                            mac_n[0])

    for bi, br in enumerate(c.bridges):
        nports = rng.randrange(3, 7)
        for i in range(1, nports + 1):
            c.ports.append(gen_port(rng, '%sp%d' % (br, i), br, i, new_mac))
        c.ports.append(Port('%s-local' % br, br, LOCAL_OFPORT, 'local',
                            None, None))
        if rng.random() < 0.25:
            c.ports.extend(gen_bond(rng, br, new_mac))
            c.bonds[br + 'bond'] = rng.choice(['active-backup',
                                               'balance-slb'])
        # Ports that events add later (their ofports may be in flows now).
        for i in range(rng.choice([0, 0, 1, 2])):
            c.spares.append(gen_port(rng, '%sn%d' % (br, i), br, 40 + i,
                                     new_mac))
    # Patch ports between consecutive bridges.
    for bi in range(nbr - 1):
        a, b = c.bridges[bi], c.bridges[bi + 1]
        na, nb = 'pa%d' % bi, 'pb%d' % bi
        ends = []
        for name, br in ((na, a), (nb, b)):
            r = rng.random()
            lnids = GLOBAL if r < 0.7 else (None if r < 0.85
                                           else random_lnids(rng, False))
            ends.append(Port(name, br, 20 + bi, 'patch', lnids, None))
        ends[0].peer, ends[1].peer = nb, na
        c.ports.extend(ends)
    # Remote MACs bound in Tenant_Binding, some duplicated, some also on
    # a local interface.
    for i in range(rng.randrange(0, 5)):
        mac = new_mac()
        c.rows.append((mac, random_lnids(rng)))
        if rng.random() < 0.1:
            # The schema's index on "mac" is case-sensitive.
            c.rows.append((mac.upper(), random_lnids(rng)))
    if rng.random() < 0.3:
        c.rows.append((ROUTER_MAC, GLOBAL))
    local_vms = [p for p in c.ports if p.amac]
    if local_vms and rng.random() < 0.2:
        mac = rng.choice(local_vms).amac
        if mac not in [m for m, _ in c.rows]:
            c.rows.append((mac, random_lnids(rng)))

    macs = sorted(set([p.amac for p in c.ports if p.amac]
                      + [m for p in c.ports for m, _ in p.allowed]
                      + [m for m, _ in c.rows]
                      + [ROUTER_MAC, '52:54:00:ff:ff:01',
                         '00:00:00:00:00:00', '01:00:5e:00:00:01']))
    for br in c.bridges:
        c.flows[br], c.groups[br] = gen_pipeline(rng, c, br, macs)
        c.mirrors[br] = None
        if rng.random() < 0.15:
            outs = [p for p in c.ports if p.bridge == br
                    and p.kind not in ('local', 'patch', 'bond')]
            c.mirrors[br] = rng.choice(outs).name
    c.events = gen_events(rng, c, macs)
    return c


def gen_port(rng, name, br, ofport, new_mac):
    kind = rng.choice(['vm', 'vm', 'vm', 'vm', 'router', 'trunk', 'trunk',
                       'nolnid', 'noamac', 'bad'])
    if kind == 'vm':
        p = Port(name, br, ofport, kind, random_lnids(rng, False),
                 new_mac())
        p.allowed = gen_allowed(rng, p, new_mac)
        p.ips = gen_ips(rng, p, new_mac)
        return p
    elif kind == 'router':
        return Port(name, br, ofport, kind, GLOBAL,
                    ROUTER_MAC if rng.random() < 0.5 else new_mac())
    elif kind == 'trunk':
        return Port(name, br, ofport, kind, GLOBAL, None)
    elif kind == 'nolnid':
        return Port(name, br, ofport, kind, None,
                    new_mac() if rng.random() < 0.5 else None)
    elif kind == 'noamac':
        return Port(name, br, ofport, kind, random_lnids(rng, False), None)
    return Port(name, br, ofport, kind, 'bad', new_mac())


def gen_allowed(rng, port, new_mac):
    """Now and then, further MACs for VM port 'port': in some of its
    LNIDs, the port's, or others (that entry fails closed), its own
    attached-mac, or one MAC twice."""
    allowed = []
    if rng.random() < 0.7:
        return ()
    for i in range(rng.choice([1, 1, 2, 3])):
        mac = new_mac()
        r = rng.random()
        if r < 0.4:
            lnids = None
        elif r < 0.8:
            lnids = frozenset([rng.choice(sorted(port.lnids))])
        else:
            lnids = random_lnids(rng)
        allowed.append((mac, lnids))
        if rng.random() < 0.1:
            allowed.append((mac, random_lnids(rng)))
    if rng.random() < 0.1:
        allowed.append((port.amac, None))
    return tuple(allowed)


def gen_ips(rng, port, new_mac):
    """Now and then, attached-ips for VM port 'port': addresses and
    prefixes that do or do not hold the frames' (FRAME_ADDRESS), for its
    attached-mac, a further MAC, or a MAC it may not send from; or none
    at all (declared empty).  No IPv6 prefix holds IPv4-mapped addresses,
    which the switch keeps IPv4 as."""
    if rng.random() < 0.75:
        return None
    macs = [None, None, port.amac, new_mac()] + [m for m, _ in port.allowed]
    addrs = ['10.9.0.1', '10.9.0.0/24', '10.9.0.2', '10.0.0.0/8',
             '10.9.0.1/32', '::1', '::/127', 'fd00::1', '::2']
    ips = []
    for i in range(rng.choice([0, 1, 1, 2, 3])):
        ips.append((rng.choice(macs), rng.choice(addrs)))
    return tuple(ips)


def gen_bond(rng, br, new_mac):
    """Two interfaces of bond BRbond: an uplink (global) or a VM's, and now
    and then members that disagree (the bond then fails closed)."""
    if rng.random() < 0.6:
        lnids, amac = GLOBAL, None
    else:
        lnids, amac = random_lnids(rng, False), new_mac()
    members = [Port('%sb%d' % (br, i), br, 10 + i, 'bond', lnids, amac,
                    bond=br + 'bond') for i in range(2)]
    if rng.random() < 0.15:
        members[1].lnids = rng.choice([random_lnids(rng), 'bad', None])
    return members


def bridge_ports(c, br, kinds=None):
    return [p for p in c.ports + c.spares if p.bridge == br
            and (kinds is None or p.kind in kinds)]


def gen_pipeline(rng, c, br, macs):
    ports = bridge_ports(c, br)
    outs = [str(p.ofport) for p in ports if p.kind != 'local']
    groups = []
    ngroups = rng.randrange(0, 4)
    for g in range(1, ngroups + 1):
        gtype = rng.choice(['all', 'select', 'indirect', 'ff'])
        nb = 1 if gtype == 'indirect' else rng.randrange(1, 4)
        buckets = []
        for b in range(nb):
            acts = []
            if rng.random() < 0.4:
                acts.append('mod_dl_src:' + rng.choice(macs))
            if g > 1 and rng.random() < 0.3:
                acts.append('group:%d' % rng.randrange(1, g))
            else:
                acts.append('output:' + rng.choice(outs))
            if gtype == 'ff':
                buckets.append('bucket=watch_port:%s,actions=%s'
                               % (rng.choice(outs), ','.join(acts)))
            elif gtype == 'select':
                buckets.append('bucket=bucket_id=%d,weight=100,actions=%s'
                               % (b, ','.join(acts)))
            else:
                buckets.append('bucket=actions=' + ','.join(acts))
        extra = ',selection_method=dp_hash' if gtype == 'select' else ''
        groups.append('group_id=%d,type=%s%s,%s' % (g, gtype, extra,
                                                    ','.join(buckets)))
    flows = []
    ntables = rng.randrange(1, 4)
    for t in range(ntables):
        for i in range(rng.randrange(1, 4)):
            match = ['table=%d' % t, 'priority=%d' % rng.randrange(1, 100)]
            r = rng.random()
            is_ip = False
            if r < 0.2:
                match.append('in_port=%s' % rng.choice(outs))
            elif r < 0.35:
                match.append('dl_src=' + rng.choice(macs))
            elif r < 0.45:
                match.append('dl_dst='
                             + rng.choice(macs + ['ff:ff:ff:ff:ff:ff']))
            elif r < 0.7:
                match.append('ip')
                is_ip = True
            elif r < 0.75:
                match.append('reg0=1')
            elif r < 0.83:
                match.append('vlan_tci=0x1000/0x1000')
            acts = gen_actions(rng, t, ntables, outs, macs, ngroups, is_ip,
                               'vlan_tci' in match[-1])
            flows.append('%s,actions=%s' % (','.join(match), acts))
    flows.append('table=0,priority=0,actions=%s'
                 % rng.choice(['NORMAL', 'NORMAL', 'drop', 'FLOOD']))
    return flows, groups


def gen_actions(rng, table, ntables, outs, macs, ngroups, is_ip, tagged,
                depth=0):
    acts = []
    later = list(range(table + 1, ntables))
    for i in range(rng.randrange(1, 5)):
        r = rng.random()
        if r < 0.22:
            acts.append('output:' + rng.choice(outs))
        elif r < 0.3:
            acts.append(rng.choice(['in_port', 'FLOOD', 'ALL', 'NORMAL',
                                    'LOCAL', 'controller']))
        elif r < 0.45:
            # Borrowing the global router's identity is the attack that
            # matters most: a third of the rewrites try it.
            mac = ROUTER_MAC if rng.random() < 0.33 else rng.choice(macs)
            acts.append(rng.choice(['mod_dl_src:', 'mod_dl_dst:',
                                    'set_field:']) + mac)
            if acts[-1].startswith('set_field:'):
                acts[-1] += '->eth_src'
        elif r < 0.52:
            # OpenFlow 1.5 pops only a tag the flow knows is there.
            push = ('push_vlan:0x8100,set_field:%d->vlan_vid'
                    % (4096 + rng.randrange(1, 20)))
            if tagged:
                acts.append(rng.choice(['pop_vlan', 'strip_vlan', push]))
                tagged = False
            else:
                acts.append(rng.choice([push, push + ',pop_vlan']))
        elif r < 0.62 and later:
            acts.append('resubmit(,%d)' % rng.choice(later))
        elif r < 0.68 and later and is_ip:
            # Often after a rewrite: recirculation must not launder it.
            if rng.random() < 0.5:
                acts.append('mod_dl_src:' + rng.choice([ROUTER_MAC] + macs))
            acts.append(rng.choice([
                'ct(table=%d)', 'ct(commit,table=%d)',
                'ct(commit,nat(src=10.9.9.9),table=%d)']) % rng.choice(later))
            break
        elif r < 0.74 and ngroups:
            acts.append('group:%d' % rng.randrange(1, ngroups + 1))
        elif r < 0.8 and depth == 0:
            acts.append('clone(%s)' % gen_actions(rng, table, ntables, outs,
                                                  macs, 0, False, tagged,
                                                  depth + 1))
        elif r < 0.85 and later:
            acts.append('check_pkt_larger(%d)->NXM_NX_REG0[0],resubmit(,%d)'
                        % (rng.choice([64, 100, 1500]), rng.choice(later)))
        elif r < 0.9 and later:
            acts.append('learn(table=%d,priority=50,'
                        'NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],'
                        'output:NXM_OF_IN_PORT[])' % rng.choice(later))
        elif r < 0.94:
            acts.append('enqueue:%s:0' % rng.choice(outs))
        elif r < 0.97 and depth == 0:
            acts.append('encap(nsh(md_type=1)),encap(ethernet),'
                        'set_field:%s->eth_src,output:%s'
                        % (rng.choice(macs), rng.choice(outs)))
            break
        else:
            acts.append('output:' + rng.choice(outs))
    if later and rng.random() < 0.2 and 'ct(' not in ','.join(acts):
        acts.append('goto_table:%d' % rng.choice(later))
    return ','.join(acts)


def gen_events(rng, c, macs):
    events = []
    senders = [p for p in c.ports if p.kind != 'patch']
    spares = list(c.spares)
    for i in range(rng.randrange(2, 9)):
        r = rng.random()
        if r < 0.12:
            events.append(gen_change(rng, c))
            continue
        if r < 0.17 and spares:
            p = spares.pop(0)
            senders.append(p)
            events.append({'type': 'add-port', 'port': p.name})
            continue
        if r < 0.2:
            gone = [p for p in senders if p.kind not in ('local', 'bond')]
            if gone:
                p = rng.choice(gone)
                senders.remove(p)
                events.append({'type': 'del-port', 'port': p.name})
                continue
        port = rng.choice(senders)
        if port.allowed and rng.random() < 0.4:
            src = rng.choice(port.allowed)[0]
        elif port.amac and rng.random() < 0.6:
            src = port.amac
        else:
            src = rng.choice(macs)
        dst = rng.choice(macs + ['ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:fb',
                                 '33:33:00:00:00:01', '52:54:00:ee:ee:ee'])
        frame = {'src': src, 'dst': dst,
                 'vlans': rng.choice([[], [], [], [10], [10], [10, 20]]),
                 'l3': rng.choice(['ipv4', 'ipv4', 'ipv6', 'arp', 'raw',
                                   'short'])}
        if r < 0.22:
            in_port = rng.choice(['NONE', 'CONTROLLER', 'LOCAL', port.name])
            outs = [str(p.ofport) for p in bridge_ports(c, port.bridge)
                    if p.kind != 'local']
            acts = rng.choice(['NORMAL', 'FLOOD', 'ALL', 'output:'
                               + rng.choice(outs), 'resubmit(,0)',
                               'mod_dl_src:%s,output:%s'
                               % (ROUTER_MAC, rng.choice(outs))])
            events.append({'type': 'packet-out', 'bridge': port.bridge,
                           'in_port': in_port, 'port': port.name,
                           'actions': acts, 'frame': frame})
        else:
            events.append({'type': 'frame', 'port': port.name,
                           'frame': frame})
    return events


def gen_change(rng, c):
    r = rng.random()
    ports = [p for p in c.ports if p.kind not in ('local',)]
    if r < 0.5:
        p = rng.choice(ports)
        return {'type': 'set-lnids', 'port': p.name,
                'lnids': rng.choice([random_lnids(rng), None])}
    elif r < 0.8:
        macs = [m for m, _ in c.rows] + [p.amac for p in c.ports if p.amac]
        mac = rng.choice(macs) if macs and rng.random() < 0.5 \
            else '52:54:00:dd:ee:%02x' % rng.randrange(256)
        return {'type': 'bind', 'mac': mac, 'lnids': random_lnids(rng)}
    else:
        return {'type': 'unbind-all', 'mac': rng.choice(
            [m for m, _ in c.rows] or [ROUTER_MAC])}


# ---------------------------------------------------------------------
# Frames.

def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(':'))


def build_frame(f, fid):
    tag = MAGIC + struct.pack('>I', fid)
    hdr = mac_bytes(f['dst']) + mac_bytes(f['src'])
    tpids = [0x88a8, 0x8100] if len(f['vlans']) == 2 else [0x8100]
    for tpid, vid in zip(tpids, f['vlans']):
        hdr += struct.pack('>HH', tpid, vid)
    l3 = f['l3']
    if l3 == 'ipv4':
        udp = struct.pack('>HHHH', 1000, 2000, 8 + len(tag), 0) + tag
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64,
                         17, 0, bytes([10, 9, 0, 1]), bytes([10, 9, 0, 2]))
        return hdr + b'\x08\x00' + ip + udp
    if l3 == 'ipv6':
        udp = struct.pack('>HHHH', 1000, 2000, 8 + len(tag), 0) + tag
        ip = struct.pack('>IHBB', 0x60000000, len(udp), 17, 64) \
            + bytes(15) + b'\x01' + bytes(15) + b'\x02'
        return hdr + b'\x86\xdd' + ip + udp
    if l3 == 'arp':
        arp = struct.pack('>HHBBH', 1, 0x0800, 6, 4, 2) \
            + mac_bytes(f['src']) + bytes([10, 9, 0, 1]) \
            + mac_bytes(f['dst']) + bytes([10, 9, 0, 2])
        return hdr + b'\x08\x06' + arp + tag
    if l3 == 'raw':
        return hdr + b'\x88\xb5' + tag + bytes(30)
    return hdr + b'\x08\x00' + tag     # 'short': a truncated IPv4 header


def frame_id(data):
    i = data.find(MAGIC)
    if i < 0 or i + 8 > len(data):
        return None
    return struct.unpack('>I', data[i + 4:i + 8])[0]


def read_pcap(path):
    """The frames in the pcap file 'path' (none if it does not exist)."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except FileNotFoundError:
        return []
    frames = []
    pos = 24
    while pos + 16 <= len(data):
        caplen = struct.unpack('<I', data[pos + 8:pos + 12])[0]
        frames.append(data[pos + 16:pos + 16 + caplen])
        pos += 16 + caplen
    return frames


# ---------------------------------------------------------------------
# The runner: one ovsdb-server and ovs-vswitchd for all cases.

class RunnerError(Exception):
    pass


def allow_core_dumps():
    """In a child before exec: let it dump core as large as the hard limit
    allows (where the system's core_pattern says; "core" in its directory
    by default)."""
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


class Unixctl(object):
    """A JSON-RPC client of ovs-vswitchd's control socket, so that frames
    go in without a process per frame."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.settimeout(TIMEOUT)
        self.buf = b''
        self.n = 0
        self.decoder = json.JSONDecoder()

    def call(self, method, *params):
        return self.call_many([(method,) + params])[-1]

    def call_many(self, requests):
        """Sends 'requests' ((method, param...) tuples) at once and returns
        their results, in order."""
        out = b''
        for method, *params in requests:
            self.n += 1
            out += json.dumps({'method': method, 'params': params,
                               'id': self.n}).encode()
        self.sock.sendall(out)
        return [self.reply() for r in requests]

    def reply(self):
        while True:
            try:
                text = self.buf.decode()
                reply, end = self.decoder.raw_decode(text.lstrip())
                self.buf = text.lstrip()[end:].encode()
                break
            except ValueError:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise RunnerError('ovs-vswitchd closed its socket')
                self.buf += chunk
        if reply.get('error') is not None:
            raise RunnerError('control request %s failed: %s'
                              % (reply.get('id'), reply['error']))
        return reply.get('result')


class Switch(object):
    """The ovs-vswitchd that runs the cases: one of its own (netdev-dummy
    ports on the dummy datapath), or, with 'attach', the one the caller
    runs (OVS_RUNDIR and friends in the environment: a system test's), on
    the datapath of 'dp_type' ("system": the kernel's; "netdev") with veth
    pairs as ports."""
    n_delivered = n_delivered_plain = 0     # By the last case.

    def __init__(self, topdir, schema, verbose=False, attach=False,
                 dp_type='dummy', settle=0.2):
        self.topdir, self.schema, self.verbose = topdir, schema, verbose
        self.attach = attach
        self.dp_type = dp_type
        self.n_starts = 0
        self.start()
        self.ports = (DummyPorts(self) if dp_type == 'dummy'
                      else VethPorts(self, settle))

    def start(self):
        """Starts ovsdb-server and ovs-vswitchd in a directory of their
        own (a crashed run's logs stay where they were)."""
        self.bridges = []
        if self.attach:
            self.dir = os.environ['OVS_RUNDIR']
            self.env = dict(os.environ)
            self.connect()
            return
        self.n_starts += 1
        workdir = os.path.join(self.topdir, 'run%d' % self.n_starts)
        os.makedirs(workdir)
        schema = self.schema
        self.dir = workdir
        self.env = dict(os.environ, OVS_RUNDIR=workdir, OVS_LOGDIR=workdir,
                        OVS_DBDIR=workdir, OVS_SYSCONFDIR=workdir)
        db = os.path.join(workdir, 'conf.db')
        self.run(['ovsdb-tool', 'create', db, schema])
        self.run(['ovsdb-server', '--detach', '--no-chdir', '--pidfile',
                  '--log-file', '--remote=punix:%s/db.sock' % workdir, db])
        self.run(['ovs-vsctl', '--no-wait', 'init'])
        self.proc = None
        try:
            self.start_vswitchd(workdir)
        except (OSError, RunnerError):
            # The caller has no Switch to stop: leave no daemon behind.
            if self.proc and self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.kill_daemon('ovsdb-server')
            raise

    def start_vswitchd(self, workdir):
        """Starts ovs-vswitchd in 'workdir' and connects to it."""
        dummy = (['--enable-dummy', '--disable-system']
                 if self.dp_type == 'dummy' else [])
        # Not detached: the runner's own child, so that if it dies, its
        # exit status says of what, and a core dump in its directory
        # shows where (see crash()).
        with open(os.path.join(workdir, 'ovs-vswitchd.out'), 'w') as out:
            self.proc = subprocess.Popen(
                ['ovs-vswitchd'] + dummy + [
                    '--disable-system-route', '--no-chdir', '--pidfile',
                    '--log-file', '-vofproto_dpif', '-vunixctl',
                    '-vconsole:off'],
                env=self.env, cwd=workdir, stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT,
                preexec_fn=allow_core_dumps)
        self.connect()

    def connect(self):
        """Connects to ovs-vswitchd's control socket, waiting for it."""
        deadline = time.time() + TIMEOUT
        while True:
            try:
                with open(os.path.join(self.dir, 'ovs-vswitchd.pid')) as f:
                    pid = int(f.read())
                self.ctl = Unixctl(os.path.join(self.dir,
                                                'ovs-vswitchd.%d.ctl' % pid))
                return
            except (OSError, ValueError) as e:
                if self.proc.poll() is not None:
                    raise RunnerError('ovs-vswitchd exited at start')
                if time.time() > deadline:
                    raise RunnerError('ovs-vswitchd did not start: %s' % e)
                time.sleep(0.05)

    def run(self, cmd, stdin=None):
        try:
            r = subprocess.run(cmd, env=self.env, input=stdin,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RunnerError('%s: no answer in %d s' % (' '.join(cmd[:3]),
                                                         TIMEOUT))
        if r.returncode:
            raise RunnerError('%s: %s' % (' '.join(cmd[:3]), r.stderr))
        return r.stdout

    def vsctl(self, args):
        return self.run(['ovs-vsctl', '--timeout=30'] + args)

    def crash(self):
        """ovs-vswitchd's last words if it died, else None.  Called after
        an error, so it gives a dying daemon a few seconds."""
        if self.attach:
            return None
        try:
            status = self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            return None
        with open(os.path.join(self.dir, 'ovs-vswitchd.log')) as f:
            lines = [line.strip().split('|')[-1] for line in f
                     if '|EMER|' in line or '|ERR|' in line]
        why = ('killed by %s' % signal.Signals(-status).name if status < 0
               else 'exit status %d' % status)
        return '%s; last error logged: %s%s' % (
            why, lines[-1] if lines else 'none', self.backtrace())

    def backtrace(self):
        """The crashing thread's backtrace from a core dump that a dead
        ovs-vswitchd left in its directory, if gdb can read one."""
        cores = [f for f in os.listdir(self.dir) if re.match(r'core', f)]
        gdb = shutil.which('gdb')
        binary = shutil.which('ovs-vswitchd', path=self.env.get('PATH'))
        if not cores:
            return ''
        core = os.path.join(self.dir, cores[0])
        if not gdb or not binary:
            return '; core dump in %s' % core
        r = subprocess.run([gdb, '-batch', '-ex', 'bt 12', binary, core],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           universal_newlines=True, timeout=TIMEOUT)
        frames = [line for line in r.stdout.splitlines()
                  if line.startswith('#')]
        return '; core dump in %s, backtrace:\n    %s' % (
            core, '\n    '.join(frames))

    def restart(self):
        if self.attach:
            raise RunnerError('the ovs-vswitchd this runner attached to '
                              'is gone')
        self.stop()
        self.start()

    def stop(self):
        if self.attach:
            args = []
            for br in self.bridges:
                args += ['--', '--if-exists', 'del-br', br]
            if args:
                self.vsctl(args)
            self.ports.close()  # After the bridges let go of the devices.
            return
        if self.dp_type != 'dummy':
            try:
                # Removes the datapath and its devices too.
                self.ctl.call('exit', '--cleanup')
            except (RunnerError, OSError):
                pass
        for daemon in ('ovs-vswitchd', 'ovsdb-server'):
            self.kill_daemon(daemon)
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.ports.close()

    def kill_daemon(self, daemon):
        """Sends SIGTERM to 'daemon' by its pidfile, if it runs."""
        try:
            with open(os.path.join(self.dir, daemon + '.pid')) as f:
                os.kill(int(f.read()), 15)
        except (OSError, ValueError):
            pass


def twin(name):
    return 'u' + name


def device(port_name):
    """The network device of port 'port_name' ('bN-local' is bridge bN's
    internal port)."""
    return port_name[:-len('-local')] if port_name.endswith('-local') \
        else port_name


def pcap_path(sw, port_name):
    return os.path.join(sw.dir, port_name + '.pcap')


class DummyPorts(object):
    """netdev-dummy ports: frames go in by netdev-dummy/receive and come
    out in each port's tx_pcap; the barrier is exact, so every frame the
    plain twin delivers can be asked of the isolating bridge too."""
    exact = True

    def __init__(self, sw):
        self.sw = sw

    def bridge_args(self, br):
        return ['datapath_type=dummy', '--', 'set', 'interface', br,
                'options:tx_pcap=%s' % pcap_path(self.sw, br + '-local')]

    def iface_args(self, name):
        return ['type=dummy', 'options:tx_pcap=' + pcap_path(self.sw, name)]

    def prepare(self, c):
        for f in os.listdir(self.sw.dir):
            if f.endswith('.pcap'):
                os.unlink(os.path.join(self.sw.dir, f))

    def bridges_added(self, bridges):
        pass

    def send(self, name, data):
        self.sw.ctl.call('netdev-dummy/receive', device(name), data.hex())

    def barrier(self):
        """Returns once ovs-vswitchd has handled every frame it was given.
        Its main loop polls netdev-dummy ports (and handles their upcalls
        in line) in bridge_run(), then runs at most 10 control requests per
        connection: the last of 11 requests sent at once is answered only
        in a later iteration, after the frames queued before them went
        through."""
        self.sw.ctl.call_many([('version',)] * 11)

    def frames(self, name):
        return read_pcap(pcap_path(self.sw, name))

    def close(self):
        pass


class VethPorts(object):
    """Ports on veth pairs, for a datapath that needs real devices (the
    kernel's): port P is device P in the bridge and P-x outside, where the
    runner's packet socket sends P's frames and collects what P transmits
    (and the bridge's internal device stands for its local port).  Upcalls
    run in other threads, so the barrier waits until the datapath's
    lookups and the frames seen have been still for 'settle' seconds; a
    late frame could still miss it, so the no-false-drop check is left to
    the exact runner."""
    exact = False

    def __init__(self, sw, settle):
        self.sw = sw
        self.settle = settle
        # One socket for every device: binding one per device costs an RCU
        # grace period each.
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                  socket.htons(ETH_P_ALL))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.sock.setblocking(False)
        self.outside = {}       # outside device -> port's device
        self.got = {}           # port's device -> [frame]
        self.veths = []

    def bridge_args(self, br):
        return ['datapath_type=' + self.sw.dp_type]

    def iface_args(self, name):
        return []

    def close(self):
        self.drain()
        self.outside = {}
        self.got = {}
        if self.veths:
            ip_batch(['link del %s' % v for v in self.veths], check=False)
        self.veths = []

    def prepare(self, c):
        self.close()
        names = [n for p in c.ports + c.spares
                 if p.kind not in ('local', 'patch')
                 for n in (p.name, twin(p.name))]
        cmds = []
        for n in names:
            cmds += ['link add %s type veth peer name %s-x' % (n, n),
                     'link set %s up' % n, 'link set %s-x up' % n]
        ip_batch(cmds)
        self.veths = names
        for n in names:
            disable_ipv6(n)
            disable_ipv6(n + '-x')
            self.outside[n + '-x'] = n
            self.got[n] = []
        self.drain()            # Nothing from before counts.

    def bridges_added(self, bridges):
        for br in bridges:
            disable_ipv6(br)
            self.outside[br] = br
            self.got[br] = []
        ip_batch(['link set %s up' % br for br in bridges])

    def send(self, name, data):
        dev = device(name)
        outside = dev if dev in self.sw.bridges else dev + '-x'
        self.sock.sendto(data, (outside, 0))

    def drain(self):
        """Collects what the sockets got; returns how many of the runner's
        frames (the other devices' chatter does not count) came."""
        n = 0
        while True:
            try:
                data, addr = self.sock.recvfrom(65536)
            except BlockingIOError:
                return n
            dev = self.outside.get(addr[0])
            if dev is not None and addr[2] != PACKET_OUTGOING:
                self.got[dev].append(data)
                n += frame_id(data) is not None

    def lookups(self):
        return sum(int(x) for x in re.findall(
            r'(?:hit|missed|lost):(\d+)', self.sw.ctl.call('dpctl/show')))

    def barrier(self):
        start = still = time.time()
        last = None
        while time.time() - start < 30:
            looked = self.lookups()
            if self.drain() or looked != last:
                last, still = looked, time.time()
            elif time.time() - still >= self.settle:
                return
            time.sleep(0.02)

    def frames(self, name):
        self.drain()
        return self.got.get(device(name), [])


ETH_P_ALL = 3
PACKET_OUTGOING = 4


def ip_batch(cmds, check=True):
    r = subprocess.run(['ip', '-force', '-batch', '-'],
                       input='\n'.join(cmds) + '\n', universal_newlines=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and r.returncode:
        raise RunnerError('ip: %s' % r.stderr)


def disable_ipv6(dev):
    """No router solicitations or DAD from the devices the runner reads."""
    try:
        with open('/proc/sys/net/ipv6/conf/%s/disable_ipv6' % dev, 'w') as f:
            f.write('1')
    except OSError:
        pass


def iface_settings(p):
    """ovs-vsctl arguments for 'p''s tenant columns."""
    args = []
    if p.lnids == 'bad':
        args.append('external_ids:lnid=abc')
    elif p.lnids is not None:
        args.append('external_ids:lnid=' + lnid_text(p.lnids))
    if p.amac:
        args.append('external_ids:attached-mac=' + p.amac)
    if p.allowed:
        args.append('external_ids:allowed-macs="%s"' % ' '.join(
            mac + ('' if lnids is None else '=' + lnid_text(lnids))
            for mac, lnids in p.allowed))
    if p.ips is not None:
        args.append('external_ids:attached-ips="%s"' % ' '.join(
            ('' if mac is None else mac + '=') + ip for mac, ip in p.ips))
    return args


def iface_args(sw, p, iso):
    """ovs-vsctl arguments that configure interface 'p' (or its twin)."""
    name = p.name if iso else twin(p.name)
    args = ['--', 'set', 'interface', name, 'ofport_request=%d' % p.ofport]
    if p.kind == 'patch':
        args += ['type=patch',
                 'options:peer=' + (p.peer if iso else twin(p.peer))]
    else:
        args += sw.ports.iface_args(name)
    return args + (iface_settings(p) if iso else [])


def port_args(sw, p):
    """ovs-vsctl arguments that add port 'p' and its twin."""
    args = []
    for iso in (True, False):
        args += ['--', 'add-port', p.bridge if iso else twin(p.bridge),
                 p.name if iso else twin(p.name)] + iface_args(sw, p, iso)
    return args


def bond_args(sw, members, mode):
    """ovs-vsctl arguments that add the bond of 'members' and its twin."""
    args = []
    for iso in (True, False):
        name = members[0].bond
        args += ['--', 'add-bond', members[0].bridge if iso
                 else twin(members[0].bridge), name if iso else twin(name)]
        args += [p.name if iso else twin(p.name) for p in members]
        args += ['bond_mode=' + mode]
        for p in members:
            args += iface_args(sw, p, iso)
    return args


def setup_case(sw, c, mode):
    """Replaces the previous case's bridges and rows with 'c''s: bridges
    bN (isolating) and their twins ubN (no tenants)."""
    # Deleted in a transaction of their own: a bridge deleted and added
    # again in one transaction keeps its ofproto, flows and groups.
    args = ['--', '--all', 'destroy', 'Tenant_Binding']
    for br in sw.bridges:
        args += ['--', '--if-exists', 'del-br', br]
    sw.vsctl(args)
    args = []
    sw.bridges = []
    sw.ports.prepare(c)
    for br in c.bridges:
        for name, iso in ((br, True), (twin(br), False)):
            sw.bridges.append(name)
            args += ['--', 'add-br', name, '--', 'set', 'bridge', name,
                     'fail-mode=secure',
                     'protocols=OpenFlow10,OpenFlow13,OpenFlow15',
                     'other_config:tenant-isolation=%s'
                     % ('true' if iso else 'false')]
            args += sw.ports.bridge_args(name)
    for p in c.ports:
        if p.kind != 'local' and p.bond is None:
            args += port_args(sw, p)
    for bond, mode in sorted(c.bonds.items()):
        args += bond_args(sw, [p for p in c.ports if p.bond == bond], mode)
    for i, (mac, lnids) in enumerate(c.rows):
        args += ['--', 'create', 'Tenant_Binding', 'mac="%s"' % mac,
                 'lnid=%s' % lnid_text(lnids).replace('global', '0')]
    for br in c.bridges:
        out = c.mirrors[br]
        if out:
            for b, o in ((br, out), (twin(br), twin(out))):
                args += ['--', '--id=@p%s' % b, 'get', 'port', o,
                         '--', '--id=@m%s' % b, 'create', 'mirror',
                         'name=m%s' % b, 'select_all=true',
                         'output_port=@p%s' % b,
                         '--', 'set', 'bridge', b, 'mirrors=@m%s' % b]
    sw.vsctl(args)
    sw.ports.bridges_added(sw.bridges)
    for br in c.bridges:
        for b in (br, twin(br)):
            if mode == 'translation' and b == br:
                sw.ctl.call('dpif/set-dp-features', b, 'check_tenant',
                            'false')
            add_tables(sw, b, c.groups[br], c.flows[br])
    sw.ctl.call('revalidator/purge')


def add_tables(sw, bridge, groups, flows):
    """Adds 'groups' and 'flows' to 'bridge' in one OpenFlow bundle,
    dropping from them those that OpenFlow refuses (a pop_vlan without a
    VLAN match, say), so that the case's twins get the same tables."""
    lines = (['group add ' + g for g in groups]
             + ['flow add ' + f for f in flows])
    add_table(sw, bridge, lines)
    groups[:] = [line[len('group add '):] for line in lines
                 if line.startswith('group add ')]
    flows[:] = [line[len('flow add '):] for line in lines
                if line.startswith('flow add ')]


def add_table(sw, bridge, lines):
    """Adds 'lines' ("flow add ..." and "group add ...") to 'bridge',
    dropping from 'lines' those that OpenFlow refuses."""
    while lines:
        try:
            sw.run(['ovs-ofctl', '--no-names', '-O', 'OpenFlow15',
                    'bundle', bridge, '-'],
                   stdin='\n'.join(lines) + '\n')
            return
        except RunnerError as e:
            m = re.search(r'-:(\d+):', str(e))
            if m and int(m.group(1)) <= len(lines):
                del lines[int(m.group(1)) - 1]
                continue
            # The switch refused one (a flow to a group that was refused,
            # say): find it by adding them one at a time.
            kept = []
            for line in lines:
                try:
                    sw.run(['ovs-ofctl', '--no-names', '-O', 'OpenFlow15',
                            'bundle', bridge, '-'], stdin=line + '\n')
                    kept.append(line)
                except RunnerError:
                    pass
            lines[:] = kept
            return


def apply_change(sw, c, state, ev):
    """Applies a live change to the isolating bridges and the model."""
    if ev['type'] == 'add-port':
        p = [q for q in c.spares if q.name == ev['port']]
        if p and p[0].name not in state.ports:
            sw.vsctl(port_args(sw, p[0]))
            state.ports[p[0].name] = p[0].copy()
    elif ev['type'] == 'del-port':
        if state.ports.pop(ev['port'], None):
            sw.vsctl(['del-port', ev['port'], '--',
                      'del-port', twin(ev['port'])])
    elif ev['type'] == 'set-lnids':
        p = state.ports.get(ev['port'])
        if p is None:
            return
        p.lnids = ev['lnids']
        if p.lnids is None:
            sw.vsctl(['remove', 'interface', p.name, 'external_ids', 'lnid'])
        else:
            sw.vsctl(['set', 'interface', p.name,
                      'external_ids:lnid=' + lnid_text(p.lnids)])
    elif ev['type'] == 'bind':
        taken = set(m for m, _ in state.rows)
        for mac in (ev['mac'], ev['mac'].upper()):
            if mac not in taken and mac != ROUTER_MAC.upper():
                state.rows.append((mac, ev['lnids']))
                sw.vsctl(['create', 'Tenant_Binding', 'mac="%s"' % mac,
                          'lnid=%s'
                          % lnid_text(ev['lnids']).replace('global', '0')])
                break
    elif ev['type'] == 'unbind-all':
        # Rows have no stable name here: drop them all, recreate the rest.
        state.rows = [r for r in state.rows
                      if r[0].lower() != ev['mac'].lower()]
        args = ['--', '--all', 'destroy', 'Tenant_Binding']
        for mac, lnids in state.rows:
            args += ['--', 'create', 'Tenant_Binding', 'mac="%s"' % mac,
                     'lnid=%s' % lnid_text(lnids).replace('global', '0')]
        sw.vsctl(args)


def send(sw, ev, fid, bridge_prefix=''):
    frame = build_frame(ev['frame'], fid)
    data = frame.hex()
    if ev['type'] == 'frame':
        sw.ports.send(bridge_prefix + ev['port'], frame)
    else:
        in_port = ev['in_port']
        if in_port not in ('NONE', 'CONTROLLER', 'LOCAL'):
            in_port = str(sw.ofports[ev['port']])
        br = bridge_prefix + ev['bridge']
        sw.run(['ovs-ofctl', '--no-names', '-O', 'OpenFlow13', 'packet-out',
                br,
                'in_port=%s packet=%s actions=%s'
                % (in_port, data, ev['actions'])])


def barrier(sw):
    sw.ports.barrier()


def run_case(sw, c, mode):
    """Runs 'c'; returns a list of violations (strings).  A crash of
    ovs-vswitchd is one (and the switch is restarted for the next case)."""
    try:
        return run_case__(sw, c, mode)
    except (RunnerError, OSError):
        crash = sw.crash()
        if crash is None:
            raise
        log_dir = sw.dir
        sw.restart()
        return ['ovs-vswitchd crashed (log in %s): %s'
                % (log_dir, crash)]


def run_case__(sw, c, mode):
    setup_case(sw, c, mode)
    sw.ofports = {p.name: p.ofport for p in c.ports + c.spares}
    state = State({p.name: p.copy() for p in c.ports}, list(c.rows))
    sent = {}       # fid -> (in_port Port or None, src, state, event)
    for fid, ev in enumerate(c.events):
        if ev['type'] not in ('frame', 'packet-out'):
            if not sw.ports.exact:
                barrier(sw)     # The frames before the change are done.
            apply_change(sw, c, state, ev)
            continue
        src = ev['frame']['src']
        now = state.copy()      # Later changes must not rewrite history.
        if ev['port'] not in now.ports and (
                ev['type'] == 'frame' or ev['in_port'] not in
                ('NONE', 'CONTROLLER', 'LOCAL')):
            continue            # Its port is gone, or not there yet.
        if ev['type'] == 'frame':
            in_port = now.ports.get(ev['port'])
        elif ev['in_port'] == 'LOCAL':
            in_port = now.ports.get(ev['bridge'] + '-local')
        elif ev['in_port'] in ('NONE', 'CONTROLLER'):
            in_port = None
        else:
            in_port = now.ports.get(ev['port'])
        bridge = ev['bridge'] if ev['type'] == 'packet-out' \
            else in_port.bridge
        sent[fid] = (in_port, src, now, ev, bridge)
        send(sw, ev, fid)
        # The plain twin gets only what the isolating bridge lets in, so
        # that its MAC learning sees the same frames.
        if tx_ok(in_port, src, ev['frame']):
            send(sw, ev, fid, 'u')
        if sw.ports.exact:
            barrier(sw)
    if not sw.ports.exact:
        # Frames between changes may be in flight together: isolation
        # holds whatever the order they are handled in.
        barrier(sw)
    return check(sw, c, sent)


def delivered(sw, name):
    ids = {}
    for data in sw.ports.frames(name):
        fid = frame_id(data)
        if fid is not None:
            ids[fid] = ids.get(fid, 0) + 1
    return ids


def check(sw, c, sent):
    violations = []
    sw.n_delivered = 0
    rewrites_and_normal = any(
        ('NORMAL' in ''.join(c.flows[br]) or 'NORMAL' in str(c.events))
        and ('dl_src' in ''.join(c.flows[br] + c.groups[br])
             or 'eth_src' in ''.join(c.flows[br]) or 'encap' in
             ''.join(c.flows[br]))
        for br in c.bridges)
    learns = any('learn(' in ''.join(c.flows[br]) for br in c.bridges)
    # A mirror copies what goes out to the ports it selects; an output
    # that the receive filter stops has no copy, so its output port may
    # get less than plain OVS sends it.
    mirror_outs = set(c.mirrors.values())
    ports = [p for p in c.ports + c.spares if p.kind != 'patch']
    got = {p.name: delivered(sw, p.name) for p in ports}
    plain = {p.name: delivered(sw, twin(p.name)) for p in ports}
    sw.n_delivered = sum(len(g) for g in got.values())
    sw.n_delivered_plain = sum(len(g) for g in plain.values())
    for p in ports:
        # A bond's member is the switch's choice, which may differ between
        # the twins (active-backup's active member, say): for false drops,
        # a frame counts as delivered to a bond if to any of its members.
        link = [q.name for q in ports if p.bond and q.bond == p.bond] \
            or [p.name]
        for fid, (in_port, src, state, ev, bridge) in sent.items():
            out = state.ports.get(p.name)
            ok = (out is not None
                  and allowed(state, in_port, src, out, ev['frame'])
                  and p.bridge in reachable_bridges(state, bridge, src))
            if fid in got[p.name] and not ok:
                violations.append(
                    'event %d (%s from %s, source %s) reached %s'
                    % (fid, ev['type'], in_port.name if in_port else
                       ev['in_port'], src, p.name))
            elif (sw.ports.exact and ok
                  and any(fid in plain[q] for q in link)
                  and not any(fid in got[q] for q in link)
                  and not rewrites_and_normal and not learns
                  and p.name not in mirror_outs
                  and not (in_port and in_port.bond)
                  and patches_open(state, src)):
                violations.append(
                    'event %d (%s from %s, source %s) did not reach %s, '
                    'which plain OVS delivered it to and the policy allows'
                    % (fid, ev['type'], in_port.name if in_port else
                       ev['in_port'], src, p.name))
    return violations


# ---------------------------------------------------------------------
# Shrinking and reporting.

def shrink(sw, c, mode, log):
    """Removes events, flows and groups one at a time while the case still
    breaks the policy."""
    def still_fails(candidate):
        return bool(run_case(sw, candidate, mode))

    def dropping(case, pick):
        """Copies of 'case', each without one element of pick(case)."""
        for i in range(len(pick(case))):
            v = copy_case(case)
            del pick(v)[i]
            yield v

    def variants(case):
        yield from dropping(case, lambda k: k.events)
        yield from dropping(case, lambda k: k.rows)
        for br in case.bridges:
            yield from dropping(case, lambda k, br=br: k.flows[br])
            yield from dropping(case, lambda k, br=br: k.groups[br])
            if case.mirrors[br]:
                v = copy_case(case)
                v.mirrors[br] = None
                yield v

    changed = True
    while changed:
        changed = False
        for v in variants(c):
            if still_fails(v):
                c = v
                changed = True
                log('shrunk to %d events, %d flows'
                    % (len(c.events), sum(len(f) for f in c.flows.values())))
                break
    return c


def copy_case(c):
    n = Case()
    n.bridges = list(c.bridges)
    n.ports = [p.copy() for p in c.ports]
    n.rows = list(c.rows)
    n.flows = {b: list(f) for b, f in c.flows.items()}
    n.groups = {b: list(g) for b, g in c.groups.items()}
    n.mirrors = dict(c.mirrors)
    n.bonds = dict(c.bonds)
    n.spares = [p.copy() for p in c.spares]
    n.events = [dict(e) for e in c.events]
    return n


def case_to_json(c):
    def port(p):
        j = {'name': p.name, 'bridge': p.bridge, 'ofport': p.ofport,
             'kind': p.kind, 'peer': p.peer, 'amac': p.amac,
             'lnids': (sorted(p.lnids) if isinstance(p.lnids, frozenset)
                       else p.lnids)}
        if p.bond:
            j['bond'] = p.bond
        if p.allowed:
            j['allowed'] = [[m, lnids(x)] for m, x in p.allowed]
        if p.ips is not None:
            j['ips'] = [[m, ip] for m, ip in p.ips]
        return j

    def lnids(x):
        return sorted(x) if isinstance(x, frozenset) else x

    events = []
    for e in c.events:
        e = dict(e)
        if 'lnids' in e:
            e['lnids'] = lnids(e['lnids'])
        events.append(e)
    j = {'bridges': c.bridges, 'ports': [port(p) for p in c.ports],
         'rows': [[m, lnids(l)] for m, l in c.rows], 'flows': c.flows,
         'groups': c.groups, 'mirrors': c.mirrors, 'events': events}
    if c.bonds:
        j['bonds'] = c.bonds
    if c.spares:
        j['spares'] = [port(p) for p in c.spares]
    return j


def case_from_json(j):
    def lnids(x):
        return frozenset(x) if isinstance(x, list) else x

    def port(p):
        return Port(p['name'], p['bridge'], p['ofport'], p['kind'],
                    lnids(p['lnids']), p['amac'], p['peer'], p.get('bond'),
                    [(m, lnids(x)) for m, x in p.get('allowed', [])],
                    (None if p.get('ips') is None
                     else [(m, ip) for m, ip in p['ips']]))

    c = Case()
    c.bridges = j['bridges']
    c.ports = [port(p) for p in j['ports']]
    c.spares = [port(p) for p in j.get('spares', [])]
    c.bonds = j.get('bonds', {})
    c.rows = [(m, lnids(l)) for m, l in j['rows']]
    c.flows, c.groups, c.mirrors = j['flows'], j['groups'], j['mirrors']
    c.events = j['events']
    for e in c.events:
        if 'lnids' in e:
            e['lnids'] = lnids(e['lnids'])
    return c


def compact_json(obj):
    """'obj' (a dict) as JSON with one line per port, flow, event..."""
    lines = []
    for k in sorted(obj):
        v = obj[k]
        if isinstance(v, list) and v:
            items = [json.dumps(x, sort_keys=True) for x in v]
            lines.append(' %s: [\n  %s\n ]' % (json.dumps(k),
                                              ',\n  '.join(items)))
        else:
            lines.append(' %s: %s' % (json.dumps(k),
                                      json.dumps(v, sort_keys=True)))
    return '{\n' + ',\n'.join(lines) + '\n}'


def autotest(c, mode, seed, violations):
    """A ready-to-paste autotest that replays 'c' with this runner."""
    text = compact_json(case_to_json(c))
    return '''dnl Found by tests/tenant-oracle.py --seed %d --mode %s:
dnl %s
AT_SETUP([tenant - oracle: seed %d (%s)])
AT_KEYWORDS([tenant oracle])
AT_DATA([case.json], [[%s
]])
AT_CHECK([$PYTHON3 $abs_top_srcdir/tests/tenant-oracle.py \\
            --replay case.json --mode %s --workdir oracle \\
            --schema $abs_top_srcdir/vswitchd/vswitch.ovsschema],
         [0], [ignore], [ignore])
AT_CLEANUP
''' % (seed, mode, '\ndnl '.join(violations), seed, mode, text, mode)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--cases', type=int, default=100)
    ap.add_argument('--mode', default='both',
                    choices=['datapath', 'translation', 'both'])
    ap.add_argument('--schema', required=True)
    ap.add_argument('--workdir')
    ap.add_argument('--replay', help='run the case in this JSON file')
    ap.add_argument('--case-out', help='write a failing case here')
    ap.add_argument('--no-shrink', action='store_true')
    ap.add_argument('--keep', action='store_true',
                    help='leave the daemons running (for ofproto/trace)')
    ap.add_argument('--verbose', action='store_true')
    ap.add_argument('--attach', action='store_true',
                    help='use the ovs-vswitchd of OVS_RUNDIR (a system '
                    'test\'s) instead of starting one')
    ap.add_argument('--datapath-type', default='dummy',
                    choices=['dummy', 'system', 'netdev'],
                    help='dummy: netdev-dummy ports (default); system (the '
                    'kernel datapath) and netdev: veth pairs')
    ap.add_argument('--settle', type=float, default=0.2,
                    help='seconds of quiet that end a frame on veth ports')
    ap.add_argument('--min-delivered', type=int, default=0,
                    help='a runner error unless the isolating bridges '
                    'delivered at least this many frames in all')
    args = ap.parse_args()

    def log(msg):
        sys.stderr.write('tenant-oracle: %s\n' % msg)

    workdir = os.path.abspath(args.workdir
                              or tempfile.mkdtemp(prefix='tenant-oracle.'))
    os.makedirs(workdir, exist_ok=True)
    modes = ['datapath', 'translation'] if args.mode == 'both' \
        else [args.mode]
    start = time.time()
    n = 0
    n_delivered = n_plain = 0
    status = 0
    sw = None
    try:
        sw = Switch(workdir, args.schema, args.verbose, args.attach,
                    args.datapath_type, args.settle)
        if args.replay:
            with open(args.replay) as f:
                cases = [(0, case_from_json(json.load(f)))]
        else:
            cases = ((args.seed + i, gen_case(random.Random(args.seed + i)))
                     for i in range(args.cases))
        last_report = start
        for seed, c in cases:
            for mode in modes:
                sw.n_delivered = sw.n_delivered_plain = 0
                violations = run_case(sw, c, mode)
                n += 1
                n_delivered += sw.n_delivered
                n_plain += sw.n_delivered_plain
                if time.time() - last_report >= 60:
                    last_report = time.time()
                    log('%d cases, up to seed %d, %.1f cases/s, no violation'
                        % (n, seed, n / (last_report - start)))
                if args.verbose:
                    log('seed %d (%s): %d events, %d frames delivered (%d '
                        'by the twin), %s' % (
                            seed, mode, len(c.events), sw.n_delivered,
                            sw.n_delivered_plain,
                            'ok' if not violations else violations))
                if violations:
                    status = 1
                    log('seed %d (%s) breaks the policy:' % (seed, mode))
                    for v in violations:
                        log('  ' + v)
                    if not args.no_shrink and not args.replay:
                        c = shrink(sw, c, mode, log)
                        violations = run_case(sw, c, mode) or violations
                    if args.case_out:
                        with open(args.case_out, 'w') as f:
                            json.dump(case_to_json(c), f, indent=1)
                    print(autotest(c, mode, seed, violations))
                    return status
        if n_delivered < args.min_delivered:
            raise RunnerError('the isolating bridges delivered %d frames '
                              'in all, fewer than %d: is the runner blind?'
                              % (n_delivered, args.min_delivered))
    except RunnerError as e:
        log('runner error: %s (logs in %s)' % (e, workdir))
        return 2
    finally:
        if sw and not args.keep:
            sw.stop()
        elapsed = time.time() - start
        log('%d cases in %.1f s (%.1f cases/s), seeds %d-%d, %s; %d frames '
            'delivered (%d by the twins)'
            % (n, elapsed, n / elapsed if elapsed else 0, args.seed,
               args.seed + max(args.cases - 1, 0), ','.join(modes),
               n_delivered, n_plain))
        if not args.workdir and status == 0 and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
