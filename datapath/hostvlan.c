// SPDX-License-Identifier: GPL-2.0-only
/*
 * HostVLAN-OVS build identity of openvswitch.ko (see hostvlan.h): an
 * operator can tell this module from the distribution's.
 */

#include "hostvlan.h"
