# set -e: conditions are spared, a failing command ends the script.
set -e
if false; then echo no; fi
false || echo rescued
! true
while false; do :; done
x=$(true)
echo "still here"
f() { return 1; }
f || echo "function failure handled"
false
echo "not reached"
