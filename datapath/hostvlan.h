/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HostVLAN-OVS build identity, in every module of the kernel datapath:
 * hostvlan.c brings it into openvswitch.ko and Kbuild force-includes it
 * into the vport modules, whose sources are upstream's.  "modinfo" shows a
 * hostvlan: line, and the version lets DKMS replace the distribution's
 * modules (which carry none).
 */

#ifndef OVS_HOSTVLAN_H
#define OVS_HOSTVLAN_H 1

/*
 * As the vport modules define it, which 6.12's do after this header is
 * force-included: the same definition is no redefinition.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/stringify.h>
#include <linux/version.h>

#define HOSTVLAN_VERSION "0.1.0"

MODULE_INFO(hostvlan, "HostVLAN-OVS " HOSTVLAN_VERSION " tenant isolation build");
MODULE_INFO(hostvlan_upstream, "net/openvswitch from Debian linux-source-"
	    __stringify(LINUX_VERSION_MAJOR) "." __stringify(LINUX_VERSION_PATCHLEVEL));
MODULE_VERSION(HOSTVLAN_VERSION "-hostvlan");

#endif /* OVS_HOSTVLAN_H */
