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
	tests/tenant-macros.at \
	tests/tenant.at \
	tests/tenant-xlate.at \
	tests/tenant-datapath.at \
	tests/tenant-failopen.at \
	tests/tenant-hostile.at \
	tests/tenant-oracle.at \
	tests/tenant-cluster-macros.at \
	tests/tenant-cluster.at \
	tests/tenant-rbac.at \
	tests/tenant-port-security.at \
	tests/tenant-address-guard.at

tests_ovstest_SOURCES += \
	tests/test-tenant.c \
	tests/test-tenant-keys.c \
	vswitchd/tenant-keys.c

# Included by the userspace and kernel system testsuites (patch
# 0019-tests-system-tenant.patch).
SYSTEM_TESTSUITE_AT += \
	tests/system-tenant-macros.at \
	tests/system-tenant.at

# Multi-host tests with three ovs-vswitchd processes, userspace datapath
# only (patch 0019).
SYSTEM_USERSPACE_TESTSUITE_AT += \
	tests/tenant-cluster-macros.at \
	tests/system-tenant-cluster.at

# Fuzz targets (libFuzzer API, as upstream's tests/oss-fuzz; built by
# scripts/hostvlan-fuzz with LIB_FUZZING_ENGINE set: "make check-fuzz").
HOSTVLAN_FUZZ_TARGETS = \
	tests/oss-fuzz/odp_tenant_target \
	tests/oss-fuzz/tenant_config_target \
	tests/oss-fuzz/tenant_netlink_target \
	tests/oss-fuzz/tenantd_rows_target
EXTRA_PROGRAMS += $(HOSTVLAN_FUZZ_TARGETS)
hostvlan-fuzz-targets: $(HOSTVLAN_FUZZ_TARGETS)
# Their seed corpora (and one for upstream's odp_target), one reviewable
# text file each; scripts/hostvlan-fuzz unpacks them.
EXTRA_DIST += \
	tests/oss-fuzz/hostvlan-corpus.py \
	tests/oss-fuzz/odp_target.corpus \
	tests/oss-fuzz/odp_tenant_target.corpus \
	tests/oss-fuzz/tenant_config_target.corpus \
	tests/oss-fuzz/tenant_netlink_target.corpus \
	tests/oss-fuzz/tenantd_rows_target.corpus

tests_oss_fuzz_odp_tenant_target_SOURCES = \
	tests/oss-fuzz/odp_tenant_target.c tests/oss-fuzz/tenant-fuzz.h
tests_oss_fuzz_odp_tenant_target_LDADD = lib/libopenvswitch.la
tests_oss_fuzz_odp_tenant_target_LDFLAGS = $(LIB_FUZZING_ENGINE)

tests_oss_fuzz_tenant_config_target_SOURCES = \
	tests/oss-fuzz/tenant_config_target.c tests/oss-fuzz/tenant-fuzz.h
tests_oss_fuzz_tenant_config_target_LDADD = lib/libopenvswitch.la
tests_oss_fuzz_tenant_config_target_LDFLAGS = $(LIB_FUZZING_ENGINE)

tests_oss_fuzz_tenant_netlink_target_SOURCES = \
	tests/oss-fuzz/tenant_netlink_target.c tests/oss-fuzz/tenant-fuzz.h
tests_oss_fuzz_tenant_netlink_target_LDADD = lib/libopenvswitch.la
tests_oss_fuzz_tenant_netlink_target_LDFLAGS = $(LIB_FUZZING_ENGINE)

tests_oss_fuzz_tenantd_rows_target_SOURCES = \
	tests/oss-fuzz/tenantd_rows_target.c tests/oss-fuzz/tenant-fuzz.h
tests_oss_fuzz_tenantd_rows_target_LDADD = lib/libopenvswitch.la
tests_oss_fuzz_tenantd_rows_target_LDFLAGS = $(LIB_FUZZING_ENGINE)
