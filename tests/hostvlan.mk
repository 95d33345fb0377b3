# HostVLAN-OVS tests, included from the top-level Makefile.am.
EXTRA_DIST += \
	tests/tenant-agent-forbidden-ops.txt \
	tests/tenant-frames.py \
	tests/tenant-oracle.py \
	tests/tenant-tap-vm.py \
	tests/upstream-baseline.txt \
	tests/hostvlan-1.0.0.ovsschema

TESTSUITE_AT += \
	tests/hostvlan-tests.at \
	tests/tenant.at \
	tests/tenant-xlate.at \
	tests/tenant-datapath.at \
	tests/tenant-failopen.at \
	tests/tenant-hostile.at \
	tests/tenant-oracle.at \
	tests/tenant-cluster-macros.at \
	tests/tenant-cluster.at \
	tests/tenant-rbac.at

tests_ovstest_SOURCES += \
	tests/test-tenant.c

# Included by the userspace and kernel system testsuites (patch
# 0019-tests-system-tenant.patch).
SYSTEM_TESTSUITE_AT += \
	tests/system-tenant.at

# Multi-host tests with three ovs-vswitchd processes, userspace datapath
# only (patch 0019).
SYSTEM_USERSPACE_TESTSUITE_AT += \
	tests/tenant-cluster-macros.at \
	tests/system-tenant-cluster.at
