# Lists, and-or lists, status and negation.
echo start; echo second
true && echo and-ran
false && echo not-printed
false || echo or-ran
true || echo not-printed
false; echo "status $?"
! false; echo "negated $?"
true | false; echo "pipe $?"
false | true; echo "pipe $?"
x=1; (x=2; echo "sub $x"); echo "main $x"
{ echo g1; echo g2; } | wc -l
if true && false || true; then echo mixed; fi
