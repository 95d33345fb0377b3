# HostVLAN-OVS vswitchd sources, included from the top-level Makefile.am.
vswitchd_ovs_vswitchd_SOURCES += \
	vswitchd/tenant-config.c \
	vswitchd/tenant-config.h \
	vswitchd/tenant-keys.c \
	vswitchd/tenant-keys.h

# The HostVLAN tenant database: schema and its documentation as
# hostvlan(5).  ovs-tenantd, the per-host agent that reads it, is in
# tenantd/.
EXTRA_DIST += \
	vswitchd/hostvlan.ovsschema \
	vswitchd/hostvlan.xml
pkgdata_DATA += vswitchd/hostvlan.ovsschema
man_MANS += vswitchd/hostvlan.5
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
