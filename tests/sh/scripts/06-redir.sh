# Redirections and here-documents.
echo one > f
echo two >> f
cat f
wc -l < f
{ echo out; echo err >&2; } 2>&1 > /dev/null
{ echo a; echo b; } > g 2>&1
cat g
cat <<EOF
home-less $((1 + 1))
EOF
cat <<'EOF'
literal $x
EOF
cat <<-EOF
	tab stripped
	EOF
while read l; do echo "read: $l"; done <<EOF
r1
r2
EOF
exec 3> h
echo to-three >&3
exec 3>&-
cat h
ls nosuch 2> e || echo "ls failed"
test -s e && echo "error saved"
rm f g h e
