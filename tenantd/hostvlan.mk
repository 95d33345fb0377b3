# ovs-tenantd, the per-host agent of the HostVLAN tenant database,
# included from the top-level Makefile.am.  It is built beside
# ovs-vswitchd (vswitchd/ovs-tenantd), where the test suites' PATH finds
# it; its sources live here, one file per job (see tenantd/README).
sbin_PROGRAMS += vswitchd/ovs-tenantd
vswitchd_ovs_tenantd_SOURCES = \
	tenantd/apply.c \
	tenantd/ovs-tenantd.c \
	tenantd/prune.c \
	tenantd/publish.c \
	tenantd/tenantd.h \
	tenantd/view.c
vswitchd_ovs_tenantd_LDADD = lib/libopenvswitch.la

EXTRA_DIST += \
	tenantd/README \
	tenantd/ovs-tenantd.8
man_MANS += tenantd/ovs-tenantd.8

# Its Debian service files (debian/rules installs them).
EXTRA_DIST += \
	debian/openvswitch-switch.ovs-tenantd.init \
	debian/openvswitch-switch.ovs-tenantd.service
