# if/elif/else, while, until, for, case, break, continue.
for n in 0 1 2 3 10; do
	if [ $n -eq 0 ]; then echo zero
	elif [ $n -lt 3 ]; then echo small $n
	else echo big $n
	fi
done
c=3
until [ $c -eq 0 ]; do printf '%s ' $c; c=$((c - 1)); done
echo
for i in 1 2 3 4 5 6; do
	[ $i -eq 2 ] && continue
	[ $i -eq 5 ] && break
	echo "loop $i"
done
for a in x y; do
	for b in 1 2 3; do
		[ $b -eq 2 ] && continue 2
		echo "$a$b"
	done
done
for w in apple Banana cherry 7up ''; do
	case $w in
	[aA]*) echo "$w starts with a" ;;
	[A-Z]*) echo "$w is capitalized" ;;
	*rr*|*zz*) echo "$w has a double" ;;
	[0-9]*) echo "$w starts with a digit" ;;
	'') echo "empty" ;;
	esac
done
i=0
while :; do i=$((i+1)); [ $i -ge 3 ] && break; done
echo "after $i"
