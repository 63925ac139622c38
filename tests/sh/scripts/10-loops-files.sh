# Globbing and loops over files.
mkdir -p tree/a tree/b
touch tree/a/1.txt tree/a/2.txt tree/b/3.log tree/.hidden
for f in tree/*/*.txt; do echo "txt $f"; done
for f in tree/*; do echo "entry $f"; done
echo tree/b/*.log tree/*.none
set -- tree/a/*
echo "$# files"
case tree/a/1.txt in *.txt) echo "is text" ;; esac
rm -r tree
