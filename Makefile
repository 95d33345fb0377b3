# HostVLAN-OVS driver: assembles Open vSwitch 3.1.0 + our overlay + patches
# under build/, then builds, tests and packages it.  "make help" lists targets.

SHELL := /bin/bash
.DEFAULT_GOAL := all

BUILD_DIR ?= $(CURDIR)/build
SRC := $(BUILD_DIR)/src
OBJ := $(BUILD_DIR)/obj
# Compile jobs: the machines have 2 cores.
JOBS ?= 3
# Test jobs: upstream's autotests mostly wait on timers, so run many.
TESTSUITE_JOBS ?= 16
# Configure options: scripts/hostvlan-configure holds the default, the one
# feature set of the fork and of the stock build it is benchmarked against.
# Set CONFIGURE_FLAGS to replace it (for both builds).

export BUILD_DIR SRC OBJ JOBS TESTSUITE_JOBS

# Every goal a user types runs under one timer and ends with a line saying
# how long it took (scripts/hostvlan-timed); the inner make does the work.
UNTIMED_GOALS := help export export-check patch-stats clean distclean
ifeq ($(HOSTVLAN_TIMED)$(filter $(UNTIMED_GOALS),$(MAKECMDGOALS)),)
GOALS := $(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))
$(firstword $(GOALS)):
	@scripts/hostvlan-timed "$(GOALS)" \
		$(MAKE) --no-print-directory HOSTVLAN_TIMED=1 $(GOALS)
$(wordlist 2,$(words $(GOALS)),$(GOALS)):
	@:
.PHONY: $(GOALS)
else

.PHONY: all help deps deps-kernel kmod tree configure check check-upstream \
	check-kernel check-full check-oracle check-stock check-fuzz patch-stats lint \
	demo demo-cluster bench bench-report deb check-packages rebase \
	export export-check clean distclean

help:
	@echo "make deps          install missing Debian build dependencies"
	@echo "make tree          assemble upstream + overlay + patches into $(SRC)"
	@echo "make all           configure (once) and build in $(OBJ)"
	@echo "make check         build, run upstream's testsuite and ours (the CI command)"
	@echo "make demo          tenant isolation demo"
	@echo "make demo-cluster  the paper's three hosts on a TLS+RBAC tenant database (root)"
	@echo "make kmod          build the kernel datapath module (build/kmod)"
	@echo "make check-kernel  kernel datapath system tests in QEMU (root)"
	@echo "make check-full    make check plus the slowest kernel tests (see README)"
	@echo "make check-oracle  the randomized isolation oracle (N=cases SEED=first MODE=)"
	@echo "make check-stock   upstream's suite on stock OVS 3.1.0 against the baseline"
	@echo "make check-fuzz    run each fuzz target for FUZZ_SECONDS (default 60)"
	@echo "make bench         benchmarks against stock OVS 3.1.0 (BENCH_TINY=yes: smallest)"
	@echo "make bench-report  against the other ways to isolate tenants: bench/report.md (root)"
	@echo "make deb           Debian packages that replace Debian's openvswitch (build/deb)"
	@echo "make check-packages  install, upgrade and downgrade the packages in a chroot (root)"
	@echo "make rebase        move onto a new Debian openvswitch-source (SOURCE=X.deb SHA256=...)"
	@echo "make patch-stats   changed lines of upstream files, by file and patch"
	@echo "make lint          checkpatch.py, flake8 and shellcheck on our code"
	@echo "make export        write edits made in $(SRC) back to patches/ and the overlay"
	@echo "make export-check  fail if $(SRC) holds edits not in patches/ or the overlay"
	@echo "make clean | distclean"

deps:
	@scripts/hostvlan-deps build

deps-kernel:
	@scripts/hostvlan-deps kernel

# The kernel datapath module, out of tree, against the installed headers.
kmod: deps-kernel
	@scripts/hostvlan-kmod

# The kernel datapath's system tests, in QEMU (root).
check-kernel: all deps-kernel
	@scripts/hostvlan-check-kernel

tree: deps
	@scripts/hostvlan-tree assemble

# Configures build/obj, again whenever its options or libraries changed.
configure: tree
	@scripts/hostvlan-configure $(SRC) $(OBJ)

# Quiet: the compiler's lines go to build/obj/build.log (V=1 shows them).
all: configure
	@scripts/hostvlan-build $(OBJ) "HostVLAN-OVS in $(OBJ)"

check: all
	@scripts/hostvlan-check

check-full: all
	@HOSTVLAN_CHECK_FULL=yes scripts/hostvlan-check

# The randomized isolation oracle beyond make check's seeds (N, SEED, MODE).
check-oracle: all
	@N=$(N) SEED=$(SEED) MODE=$(MODE) scripts/hostvlan-oracle

# The upstream suite alone, e.g. TESTSUITEFLAGS='-k tenant'.
check-upstream: all
	$(MAKE) -C $(OBJ) check TESTSUITEFLAGS="-j$(TESTSUITE_JOBS) $(TESTSUITEFLAGS)"

# The fuzz targets (tests/oss-fuzz), built with clang's libFuzzer, ASan
# and UBSan, each run for FUZZ_SECONDS from its seed corpus; make check
# builds them and replays the corpora.
FUZZ_SECONDS ?= 60
check-fuzz: tree
	@scripts/hostvlan-fuzz run $(FUZZ_SECONDS)

# Upstream's suite on stock OVS from the pinned source, against
# tests/upstream-baseline.txt: what to add to it (FAILED) and remove from
# it ("Baseline failures that passed"), e.g. after "make rebase".
check-stock: deps
	@scripts/hostvlan-stock
	@OBJ=$(BUILD_DIR)/stock/obj HOSTVLAN_CHECK_SUITE_ONLY=yes scripts/hostvlan-check

# Tenant isolation on the userspace datapath with network namespaces (root).
demo: all
	@scripts/hostvlan-demo

demo-cluster: all
	@scripts/hostvlan-demo-cluster

# BENCH_TINY=yes: every section once at the smallest sizes (make check).
BENCH_TINY ?= no
TINY_FLAG := $(if $(filter yes,$(BENCH_TINY)),--tiny)

# Against stock OVS 3.1.0 built from the same source in the same run.
bench: all
	@scripts/hostvlan-bench $(TINY_FLAG)

# HostVLAN-OVS against OpenFlow port security, 802.1Q VLANs and the Linux
# bridge, side by side in one run: bench/report.md, results.csv, plots.
bench-report: all
	@scripts/hostvlan-deps bench
	@scripts/hostvlan-stock
	@scripts/hostvlan-bench-report $(TINY_FLAG)

# Debian binary packages, with Debian's packaging from the pinned source.
deb: tree
	@scripts/hostvlan-deb

# The packages installed over Debian's in a debootstrap chroot (root).
check-packages: deb
	@scripts/hostvlan-check-packages

# Upstream's style checks on our code: checkpatch.py (C files, patches),
# flake8 (Python), shellcheck (scripts).  Part of make check.
lint: tree
	@scripts/hostvlan-lint

# What the patch series changes in upstream files (changed lines by file).
patch-stats:
	@scripts/hostvlan-patch-stats

# A new Debian revision of openvswitch-source: verify it, apply the series
# to it, pin it (README, "Taking Debian's fixes").
rebase: deps
	@scripts/hostvlan-rebase

export:
	@scripts/hostvlan-tree export

export-check:
	@scripts/hostvlan-tree export-check

clean:
	-$(MAKE) -C $(OBJ) clean

distclean:
	rm -rf $(BUILD_DIR)

endif
