# HostVLAN-OVS kernel datapath, included from the top-level Makefile.am.
# The module is built out of tree by the top-level driver, not by automake;
# its sources are listed here so that "make dist" ships them.
EXTRA_DIST += \
	datapath/Kbuild \
	datapath/README.md \
	datapath/compat.h \
	datapath/dkms.conf \
	datapath/hostvlan.c \
	datapath/hostvlan.h \
	datapath/tenant.c \
	datapath/tenant.h \
	datapath/patches/series \
	datapath/patches/0001-uapi-check-tenant.patch \
	datapath/patches/0002-check-tenant-action.patch \
	datapath/patches/0003-free-tenant-tables-after-grace-period.patch \
	datapath/patches/6.12/series \
	datapath/patches/6.12/0001-uapi-check-tenant.patch \
	datapath/patches/6.12/0002-check-tenant-action.patch \
	datapath/patches/6.12/0003-free-tenant-tables-after-grace-period.patch
