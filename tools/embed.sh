#!/bin/sh
# embed.sh SYMBOL FILE: print a C source holding FILE's bytes as
# `const unsigned char SYMBOL[]` (NUL-terminated) and `SYMBOL_len`, so data
# files (the tour, diagrams, themes) live inside the binary and nfwalk runs
# uninstalled.
set -e
sym=$1
file=$2
[ -n "$sym" ] && [ -r "$file" ] || { echo "usage: embed.sh SYMBOL FILE" >&2; exit 2; }
echo "/* Generated from $(basename "$file") by tools/embed.sh; do not edit. */"
echo "#include <stddef.h>"
echo "extern const unsigned char ${sym}[];"
echo "extern const size_t ${sym}_len;"
echo "const unsigned char ${sym}[] = {"
od -An -v -tx1 "$file" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
echo "0x00};"
echo "const size_t ${sym}_len = sizeof(${sym}) - 1;"
