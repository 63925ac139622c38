# Parameter expansion, quoting and field splitting.
a='one two  three'
for w in $a; do echo "[$w]"; done
for w in "$a"; do echo "[$w]"; done
unset u
echo "${u:-dflt}" "${u-dash}" "${a:+alt}" "${#a}"
echo "${u:=assigned}" "$u"
p=/usr/local/lib/libfoo.so.1
echo "${p#*/}" "${p##*/}" "${p%.*}" "${p%%.*}"
set -- 'x y' z
echo $# "$1" "$2"
for arg in "$@"; do echo "at[$arg]"; done
for arg in "$*"; do echo "star[$arg]"; done
IFS=:
v=a:b::c
for f in $v; do echo "f[$f]"; done
IFS=' 	
'
echo 'single $a' "double ${#a}" esc\ aped
e=
set -- $e
echo "empty gives $#"
echo "${a%% *}-${a#* }"
