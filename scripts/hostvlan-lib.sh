# hostvlan-lib.sh: what the driver's scripts share, the way ovn-ctl sources
# ovs-lib.  A script sources it right after "set -euo pipefail":
#
#     . "$(dirname "$0")/hostvlan-lib.sh"
#
# and gets:
#
#   top, BUILD_DIR, OBJ, SRC  the repository, the build directory, the
#                         build and the assembled tree (BUILD_DIR, OBJ
#                         and SRC keep any value the caller set);
#   die MESSAGE...        prints "SCRIPT: MESSAGE" on stderr, exits 1;
#   need_root WHY         dies unless run as root;
#   need_built            dies unless "make" has built $OBJ;
#   ovs_use OBJ DIR       runs the OVS programs of build OBJ, with their
#                         run, log, database and configuration files in
#                         DIR (exports PATH and OVS_*DIR);
#   ovs_start DIR SCHEMA [OVS-VSWITCHD-OPTION...]
#                         creates a database from SCHEMA in DIR and starts
#                         an ovsdb-server and an ovs-vswitchd of their own
#                         there (after ovs_use);
#   ovs_stop DIR          stops them, removing the userspace datapath's
#                         devices;
#   clean_stale_test_leftovers
#                         removes what a killed system-test run left in
#                         the root namespace (root only);
#   kernel_series KVER    the kernel series ("6.1", "6.12") of a kernel
#                         release, empty if HostVLAN-OVS does not build
#                         for it;
#   newest_kernel SERIES  the newest kernel release of SERIES whose
#                         -amd64 headers are installed, empty if none;
#   kernel_build_dir SERIES
#                         where scripts/hostvlan-kmod builds for it;
#   kernel_qemu_dir SERIES
#                         where the QEMU tests of it keep their files.
# shellcheck shell=bash

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$top/build}
OBJ=${OBJ:-$BUILD_DIR/obj}
SRC=${SRC:-$BUILD_DIR/src}

die() {
    echo "${0##*/}: $*" >&2
    exit 1
}

need_root() {
    [ "$(id -u)" = 0 ] || die "needs root ($*)"
}

need_built() {
    [ -x "$OBJ/vswitchd/ovs-vswitchd" ] || die "not built: run 'make' first"
}

ovs_use() {
    local obj=$1 dir=$2
    export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir \
           OVS_SYSCONFDIR=$dir
    export PATH=$obj/utilities:$obj/vswitchd:$obj/ovsdb:$PATH
}

ovs_start() {
    local dir=$1 schema=$2
    shift 2
    ovsdb-tool create "$dir/conf.db" "$schema"
    ovsdb-server --detach --no-chdir --pidfile --log-file -vconsole:off \
        --remote=punix:"$dir/db.sock" "$dir/conf.db"
    ovs-vsctl --no-wait init
    ovs-vswitchd --detach --no-chdir --pidfile --log-file -vconsole:off \
        "$@" unix:"$dir/db.sock"
}

ovs_stop() {
    local dir=$1 d pid cleanup
    for d in ovs-vswitchd ovsdb-server; do
        [ -f "$dir/$d.pid" ] || continue
        pid=$(cat "$dir/$d.pid")
        # --cleanup also removes the netdev datapath's persistent
        # "ovs-netdev" tap, which upstream's system tests wait on.
        cleanup=
        [ $d = ovs-vswitchd ] && cleanup=--cleanup
        # shellcheck disable=SC2086
        ovs-appctl -t "$dir/$d.$pid.ctl" exit $cleanup >/dev/null 2>&1 ||
            kill "$pid" 2>/dev/null || true
    done
}

# A system-test run that is killed (a session or CI timeout, ^C) never runs
# its on_exit cleanups, and what it leaves breaks every later run on the
# machine: the userspace datapath's persistent taps "br0" and "ovs-netdev"
# (upstream's OVS_TRAFFIC_VSWITCHD_START waits 30 s for br0 to vanish, then
# fails the test) and the namespaces of tests/system-tenant*.at ("ip netns
# add hvc1" fails on a stale one).  The taps are removed only while no
# ovs-vswitchd runs, since a running one owns them; a namespace only when
# no process is in it.  Prints what it removes.
clean_stale_test_leftovers() {
    local dev ns sys=${HOSTVLAN_SYSFS:-/sys}
    if ! pgrep -x ovs-vswitchd >/dev/null; then
        for dev in br0 ovs-netdev; do
            [ -e "$sys/class/net/$dev/tun_flags" ] || continue
            echo "${0##*/}: removing stale tap $dev of a killed test run"
            ip link del "$dev" || true
        done
    fi
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
        case $ns in
            vm[0-9]*|rtr|remote|at_ns[0-9]*|hvc[0-9]*) ;;
            *) continue ;;
        esac
        [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] || continue
        echo "${0##*/}: removing stale namespace $ns of a killed test run"
        ip netns del "$ns" || true
    done
}

kernel_series() {
    case $1 in
    6.1.*) echo 6.1 ;;
    6.12.*) echo 6.12 ;;
    esac
}

newest_kernel() {
    { ls -d /usr/src/linux-headers-"$1".*-amd64 2>/dev/null || true; } |
        sort -V | tail -n1 | sed 's|.*/linux-headers-||'
}

kernel_build_dir() {
    if [ "$1" = 6.1 ]; then
        echo "$BUILD_DIR/kmod"
    else
        echo "$BUILD_DIR/kmod-$1"
    fi
}

kernel_qemu_dir() {
    if [ "$1" = 6.1 ]; then
        echo "$BUILD_DIR/qemu"
    else
        echo "$BUILD_DIR/qemu-$1"
    fi
}
