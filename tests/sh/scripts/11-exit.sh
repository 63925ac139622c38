# The script's exit status is that of exit.
f() { echo in-f; exit 3; }
echo before
(exit 4)
echo "subshell $?"
f
echo never
