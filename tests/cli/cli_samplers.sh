#!/usr/bin/env bash
# The chain kernels from the command line: --sampler and its flags where sampling happens,
# their bad values (exit 2, one line naming the flag or field), the scene's "sampler" fields,
# and a collapsed kernel reported instead of returned silently.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

"$egeot" train --scene swissroll --iters 3 --out "$work/run" 2>/dev/null || { echo "FAIL: train"; exit 1; }
sample=(sample --checkpoint "$work/run" --x 0,0 --n 50 --steps 20 --out "$work/s.csv")

expect_error "unknown sampler" "\-\-sampler: expected ula, mala or hmc, got 'nuts'" -- "${sample[@]}" --sampler nuts
expect_error "zero leapfrog" "\-\-leapfrog: expected an integer >= 1" -- "${sample[@]}" --sampler hmc --leapfrog 0
expect_error "negative step" "\-\-step: expected a finite number > 0" -- "${sample[@]}" --sampler hmc --step -0.1
expect_error "zero step" "\-\-step: expected a finite number > 0" -- "${sample[@]}" --sampler mala --step 0
expect_error "target acceptance 1" "\-\-target-accept: expected a number in (0, 1)" -- "${sample[@]}" --target-accept 1
expect_error "target acceptance 0" "\-\-target-accept: expected a number in (0, 1)" -- "${sample[@]}" --target-accept 0
expect_error "negative warm-up" "\-\-adapt-steps: expected an integer >= 0" -- "${sample[@]}" --adapt-steps -1
expect_error "leapfrog without hmc" "\-\-leapfrog: applies to --sampler hmc only (the sampler is mala)" -- "${sample[@]}" --sampler mala --leapfrog 3
expect_error "step with ula" "\-\-step: applies to --sampler mala or hmc only" -- "${sample[@]}" --step 0.1
expect_error "target acceptance with ula" "\-\-target-accept: applies to" -- "${sample[@]}" --sampler ula --target-accept 0.5
expect_error "eval: unknown sampler" "\-\-sampler" -- eval --checkpoint "$work/run" --sampler langevin
expect_error "translate: zero leapfrog" "\-\-leapfrog" -- translate --checkpoint "$work/run" --index 0 --leapfrog 0 --out "$work/t.png"

scene() { printf '{"source": {"type": "gaussian"}, "target": {"type": "swissroll"}, "eps": 0.1, "sampler": {%s}}' "$1" >"$work/scene.json"; }
scene '"kind": "nuts"'
expect_error "scene: unknown kind" "field 'sampler.kind'" -- train --scene "$work/scene.json" --out "$work/b"
scene '"leapfrog": 0'
expect_error "scene: zero leapfrog" "field 'sampler.leapfrog'" -- train --scene "$work/scene.json" --out "$work/b"
scene '"step": -1'
expect_error "scene: negative step" "field 'sampler.step'" -- train --scene "$work/scene.json" --out "$work/b"
scene '"target_accept": 1'
expect_error "scene: target acceptance 1" "field 'sampler.target_accept'" -- train --scene "$work/scene.json" --out "$work/b"

# Each kernel samples and says its acceptance; the kind is kept in the checkpoint's scene.
for kind in mala hmc; do
  leapfrog=(); [ $kind = hmc ] && leapfrog=(--leapfrog 3)
  "$egeot" "${sample[@]}" --sampler $kind "${leapfrog[@]}" --target-accept 0.6 2>"$work/err"
  check "$kind samples (exit 0)" [ $? -eq 0 ]
  check "$kind reports its acceptance" grep -q "egeot sample: $kind acceptance" "$work/err"
  check "$kind writes 50 rows" [ "$(tail -n +2 "$work/s.csv" | wc -l)" -eq 50 ]
  check "$kind: no collapse warning" bash -c "! grep -q warning '$work/err'"
done
"$egeot" "${sample[@]}" --sampler mala --step 1000 2>"$work/err"
check "a collapsed kernel still exits 0" [ $? -eq 0 ]
check "a collapsed kernel is reported" grep -q "warning: mala acceptance collapsed" "$work/err"
scene '"kind": "mala", "leapfrog": 4, "step": 0.03, "target_accept": 0.7, "adapt_steps": 5'
"$egeot" train --scene "$work/scene.json" --iters 2 --out "$work/mala-run" 2>"$work/err"
check "a mala scene trains" [ $? -eq 0 ]
check "train reports the kernel's acceptance" grep -q "egeot train: mala acceptance .* (mean over 2 training steps)" "$work/err"
check "train: no collapse warning" bash -c "! grep -q warning '$work/err'"
scene '"kind": "mala", "step": 1000'
"$egeot" train --scene "$work/scene.json" --iters 3 --out "$work/collapsed-run" 2>"$work/err"
check "a collapsing training sampler still trains" [ $? -eq 0 ]
check "train reports the first collapse" grep -q "warning: iteration 1: mala acceptance collapsed" "$work/err"
check "train sums the collapses up" grep -q "collapsed in 3 of 3 training steps (first at iteration 1)" "$work/err"
check "the scene's sampler fields are kept" grep -q '"kind": "mala"' "$work/mala-run/config.json"
check "the step is kept" grep -q '"step": 0.03' "$work/mala-run/config.json"
# The bench runs each kernel and prints a ratio to ULA for each; --tv a TV per budget.
"$egeot" bench samplers --checkpoint "$work/run" --chains 16 --steps 3 --rounds 1 --json >"$work/bench.json" 2>/dev/null
check "bench samplers exits 0" [ $? -eq 0 ]
check "bench samplers times three kernels" [ "$(grep -o '"cpu_step_ratio_to_ula"' "$work/bench.json" | wc -l)" -eq 3 ]
"$egeot" bench samplers --checkpoint "$work/run" --tv --queries 1 --chains-per-query 20 --max-gradients 50 --json \
  >"$work/tv.json" 2>/dev/null
check "bench samplers --tv exits 0" [ $? -eq 0 ]
check "bench samplers --tv scores four kernels" [ "$(grep -o '"kernel"' "$work/tv.json" | wc -l)" -eq 4 ]
finish
