# HostVLAN-OVS tests, included from the top-level Makefile.am.
EXTRA_DIST += \
	tests/upstream-baseline.txt
