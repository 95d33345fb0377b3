# HostVLAN-OVS library sources, included from the top-level Makefile.am.
lib_libopenvswitch_la_SOURCES += \
	lib/dpif-netdev-tenant.c \
	lib/dpif-netdev-tenant.h \
	lib/dpif-tenant.c \
	lib/dpif-tenant.h \
	lib/tenant-db.c \
	lib/tenant-db.h \
	lib/hostvlan-version.h \
	lib/odp-tenant.c \
	lib/odp-tenant.h \
	lib/tenant-netlink.h \
	lib/tenant.c \
	lib/tenant.h \
	lib/tenant-iface.c \
	lib/tenant-iface.h

if LINUX
lib_libopenvswitch_la_SOURCES += \
	lib/dpif-netlink-tenant.c \
	lib/dpif-netlink-tenant.h
endif

# The HostVLAN tenant database's IDL (vswitchd/hostvlan.ovsschema), used by
# ovs-tenantctl and ovs-tenantd.
nodist_lib_libopenvswitch_la_SOURCES += \
	lib/hostvlan-idl.c \
	lib/hostvlan-idl.h
OVSIDL_BUILT += lib/hostvlan-idl.c lib/hostvlan-idl.h lib/hostvlan-idl.ovsidl
EXTRA_DIST += lib/hostvlan-idl.ann
lib/hostvlan-idl.ovsidl: vswitchd/hostvlan.ovsschema lib/hostvlan-idl.ann
	$(AM_V_GEN)$(OVSDB_IDLC) annotate $(srcdir)/vswitchd/hostvlan.ovsschema $(srcdir)/lib/hostvlan-idl.ann > $@.tmp && mv $@.tmp $@
