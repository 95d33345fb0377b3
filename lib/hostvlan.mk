# HostVLAN-OVS library sources, included from the top-level Makefile.am.
lib_libopenvswitch_la_SOURCES += \
	lib/hostvlan-version.h \
	lib/tenant.c \
	lib/tenant.h
