# Built-ins that behave the same everywhere.
printf '%s=%d\n' a 1 b 2
printf '[%5s][%-5s][%05d]\n' r l 42
printf '%x %o %c\n' 255 8 Z
echo "no newline" | { read line; echo "got $line"; }
printf 'k v rest\n' | { read k v; echo "$k|$v"; }
test 1 -eq 1 && echo t1
[ abc != abd ] && echo t2
[ -z "" ] && [ -n x ] && echo t3
[ ! 1 -gt 2 ] && echo t4
mkdir d
[ -d d ] && echo isdir
cd d && pwd | grep -c /d
cd ..
rmdir d
set -- a b c d
shift 2
echo "$@"
eval 'echo evaluated $1'
readonly RO=1
echo $RO
unset nothing
echo "${nothing-unset}"
type cd
alias hi='echo alias-hi'
hi
