#!/usr/bin/env bash
# eps as a dial on the command line: train --eps-range, sample/eval --eps within
# the trained range, and every bad range or eps refused with exit 2 and the range named.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

# An eps-conditioned run and a single-eps one.
"$egeot" train --scene gaussians --eps-range 0.05:10 --iters 5 --out "$work/dial" 2>"$work/train.err"
check "train --eps-range exits 0" [ $? -eq 0 ]
check "train says the range" grep -q "eps \[0.05, 10\] (eps-conditioned)" "$work/train.err"
check "config records the range" grep -q '"eps_range"' "$work/dial/config.json"
"$egeot" train --scene swissroll --iters 3 --out "$work/single" 2>/dev/null || { echo "FAIL: train single"; exit 1; }
snapshot() { (cd "$work/dial" && sha256sum * | sort); }
before=$(snapshot)

# Bad ranges: malformed, empty, inverted, non-positive.
for bad in "0.05" "a:b" "0.05:" ":10" "0.05:10:20" "nan:1"; do
  expect_error "malformed range '$bad'" "\-\-eps-range: expected MIN:MAX with 0 < MIN < MAX" -- \
    train --scene swissroll --eps-range "$bad" --out "$work/b"
done
expect_error "empty range" "the range is empty" -- train --scene swissroll --eps-range 1:1 --out "$work/b"
expect_error "inverted range" "the range is inverted" -- train --scene swissroll --eps-range 10:0.05 --out "$work/b"
expect_error "zero min" "MIN must be > 0" -- train --scene swissroll --eps-range 0:10 --out "$work/b"
expect_error "negative min" "MIN must be > 0" -- train --scene swissroll --eps-range -1:10 --out "$work/b"
expect_error "--eps outside --eps-range" "\-\-eps 20: outside --eps-range 0.05:10" -- \
  train --scene swissroll --eps-range 0.05:10 --eps 20 --out "$work/b"
expect_error "--eps-range with --resume" "drop --scene, --eps, --eps-range" -- \
  train --resume --eps-range 0.05:10 --out "$work/dial"
printf '{"source": {"type": "gaussian"}, "target": {"type": "swissroll"}, "eps_range": [10, 0.05]}' >"$work/inv.json"
expect_error "inverted range in a scene" "field 'eps_range': expected \[min, max\] with 0 < min < max" -- \
  train --scene "$work/inv.json" --out "$work/b"
check "no run directory was made for refused runs" [ ! -e "$work/b" ]

# eps outside the trained range: refused with the range in the message.
expect_error "sample above the range" "\-\-eps 20: outside the trained range \[0.05, 10\]" -- \
  sample --checkpoint "$work/dial" --eps 20 --x 0,0 --out "$work/s.csv"
expect_error "sample below the range" "\-\-eps 0.01: outside the trained range \[0.05, 10\]" -- \
  sample --checkpoint "$work/dial" --eps 0.01 --x 0,0 --out "$work/s.csv"
expect_error "sample eps not a number" "\-\-eps: expected a finite number > 0" -- \
  sample --checkpoint "$work/dial" --eps abc --x 0,0 --out "$work/s.csv"
expect_error "eval outside the range" "\-\-eps 11: outside the trained range \[0.05, 10\]" -- \
  eval --checkpoint "$work/dial" --eps 11
expect_error "sample a single-eps model at another eps" "trained at eps 0.1 only" -- \
  sample --checkpoint "$work/single" --eps 1 --x 0,0 --out "$work/s.csv"
check "s.csv was never written" [ ! -e "$work/s.csv" ]
check "the run directory is unchanged" [ "$before" = "$(snapshot)" ]

# Good paths: samples at two eps of the range spread as the eps does.
"$egeot" sample --checkpoint "$work/dial" --eps 0.05 --x 0,0 --n 400 --steps 30 --out "$work/lo.csv" 2>/dev/null
check "sample --eps 0.05 exits 0" [ $? -eq 0 ]
"$egeot" sample --checkpoint "$work/dial" --eps 10 --x 0,0 --n 400 --steps 30 --out "$work/hi.csv" 2>/dev/null
spread() { awk -F, 'NR > 1 { s += $3 * $3 + $4 * $4; n++ } END { print s / n }' "$1"; }
check "samples at eps 10 spread wider than at eps 0.05" \
  awk -v lo="$(spread "$work/lo.csv")" -v hi="$(spread "$work/hi.csv")" 'BEGIN { exit !(hi > 4 * lo) }'
"$egeot" eval --checkpoint "$work/dial" --eps 2 --json --n-plan 500 --n-sinkhorn 200 --queries 1 --n-per-query 100 \
  --steps 5 >"$work/eval.json" 2>/dev/null
check "eval --eps scores the model at that eps" grep -q '"eps_model":2.0,' "$work/eval.json"
check "eval --eps scores against references at that eps" grep -q '"eps_reference":2.0,' "$work/eval.json"

finish
