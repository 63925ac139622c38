# Statuses of failures that do not stop a script.
nosuchcommand 2>/dev/null; echo "not found $?"
cat /nonexistent 2>/dev/null; echo "cat $?"
( exit 42 ); echo "subshell $?"
f() { return 5; }; f; echo "function $?"
! f; echo "negated $?"
if f; then echo yes; else echo "else branch $?"; fi
x=$(exit 7); echo "substitution $?"
true | false | true; echo "pipeline $?"
[ 1 -gt 2 ]; echo "test $?"
test -z nonempty; echo "test -z $?"
cd /nonexistent-dir 2>/dev/null || echo "cd failed"
echo "a special built-in's error ends the script:"
shift 5 2>/dev/null
echo "not reached"
