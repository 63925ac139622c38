# Subshells, groups, pipelines of compound commands, $$ and $? kept.
x=outer
(x=inner; echo "sub $x"; (echo "nested $x"))
echo "back $x"
{ x=group; }
echo "group $x"
pid=$$
test "$(echo $$)" = "$pid" && echo "same pid in a substitution"
(exit 3); echo "sub status $?"
false; (echo "status seen in a subshell: $?")
for i in 1 2 3; do echo $i; done | while read n; do echo "got $n"; done
echo "a b c" | { read first rest; echo "$first|$rest"; }
f() { echo "f:$1"; }
g() { f "$@" | while read l; do echo "g<$l>"; done; }
g one
v=$( (echo deep) )
echo "$v"
echo "$( { echo grouped; echo lines; } | grep -c . )"
