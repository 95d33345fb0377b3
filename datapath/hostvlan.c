// SPDX-License-Identifier: GPL-2.0-only
/*
 * HostVLAN-OVS build identity of the Open vSwitch kernel datapath.
 *
 * "modinfo openvswitch" shows hostvlan: and hostvlan_upstream: lines, so an
 * operator can tell this module from the distribution's.
 */

#include <linux/module.h>

MODULE_INFO(hostvlan, "HostVLAN-OVS 0.1.0 tenant isolation build");
MODULE_INFO(hostvlan_upstream, "net/openvswitch from Debian linux-source-6.1");
