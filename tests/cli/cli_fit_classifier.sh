#!/usr/bin/env bash
# egeot fit-classifier: a tiny fit writes a loadable directory and reports test accuracy; the
# cached classifier (no --out) is trained once; every bad input gives exit code 2, one stderr
# line naming the flag or file, and writes nothing.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"
export XDG_CACHE_HOME="$work/cache"

expect_error "unknown dataset" "\-\-dataset 'afhq': the classifier is trained on fashion-mnist only" -- fit-classifier --dataset afhq --out "$work/c"
expect_error "epochs 0" "\-\-epochs: expected an integer 1 to 1000" -- fit-classifier --epochs 0 --out "$work/c"
expect_error "lr negative" "\-\-lr: expected a finite number > 0" -- fit-classifier --lr -1 --out "$work/c"
expect_error "unwritable out" "/proc/egeot-nope" -- fit-classifier --out /proc/egeot-nope/c
mkdir -p "$work/full" && echo keep >"$work/full/file"
expect_error "non-empty out" "\-\-out $work/full: already exists and is not empty" -- fit-classifier --out "$work/full"
check "non-empty out untouched" grep -q keep "$work/full/file"
EGEOT_FASHION_MNIST="$work/nodata" expect_error "missing dataset" "dataset-fashion-mnist" -- fit-classifier --out "$work/c"
check "nothing written by refused runs" test ! -e "$work/c" -a ! -e "$work/cache"

# A tiny real fit into --out.
"$egeot" fit-classifier --epochs 1 --train-limit 640 --batch 32 --width 4 --out "$work/c" >"$work/fit.txt" 2>"$work/fit.err"
check "tiny fit succeeds" test $? -eq 0
check "config.json written" grep -q '"format": "egeot-classifier-1"' "$work/c/config.json"
check "weights written" test -s "$work/c/weights.pt"
check "reports test accuracy" grep -Eq "^test accuracy: [0-9.]+ % on 10000 fashion-mnist test images" "$work/fit.txt"
check "progress bar" grep -q "20/20" "$work/fit.err"
check "no temporary left" bash -c "! ls '$work' | grep -q tmp-"
sum=$(md5sum <"$work/c/weights.pt")
expect_error "refit into existing" "already exists" -- fit-classifier --epochs 1 --train-limit 64 --out "$work/c"
check "existing classifier untouched" test "$sum" = "$(md5sum <"$work/c/weights.pt")"

# The cache: trained on the first call, reused on the second.
"$egeot" fit-classifier --epochs 1 --train-limit 320 --batch 32 --width 4 >"$work/c1.txt" 2>"$work/c1.err"
check "cached fit succeeds" test $? -eq 0
check "cached fit lands in XDG_CACHE_HOME" grep -q "saved to $work/cache/egeot/classifiers/" "$work/c1.txt"
"$egeot" fit-classifier --epochs 1 --train-limit 320 --batch 32 --width 4 >"$work/c2.txt" 2>"$work/c2.err"
check "second call reuses it" grep -q "(cached; not refitted)" "$work/c2.txt"
check "second call shows no progress bar" bash -c "! grep -q '10/10' '$work/c2.err'"
check "same accuracy reported" test "$(head -1 "$work/c1.txt")" = "$(head -1 "$work/c2.txt")"

finish
