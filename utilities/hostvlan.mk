# HostVLAN-OVS utilities, included from the top-level Makefile.am.

# ovs-tenantctl: administers the HostVLAN tenant database.
bin_PROGRAMS += utilities/ovs-tenantctl
utilities_ovs_tenantctl_SOURCES = \
	utilities/dbctl.c \
	utilities/dbctl.h \
	utilities/ovs-tenantctl.c
utilities_ovs_tenantctl_LDADD = lib/libopenvswitch.la

# ovs-tenant-cluster: runs the tenant database's members and relays.
scripts_SCRIPTS += utilities/ovs-tenant-cluster

# The Debian services of a tenant database member and relay (debian/rules
# installs them).
EXTRA_DIST += \
	debian/openvswitch-common.ovs-tenantdb-relay.service \
	debian/openvswitch-common.ovs-tenantdb.default \
	debian/openvswitch-common.ovs-tenantdb.init \
	debian/openvswitch-common.ovs-tenantdb.service \
	debian/ovs-tenantdb-ctl

# Kept from being replaced silently by another build (debian/rules installs
# them): the apt pin and the guard of openvswitch-switch's prerm.
EXTRA_DIST += \
	debian/hostvlan-ovs.pref \
	debian/ovs-hostvlan-guard

EXTRA_DIST += \
	utilities/ovs-tenant-cluster \
	utilities/ovs-tenant-cluster.8 \
	utilities/ovs-tenantctl.8
man_MANS += \
	utilities/ovs-tenant-cluster.8 \
	utilities/ovs-tenantctl.8
