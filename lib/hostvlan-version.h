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

#ifndef HOSTVLAN_VERSION_H
#define HOSTVLAN_VERSION_H 1

/* Identity of the HostVLAN-OVS fork.
 *
 * Every program's --version (and "ovs-appctl version") prints upstream's
 * line unchanged, "PROGRAM (Open vSwitch) 3.1.0", followed by
 * HOSTVLAN_VERSION_LINE.  Upstream's line must stay as it is: ovs-ctl takes
 * the last field of each line that mentions "Open vSwitch" as the version to
 * store in the database, and OVN and other tools read that.  So the fork's
 * line must never contain the words "Open vSwitch". */

#define HOSTVLAN_VERSION "0.1.0"
#define HOSTVLAN_VERSION_LINE \
    "HostVLAN-OVS "HOSTVLAN_VERSION" (tenant isolation; based on OVS "VERSION \
    "; features:"HOSTVLAN_FEATURES")\n"

/* The optional features this build was configured with, named as
 * scripts/hostvlan-configure records them in the build directory, so that
 * a running daemon says which build it is. */
#ifdef HAVE_OPENSSL
#define HOSTVLAN_FEATURE_SSL " ssl"
#else
#define HOSTVLAN_FEATURE_SSL " no-ssl"
#endif
#ifdef HAVE_LIBCAPNG
#define HOSTVLAN_FEATURE_LIBCAPNG " libcapng"
#else
#define HOSTVLAN_FEATURE_LIBCAPNG " no-libcapng"
#endif
#ifdef HAVE_AF_XDP
#define HOSTVLAN_FEATURE_AFXDP " afxdp"
#else
#define HOSTVLAN_FEATURE_AFXDP " no-afxdp"
#endif
#ifdef HAVE_UNBOUND
#define HOSTVLAN_FEATURE_UNBOUND " unbound"
#else
#define HOSTVLAN_FEATURE_UNBOUND " no-unbound"
#endif
#ifdef DPDK_NETDEV
#define HOSTVLAN_FEATURE_DPDK " dpdk"
#else
#define HOSTVLAN_FEATURE_DPDK " no-dpdk"
#endif
#define HOSTVLAN_FEATURES \
    HOSTVLAN_FEATURE_SSL HOSTVLAN_FEATURE_LIBCAPNG HOSTVLAN_FEATURE_AFXDP \
    HOSTVLAN_FEATURE_UNBOUND HOSTVLAN_FEATURE_DPDK

#endif /* hostvlan-version.h */
