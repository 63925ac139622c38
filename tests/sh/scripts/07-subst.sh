# Command substitution and nesting.
x=$(echo hello)
echo "$x world"
echo "$(echo a; echo b)" | wc -l
y=`echo back`
echo "$y"
n=$(printf 'l1\nl2\n' | wc -l)
echo "lines $n"
echo "$(echo "$(echo nested)")"
z=$(false); echo "status $?"
f() { echo "from f $1"; }
echo "$(f arg)"
v=inner; echo "$(echo $v)"
set -- $(echo p q r)
echo "$# $2"
