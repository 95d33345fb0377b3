# HostVLAN-OVS ofproto sources, included from the top-level Makefile.am.
ofproto_libofproto_la_SOURCES += \
	ofproto/ofproto-dpif-tenant.c \
	ofproto/ofproto-dpif-tenant.h \
	ofproto/ofproto-tenant.c \
	ofproto/ofproto-tenant.h \
	ofproto/ofproto-tenant-guard.c \
	ofproto/ofproto-tenant-guard.h

# The tenant/ unixctl commands, in ovs-vswitchd(8).
MAN_FRAGMENTS += ofproto/ofproto-tenant-unixctl.man
