# trap: the EXIT action runs when the shell ends, however it ends (the
# end of the script, exit N, set -e, an expansion error), once, with $?
# the status it ends with; `trap` lists the actions set, `trap - EXIT`
# and `trap EXIT` reset them.  Signals (HUP INT TERM) are accepted and
# listed; Tessera delivers none to a wasm process, so they never run.
trap 'echo "exit trap: status $?"' EXIT
trap 'echo hup' HUP
trap
trap - HUP
trap
echo "--- a subshell's own trap runs when it ends"
( trap 'echo "sub trap: $?"' EXIT; echo in sub; exit 5 )
echo "sub status $?"
echo "--- traps are not inherited by a subshell"
( echo "listed in sub:"; trap; true )
echo "--- exit in the trap sets the status"
sh -c 'trap "echo trap sees \$?; exit 7" EXIT; exit 3'
echo "status $?"
echo "--- set -e runs the trap"
sh -c 'set -e; trap "echo trap after false: \$?" 0; false; echo never'
echo "status $?"
echo "--- an expansion error runs the trap"
sh -c 'trap "echo trap: \$?" EXIT; unset u; echo ${u?unset}' 2>/dev/null
echo "status $?"
echo "--- reset with trap EXIT and trap - 0"
sh -c 'trap "echo no" EXIT; trap EXIT; echo reset 1'
sh -c 'trap "echo no" 0; trap - 0; echo reset 2'
echo "--- the end of the script"
sh -c 'trap "echo bye" EXIT; echo last'
echo "--- a function may set it"
sh -c 'f() { trap "echo set in f" EXIT; }; f; echo after f'
echo "--- a bad name"
trap 'echo x' NOSUCH 2>/dev/null
echo "bad name: $?"
exit 3
