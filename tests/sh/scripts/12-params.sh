# Positional parameters through set, shift and functions.
set -- 1 2 3 4 5 6 7 8 9 10 11
echo "$# ${10} ${11}"
shift 10
echo "$1"
set --
echo "none $#"
show() { for a; do printf '<%s>' "$a"; done; echo; }
show "a b" c "" d
show
IFS=,
set -- x y z
echo "$*"
IFS=' '
echo "$*"
