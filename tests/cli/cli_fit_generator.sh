#!/usr/bin/env bash
# egeot fit-generator: a tiny fit writes a loadable directory and a PNG grid; every bad input
# gives exit code 2, one stderr line naming the flag or file, and writes nothing.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

expect_error "unknown class" "\-\-class: unknown Fashion-MNIST class 'boot'; expected one of: t-shirt" -- fit-generator --class boot --out "$work/g"
expect_error "unknown dataset" "fashion-mnist only" -- fit-generator --dataset afhq --class cat --out "$work/g"
expect_error "unwritable out" "/proc/egeot-nope" -- fit-generator --class sneaker --out /proc/egeot-nope/g
mkdir -p "$work/full" && echo keep >"$work/full/file"
expect_error "non-empty out" "already exists and is not empty" -- fit-generator --class sneaker --out "$work/full"
check "non-empty out untouched" grep -q keep "$work/full/file"
echo x >"$work/afile"
expect_error "out is a file" "is not a directory" -- fit-generator --class sneaker --out "$work/afile"
expect_error "iters 0" "\-\-iters: expected an integer >= 1" -- fit-generator --class sneaker --iters 0 --out "$work/g"
expect_error "samples not png" "\-\-samples" -- fit-generator --class sneaker --samples "$work/s.jpg" --out "$work/g"
expect_error "odd width" "\-\-base-channels" -- fit-generator --class sneaker --base-channels 7 --out "$work/g"
EGEOT_FASHION_MNIST="$work/nodata" expect_error "missing dataset" "dataset-fashion-mnist" -- fit-generator --class sneaker --out "$work/g"
check "nothing written by refused runs" test ! -e "$work/g"

# A tiny real fit.
"$egeot" fit-generator --class sneaker --iters 20 --batch 32 --base-channels 8 --seed 1 \
  --out "$work/g" --samples "$work/grid.png" >"$work/fit.txt" 2>"$work/fit.err"
check "tiny fit succeeds" test $? -eq 0
check "config.json written" grep -q '"format": "egeot-generator/1"' "$work/g/config.json"
check "weights written" test -s "$work/g/decoder.pt"
check "grid is a PNG" bash -c "head -c 8 '$work/grid.png' | od -An -c | grep -q 'P   N   G'"
check "reports latent dims" grep -q "latent dims used" "$work/fit.txt"
check "reports sharpness" grep -q "sharpness of samples / real images" "$work/fit.txt"
check "progress bar" grep -q "20/20" "$work/fit.err"
check "no temporary left" bash -c "! ls '$work' | grep -q tmp-"
# A second fit into the same directory is refused and leaves it as it was.
sum=$(md5sum <"$work/g/decoder.pt")
expect_error "refit into existing" "already exists" -- fit-generator --class sneaker --iters 2 --out "$work/g"
check "existing generator untouched" test "$sum" = "$(md5sum <"$work/g/decoder.pt")"

finish
