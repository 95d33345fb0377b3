# HostVLAN-OVS library sources, included from the top-level Makefile.am.
lib_libopenvswitch_la_SOURCES += \
	lib/dpif-tenant.c \
	lib/dpif-tenant.h \
	lib/hostvlan-version.h \
	lib/odp-tenant.c \
	lib/odp-tenant.h \
	lib/tenant.c \
	lib/tenant.h

if LINUX
lib_libopenvswitch_la_SOURCES += \
	lib/dpif-netlink-tenant.c \
	lib/dpif-netlink-tenant.h
endif
