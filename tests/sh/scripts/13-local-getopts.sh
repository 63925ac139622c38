# local, getopts, command -v and trap EXIT (dash has them all).
trap 'echo "exit trap"' EXIT
counter=10
bump() {
	local counter
	counter=$1
	counter=$((counter + 1))
	echo "inner $counter"
}
bump 1
echo "outer $counter"
parse() {
	local OPTIND o
	while getopts "vn:" o; do
		case $o in
		v) echo "verbose" ;;
		n) echo "name=$OPTARG" ;;
		*) echo "bad" ;;
		esac
	done
	shift $((OPTIND - 1))
	echo "rest: $*"
}
parse -v -n joe a b
parse -nann c
command -v cd
command -v printf
echo done
