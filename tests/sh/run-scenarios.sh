# tests/sh/run-scenarios.sh FILE... - runs the shell scenarios of the
# files (format: tests/host/test_sh.c) inside Tessera, with its own shell:
# each script is fed to `sh` on standard input in a fresh /tmp/w, and its
# output, status and errors are checked as the host suite checks them.
# Prints PASS/FAIL lines and "N passed, N failed".  Written for POSIX sh
# (it runs under dash too).
pass=0
fail=0
dir=/tmp/sh-scen
mkdir -p "$dir" /home/bin

finish() {
	# $1 the scenario's name; the files in $dir hold the rest.
	rm -r /tmp/w 2>/dev/null
	mkdir /tmp/w
	(cd /tmp/w && sh < "$dir/script" > "$dir/out" 2> "$dir/err")
	st=$?
	got=$(cat "$dir/out"; echo .)
	want=$(cat "$dir/want"; echo .)
	ok=1
	[ "$got" = "$want" ] || ok=0
	[ "$st" = "$status" ] || ok=0
	if [ -n "$errtext" ]; then
		case $(cat "$dir/err") in
		*"$errtext"*) ;;
		*) ok=0 ;;
		esac
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1 (status $st, want $status)"
		echo "--- output"; cat "$dir/out"
		echo "--- want"; cat "$dir/want"
		echo "--- stderr"; cat "$dir/err"
	fi
}

for file in "$@"; do
	name=
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'=== '*)
			[ -n "$name" ] && finish "$name"
			name=${line#=== }
			mode=script
			status=0
			errtext=
			: > "$dir/script"
			: > "$dir/want"
			;;
		'--- out')
			mode=out ;;
		'--- status '*)
			status=${line#--- status }
			mode=none ;;
		'--- err '*)
			errtext=${line#--- err }
			mode=none ;;
		*)
			[ -z "$name" ] && continue
			if [ "$mode" = script ]; then
				printf '%s\n' "$line" >> "$dir/script"
			elif [ "$mode" = out ]; then
				printf '%s\n' "$line" >> "$dir/want"
			fi ;;
		esac
	done < "$file"
	[ -n "$name" ] && finish "$name"
done
rm -r "$dir" /tmp/w
echo "$pass passed, $fail failed"
