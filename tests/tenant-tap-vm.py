#! /usr/bin/env python3
# Copyright (c) 2026 HostVLAN-OVS developers.
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

"""tenant-tap-vm.py TAP LINK: stands in for a VM's virtio NIC.

Creates tap device TAP, as QEMU does for libvirt, and relays frames
between it and network device LINK (one end of a veth pair whose other end
is in the "VM"'s network namespace), until killed.  The switch sees a tap
device, exactly as with a real VM."""

import fcntl
import os
import select
import socket
import struct
import sys

TUNSETIFF = 0x400454ca
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
ETH_P_ALL = 0x0003


def main():
    tap_name, link_name = sys.argv[1:3]
    tap = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tap, TUNSETIFF,
                struct.pack("16sH", tap_name.encode(), IFF_TAP | IFF_NO_PI))
    link = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(ETH_P_ALL))
    link.bind((link_name, 0))
    while True:
        ready, _, _ = select.select([tap, link], [], [])
        try:
            if tap in ready:
                link.send(os.read(tap, 65536))
            if link in ready:
                frame, addr = link.recvfrom(65536)
                if addr[2] != socket.PACKET_OUTGOING:
                    os.write(tap, frame)
        except OSError:
            pass            # A device went down: drop the frame, as a NIC.


if __name__ == "__main__":
    main()
