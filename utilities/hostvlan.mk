# HostVLAN-OVS utilities, included from the top-level Makefile.am.

# ovs-tenantctl: administers the HostVLAN tenant database.
bin_PROGRAMS += utilities/ovs-tenantctl
utilities_ovs_tenantctl_SOURCES = utilities/ovs-tenantctl.c
utilities_ovs_tenantctl_LDADD = lib/libopenvswitch.la

# ovs-tenant-cluster: runs a local 3-member tenant database cluster.
scripts_SCRIPTS += utilities/ovs-tenant-cluster

EXTRA_DIST += \
	utilities/ovs-tenant-cluster \
	utilities/ovs-tenant-cluster.8 \
	utilities/ovs-tenantctl.8
man_MANS += \
	utilities/ovs-tenant-cluster.8 \
	utilities/ovs-tenantctl.8
