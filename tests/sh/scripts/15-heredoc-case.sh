# Here-documents in loops and functions, case in loops.
name=world
greet() {
	cat <<EOF
hello $name
  indented $((1 + 1))
EOF
}
greet
name=again; greet
for w in a1 b2 c3 zz; do
	case $w in
	a*|b*) kind=ab ;;
	c?) kind=c ;;
	*) kind=other ;;
	esac
	cat <<-END
		$w is $kind
	END
done
cat <<'RAW'
$name `x` \n stays
RAW
while read -r line; do
	case $line in
	\#*) continue ;;
	*=*) echo "key ${line%%=*} value ${line#*=}" ;;
	esac
done <<DATA
# comment
a=1
b=two=2
DATA
