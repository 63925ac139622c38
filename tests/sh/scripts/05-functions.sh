# Functions, return, positional parameters, recursion.
add() { echo $(($1 + $2)); }
echo "sum $(add 2 40)"
count() { echo "$# args"; }
count; count a; count a 'b c' d
fib() {
	if [ $1 -lt 2 ]; then echo $1; return; fi
	echo $(( $(fib $(($1 - 1))) + $(fib $(($1 - 2))) ))
}
fib 10
check() { [ "$1" = yes ]; }
check yes && echo accepted
check no || echo refused
ret() { return $1; }
ret 7; echo "ret $?"
set -- outer1 outer2
show() { echo "inner $1"; }
show in
echo "outer $1 $#"
g=0
bump() { g=$((g + 1)); }
bump; bump; echo "g=$g"
