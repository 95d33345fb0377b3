/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What differs between the kernels the datapath is built for (6.1 and
 * 6.12, see README.md).  Kbuild looks at the kernel's headers and defines
 * HAVE_LINUX_UNALIGNED_H and HAVE_GENL_INFO_USERHDR where they exist, so
 * that the code is written for the newer kernel and this header fills in
 * for the older one.
 */

#ifndef OVS_HOSTVLAN_COMPAT_H
#define OVS_HOSTVLAN_COMPAT_H 1

#include <net/genetlink.h>

#ifdef HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#ifndef HAVE_GENL_INFO_USERHDR
static inline void *genl_info_userhdr(const struct genl_info *info)
{
	return info->userhdr;
}
#endif

#endif /* OVS_HOSTVLAN_COMPAT_H */
