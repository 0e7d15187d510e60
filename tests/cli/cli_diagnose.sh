#!/usr/bin/env bash
# `egeot diagnose` on a tiny checkpoint: each sampler's row and curves, non-mixing reported for
# chains that had too few steps to forget their starts, and every bad flag refused (exit 2).
egeot=$1
. "$(dirname "$0")/cli_harness.sh"

"$egeot" train --scene swissroll --iters 3 --out "$work/run" 2>/dev/null || { echo "FAIL: train"; exit 1; }
small="--chains 30 --n-sinkhorn 200 --curve-points 4"

"$egeot" diagnose --checkpoint "$work/run" --query 0.5,0.5 --steps 40 $small >"$work/out" 2>"$work/err"
check "diagnose runs" [ $? -eq 0 ]
for kind in ula mala hmc; do
  check "row for $kind" grep -qE "^  $kind +[0-9.e-]+ +([0-9.]+|-) +[0-9]+ +[0-9.]+ +[0-9]+" "$work/out"
done
check "R-hat curve" grep -q "split R-hat" "$work/out"
check "TV curve" grep -q "TV of the chains at step k" "$work/out"
check "no NaN" bash -c "! grep -qi nan '$work/out'"

# Sixteen ULA steps cannot carry chains from three times Q's radius to x: R-hat far above 1.
"$egeot" diagnose --checkpoint "$work/run" --query 0.5,0.5 --sampler ula --steps 16 $small >"$work/stuck" 2>/dev/null
check "stuck chains: one sampler" [ "$(grep -cE '^  (ula|mala|hmc) ' "$work/stuck")" -eq 3 ]
check "stuck chains: not mixed" grep -q "ula: NOT mixed: R-hat" "$work/stuck"

expect_error "unknown sampler" "\-\-sampler" -- diagnose --checkpoint "$work/run" --sampler gibbs
expect_error "too few steps" "\-\-steps" -- diagnose --checkpoint "$work/run" --steps 15
expect_error "too few chains" "\-\-chains" -- diagnose --checkpoint "$work/run" --chains 2
expect_error "leapfrog 0" "\-\-leapfrog" -- diagnose --checkpoint "$work/run" --leapfrog 0
expect_error "negative step" "\-\-step" -- diagnose --checkpoint "$work/run" --step -0.1
expect_error "target acceptance 1.5" "\-\-target-accept" -- diagnose --checkpoint "$work/run" --target-accept 1.5
expect_error "query of the wrong dimension" "\-\-query" -- diagnose --checkpoint "$work/run" --query 1,2,3
expect_error "no checkpoint" "\-\-checkpoint\|$work/none" -- diagnose --checkpoint "$work/none"
finish
