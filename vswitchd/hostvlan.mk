# HostVLAN-OVS vswitchd sources, included from the top-level Makefile.am.
vswitchd_ovs_vswitchd_SOURCES += \
	vswitchd/tenant-config.c \
	vswitchd/tenant-config.h \
	vswitchd/tenant-keys.c \
	vswitchd/tenant-keys.h

# The HostVLAN tenant database: schema, its documentation as hostvlan(5),
# and ovs-tenantd, the per-host agent that reads it.
EXTRA_DIST += \
	vswitchd/hostvlan.ovsschema \
	vswitchd/hostvlan.xml \
	vswitchd/ovs-tenantd.8
pkgdata_DATA += vswitchd/hostvlan.ovsschema
man_MANS += \
	vswitchd/hostvlan.5 \
	vswitchd/ovs-tenantd.8
CLEANFILES += vswitchd/hostvlan.5
vswitchd/hostvlan.5: \
	ovsdb/ovsdb-doc vswitchd/hostvlan.xml vswitchd/hostvlan.ovsschema
	$(AM_V_GEN)$(OVSDB_DOC) \
		--version=$(VERSION) \
		$(srcdir)/vswitchd/hostvlan.ovsschema \
		$(srcdir)/vswitchd/hostvlan.xml > $@.tmp && \
	mv $@.tmp $@

ALL_LOCAL += vswitchd/hostvlan.ovsschema.stamp
vswitchd/hostvlan.ovsschema.stamp: vswitchd/hostvlan.ovsschema
	$(srcdir)/build-aux/cksum-schema-check $? $@
CLEANFILES += vswitchd/hostvlan.ovsschema.stamp

# Its Debian service files (debian/rules installs them).
EXTRA_DIST += \
	debian/openvswitch-switch.ovs-tenantd.init \
	debian/openvswitch-switch.ovs-tenantd.service

sbin_PROGRAMS += vswitchd/ovs-tenantd
vswitchd_ovs_tenantd_SOURCES = vswitchd/ovs-tenantd.c
vswitchd_ovs_tenantd_LDADD = lib/libopenvswitch.la
