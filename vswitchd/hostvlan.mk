# HostVLAN-OVS vswitchd sources, included from the top-level Makefile.am.
vswitchd_ovs_vswitchd_SOURCES += \
	vswitchd/tenant-config.c \
	vswitchd/tenant-config.h
