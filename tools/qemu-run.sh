#!/usr/bin/env bash
# tools/qemu-run.sh - boot an image (normally build/loader.elf) on QEMU's
# riscv64 "virt" machine with OpenSBI (-bios default).
#
#   tools/qemu-run.sh [options] IMAGE [-- extra qemu args...]
#
# Options (the QEMU-style ones take the same values as QEMU):
#   -smp N            harts (default 1)
#   -m SIZE           memory, e.g. 512M (default 512M)
#   -append ARGS      kernel command line (/chosen/bootargs)
#   -icount SPEC      e.g. shift=0: guest time counts instructions, and
#                     sleep=off is added unless SPEC names sleep (idle
#                     time then jumps to the next timer instead of
#                     following the host clock), so a run repeats exactly
#   -initrd FILE      initial ramdisk
#   --timeout SECS    kill QEMU and fail with status 124 after SECS seconds
#                     (default 60; 0 = none); ignored with --interactive
#   --log FILE        write the console output to FILE (default
#                     build/qemu-logs/run-PID.log); the console is also
#                     copied to stdout unless --quiet
#   --quiet           do not copy the console to stdout
#   --interactive     console on this terminal (stdin included), no timeout,
#                     no log; QEMU's escape key is Ctrl-] (-echr 0x1d), so
#                     Ctrl-A reaches the guest: quit with Ctrl-] X
#   --gdb PORT        start paused with QEMU's gdb stub on 127.0.0.1:PORT
#                     (tools/gdb.sh attaches; boot with -append nokaslr)
#
# Exit status: QEMU's own (0 after an SBI SRST shutdown, whose reason
# OpenSBI 1.1 ignores; the code written to the sifive,test finisher, 1 for
# a failure from the kernel and the loader), 124 on timeout, 2 on bad usage.
set -uo pipefail

usage() {
	sed -n "2,30p" "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

smp=1
mem=512M
append=
have_append=0
icount=
initrd=
timeout_s=60
log=
quiet=0
interactive=0
gdb_port=
image=
extra=()

while [ $# -gt 0 ]; do
	case "$1" in
	-smp) [ $# -ge 2 ] || usage; smp=$2; shift 2 ;;
	-m) [ $# -ge 2 ] || usage; mem=$2; shift 2 ;;
	-append) [ $# -ge 2 ] || usage; append=$2; have_append=1; shift 2 ;;
	-icount) [ $# -ge 2 ] || usage; icount=$2; shift 2 ;;
	-initrd) [ $# -ge 2 ] || usage; initrd=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || usage; timeout_s=$2; shift 2 ;;
	--log) [ $# -ge 2 ] || usage; log=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--interactive) interactive=1; shift ;;
	--gdb) [ $# -ge 2 ] || usage; gdb_port=$2; shift 2 ;;
	-h | --help) usage ;;
	--) shift; extra=("$@"); break ;;
	-*) echo "qemu-run: unknown option $1" >&2; usage ;;
	*) [ -z "$image" ] || usage; image=$1; shift ;;
	esac
done
[ -n "$image" ] || usage
if [ ! -f "$image" ]; then
	echo "qemu-run: no such image: $image" >&2
	exit 2
fi
case "$timeout_s" in '' | *[!0-9]*) echo "qemu-run: bad --timeout" >&2; exit 2 ;; esac

qemu=${QEMU:-qemu-system-riscv64}
args=(-machine virt -bios default -smp "$smp" -m "$mem" -kernel "$image")
[ "$have_append" -eq 1 ] && args+=(-append "$append")
if [ -n "$icount" ]; then
	case ",$icount," in *,sleep=*) ;; *) icount=$icount,sleep=off ;; esac
	args+=(-icount "$icount")
fi
[ -n "$initrd" ] && args+=(-initrd "$initrd")
[ -n "$gdb_port" ] && args+=(-S -gdb "tcp:127.0.0.1:$gdb_port")

if [ "$interactive" -eq 1 ]; then
	# Ctrl-A is the shell's (start of line): QEMU's escape moves to
	# Ctrl-] (0x1d), as telnet's.
	exec "$qemu" "${args[@]}" -nographic -echr 0x1d "${extra[@]}"
fi

if [ -z "$log" ]; then
	log=${BUILD:-build}/qemu-logs/run-$$.log
fi
mkdir -p "$(dirname "$log")"

# The console goes to the log file; QEMU never reads our stdin.
to=()
[ "$timeout_s" -gt 0 ] && to=(timeout -k 2 "$timeout_s")
"${to[@]}" "$qemu" "${args[@]}" -display none -monitor none \
	-serial "file:$log" "${extra[@]}" </dev/null
rc=$?
[ "$quiet" -eq 0 ] && cat "$log"
if [ "$timeout_s" -gt 0 ] && { [ $rc -eq 124 ] || [ $rc -eq 137 ]; }; then
	echo "qemu-run: timeout: QEMU killed after ${timeout_s}s (log: $log)" >&2
	exit 124
fi
exit $rc
