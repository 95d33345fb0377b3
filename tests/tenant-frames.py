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

"""Frames for the tenant autotests, built and counted in one place.

  gre-l3 ETH_DST IP_DST
      Prints, in hex, an Ethernet frame to ETH_DST carrying a keyless GRE
      packet from 1.1.2.92 to 1.1.2.88 whose payload is an IPv4 UDP packet
      from 10.9.0.1 to IP_DST (for netdev-dummy/receive).
  send-udp-broadcasts IFACE SRC_MAC SRC_IP N DPORT [RX_FILE BURSTS]
      Sends N broadcast UDP frames from SRC_MAC/SRC_IP to DPORT on IFACE,
      source ports 1000, 1001, ...  With RX_FILE (a count-udp rx file),
      sends them again, up to BURSTS times in all, while RX_FILE still
      says 0 five seconds after the last burst, so that a loaded machine
      slows the sender down instead of losing the round.
  count-udp IFACE DPORT DIR
      Counts the IPv4 UDP frames to DPORT that IFACE receives, whatever
      their addresses.  Creates DIR/ready-IFACE once it listens, rewrites
      DIR/rx-IFACE with the count after each frame, and stops once
      DIR/stop exists.
"""

import os
import socket
import struct
import sys
import time

ETH_P_ALL = 3
ETH_P_IP = 0x0800


def ipv4(src, dst, proto, payload):
    """Returns an IPv4 packet (header with checksum, then 'payload')."""
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 0,
                      0x4000, 64, proto, 0, socket.inet_aton(src),
                      socket.inet_aton(dst))
    csum = sum(struct.unpack('!10H', hdr))
    while csum >> 16:
        csum = (csum & 0xffff) + (csum >> 16)
    return hdr[:10] + struct.pack('!H', ~csum & 0xffff) + hdr[12:] + payload


def udp(sport, dport, payload=b''):
    """Returns a UDP header (no checksum) and 'payload'."""
    return struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload


def ethernet(dst, src, ethertype):
    """Returns an Ethernet header for MACs written as 'xx:xx:...'."""
    return (bytes.fromhex(dst.replace(':', ''))
            + bytes.fromhex(src.replace(':', ''))
            + struct.pack('!H', ethertype))


def gre_l3(eth_dst, ip_dst):
    inner = ipv4('10.9.0.1', ip_dst, socket.IPPROTO_UDP, udp(1, 2))
    outer = ipv4('1.1.2.92', '1.1.2.88', socket.IPPROTO_GRE,
                 struct.pack('!HH', 0, ETH_P_IP) + inner)
    print((ethernet(eth_dst, 'f8:bc:12:44:34:b6', ETH_P_IP) + outer).hex())


def read_count(name):
    try:
        with open(name) as f:
            return int(f.read() or 0)
    except (OSError, ValueError):
        return 0


def wait_for_count(name, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if read_count(name):
            return True
        time.sleep(0.1)
    return False


def send_udp_broadcasts(iface, src_mac, src_ip, n, dport, rx_file=None,
                        bursts=1):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    eth = ethernet('ff:ff:ff:ff:ff:ff', src_mac, ETH_P_IP)
    for _ in range(int(bursts)):
        for i in range(int(n)):
            sock.send(eth + ipv4(src_ip, '10.1.1.200', socket.IPPROTO_UDP,
                                 udp(1000 + i, int(dport))))
        if rx_file is None or wait_for_count(rx_file, 5):
            break


def is_udp_to(frame, dport):
    return (frame[12:14] == struct.pack('!H', ETH_P_IP)
            and len(frame) >= 38 and frame[23] == socket.IPPROTO_UDP
            and frame[36:38] == struct.pack('!H', dport))


def write_file(name, text):
    tmp = name + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.rename(tmp, name)


def count_udp(iface, dport, directory):
    dport = int(dport)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(ETH_P_ALL))
    sock.bind((iface, 0))
    sock.settimeout(0.1)
    rx = os.path.join(directory, 'rx-' + iface)
    stop = os.path.join(directory, 'stop')
    n = 0
    write_file(rx, '0\n')
    write_file(os.path.join(directory, 'ready-' + iface), '')
    while not os.path.exists(stop):
        try:
            frame = sock.recv(2048)
        except socket.timeout:
            continue
        if is_udp_to(frame, dport):
            n += 1
            write_file(rx, '%d\n' % n)


COMMANDS = {
    'gre-l3': (gre_l3, (2,)),
    'send-udp-broadcasts': (send_udp_broadcasts, (5, 7)),
    'count-udp': (count_udp, (3,)),
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    func, n_args = COMMANDS[sys.argv[1]]
    if len(sys.argv) - 2 not in n_args:
        sys.stderr.write('%s: needs %s arguments\n'
                         % (sys.argv[1], ' or '.join(map(str, n_args))))
        sys.exit(2)
    func(*sys.argv[2:])


if __name__ == '__main__':
    main()
