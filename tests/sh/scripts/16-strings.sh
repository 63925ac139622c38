# String operations with parameter expansion and printf.
s="Hello, World"
echo "${#s}"
echo "${s#Hello}"
echo "${s%World}"
path=/usr/share/doc/pkg/README.txt
base=${path##*/}
dir=${path%/*}
ext=${base##*.}
stem=${base%.*}
echo "$base|$dir|$ext|$stem"
: "${unset_default:=fallback}"
echo "$unset_default"
empty=
echo "[${empty:-e}] [${empty-n}] [${empty:+p}] [${s:+p}]"
printf '%s\n' "$s" | while IFS=, read -r a b; do echo "[$a][$b]"; done
printf '%5.2s|%-6s|%3d\n' abcdef xy 7
n=0; for c in 1 2 3 4 5 6 7 8 9 10; do n=$((n + c)); done; echo "sum $n"
set -- "one two" three
IFS=-; echo "$*"; IFS=' '
echo $(( (7 * 6) % 10 ))
echo "a bad arithmetic expression ends the script (status 2):"
echo $(( 2 ** 1 ))
echo "not reached"
