#!/usr/bin/env bash
# tests/spec/run-spec3.sh RUNNER CORE_DIR WASM3_DIR LIST - the wasm-3.0 spec
# suite: every file of WASM3_DIR (and its legacy/) named in LIST
# (tests/spec/wasm-3.0.list: a file and the proposals it needs), plus the
# core-2.0 files that have no 3.0 version, all run with every proposal the
# engine supports.  A file needing a proposal the engine does not support
# (spec-runner --supported) is not run: it is printed ("not run: FILE
# (why)") and counts nothing; a "skipped:" line sums them up.  Prints the counts per proposal and, last,
# the total.  A missing WASM3_DIR is a skip, never a pass.
set -uo pipefail
runner=$1 core=$2 dir=$3 list=$4
if [ ! -d "$dir" ] || [ ! -d "$core" ]; then
	echo "skipped: spec suites not found at $dir and $core"
	echo "0 passed, 0 failed"
	exit 0
fi
supported=" core $("$runner" --supported | tr '\n' ' ') "
declare -A files=([core]="")
order=(core)
declare -A listed=()
nskipped=0 unfinished=""
while read -r name props; do
	name=${name%%#*}
	[ -z "$name" ] && continue
	listed[$name]=1
	if [ ! -f "$dir/$name" ]; then
		echo "missing: $dir/$name (named in $list)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	read -r -a p <<<"$props"
	missing=()
	for x in "${p[@]}"; do
		[[ "$supported" == *" $x "* ]] || missing+=("$x")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "not run: $name (${p[0]}; needs ${missing[*]}: not implemented)"
		nskipped=$((nskipped + 1))
		for x in "${missing[@]}"; do
			[[ " $unfinished " == *" $x "* ]] || unfinished+=" $x"
		done
		continue
	fi
	[ -z "${files[${p[0]}]+x}" ] && order+=("${p[0]}") && files[${p[0]}]=""
	files[${p[0]}]+="$dir/$name"$'\n'
done <"$list"
for f in "$dir"/*.wast "$dir"/legacy/*.wast; do
	rel=${f#"$dir"/}
	if [ -z "${listed[$rel]+x}" ]; then
		echo "unlisted: $rel (add it to $list)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done
for f in "$core"/*.wast; do
	b=$(basename "$f")
	[ -e "$dir/$b" ] || files[core]+="$f"$'\n'
done
tp=0 tf=0 rc=0
summary=()
for g in "${order[@]}"; do
	mapfile -t fl < <(printf '%s' "${files[$g]}")
	[ ${#fl[@]} -eq 0 ] && continue
	out=$("$runner" --features all "${fl[@]}")
	[ $? -ne 0 ] && rc=1
	grep -v '^[0-9]* passed' <<<"$out"
	last=$(tail -n 1 <<<"$out")
	p=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' <<<"$last")
	f=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' <<<"$last")
	p=${p:-0} f=${f:-1}
	summary+=("$(printf '%-22s %3d files %7d passed, %d failed' "$g:" ${#fl[@]} "$p" "$f")")
	tp=$((tp + p)) tf=$((tf + f))
done
printf '%s\n' "${summary[@]}"
[ $nskipped -gt 0 ] &&
	echo "skipped: $nskipped files need unimplemented proposals:$unfinished"
echo "$tp passed, $tf failed"
[ $rc -eq 0 ] && [ $tf -eq 0 ]
