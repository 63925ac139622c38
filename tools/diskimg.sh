#!/usr/bin/env bash
# tools/diskimg.sh - Tessera's disk images (ext2, mounted at /home) on the
# host, while the system is off.  Uses e2fsprogs (mke2fs, debugfs, e2fsck).
#
#   tools/diskimg.sh create IMG [DIR] [SIZE]  new image (64M by default) holding
#                                             DIR's files; never overwrites IMG
#   tools/diskimg.sh put IMG SRC [DEST]       copy a host file or folder into
#                                             the image (DEST: a path in it,
#                                             default /NAME); replaces files
#   tools/diskimg.sh get IMG PATH DEST        copy a file or folder out
#   tools/diskimg.sh ls IMG [PATH]            list a directory
#   tools/diskimg.sh check IMG                e2fsck -fn (exit 0 when clean)
#
# Paths inside the image are absolute from its root ("/" is /home when
# Tessera runs).  Exit status non-zero on any failure.
set -euo pipefail

usage() {
	sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

dbg() { # IMG CMD: one debugfs command that writes; fails on its errors
	local out
	out=$(debugfs -w -R "$2" "$1" 2>&1 | grep -v '^debugfs [0-9]\|^Allocated inode') || true
	if [ -n "$out" ]; then
		echo "diskimg: $2: $out" >&2
		return 1
	fi
}

put_file() { # IMG HOSTFILE DEST
	debugfs -w -R "rm $3" "$1" >/dev/null 2>&1 || true
	dbg "$1" "write $2 $3"
}

put_tree() { # IMG HOSTDIR DEST
	debugfs -R "stat $3" "$1" 2>/dev/null | grep -q 'Type: directory' ||
		dbg "$1" "mkdir $3"
	local f
	for f in "$2"/* "$2"/.[!.]*; do
		[ -e "$f" ] || continue
		if [ -d "$f" ]; then
			put_tree "$1" "$f" "$3/$(basename "$f")"
		else
			put_file "$1" "$f" "$3/$(basename "$f")"
		fi
	done
}

[ $# -ge 2 ] || usage
cmd=$1
img=$2
shift 2
case "$cmd" in
create)
	dir=${1:-}
	size=${2:-64M}
	if [ -e "$img" ]; then
		echo "diskimg: $img exists; not overwriting it" >&2
		exit 1
	fi
	mkdir -p "$(dirname "$img")"
	if [ -n "$dir" ]; then
		mke2fs -q -t ext2 -b 4096 -L tessera-home -d "$dir" "$img" "$size" >/dev/null
	else
		mke2fs -q -t ext2 -b 4096 -L tessera-home "$img" "$size" >/dev/null
	fi
	echo "diskimg: made $img ($size, ext2)"
	;;
put)
	[ $# -ge 1 ] || usage
	src=$1
	dest=${2:-/$(basename "$src")}
	if [ -d "$src" ]; then
		put_tree "$img" "$src" "$dest"
	else
		put_file "$img" "$src" "$dest"
	fi
	;;
get)
	[ $# -eq 2 ] || usage
	if debugfs -R "stat $1" "$img" 2>/dev/null | grep -q 'Type: directory'; then
		mkdir -p "$2"
		debugfs -R "rdump $1 $2" "$img" >/dev/null 2>&1
	else
		debugfs -R "dump -p $1 $2" "$img" >/dev/null 2>&1
		[ -f "$2" ] || { echo "diskimg: no file $1 in $img" >&2; exit 1; }
	fi
	;;
ls)
	debugfs -R "ls -l ${1:-/}" "$img" 2>/dev/null
	;;
check)
	e2fsck -fn "$img"
	;;
*)
	usage
	;;
esac
