#!/usr/bin/env bash
# The speed benches: `bench train` reports both gradients, the GEMM rate and the machine's load;
# bad flags of `bench train` and `bench time-to-plan` give one line naming the flag, exit 2.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

"$egeot" bench train --scene swissroll --iters 2 --blocks 1 --json >"$work/out" 2>/dev/null
check "bench train exits 0" [ $? -eq 0 ]
python3 - "$work/out" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["bench_train"]
for g in ("fused", "autograd"):
    t = b[g]
    assert t["ms_per_it"] > 0 and t["sampler_ms"] > 0 and t["gemm_fraction"] > 0, t
    f = t["fastest_block"]
    assert 0 < f["ms_per_it"] <= t["ms_per_it"] and 0 < f["sampler_ms"] <= t["sampler_ms"], t
# 128x128x128 MLP in 2D, batch 256, 20 steps: forward 2+128*128*2 multiply-adds per chain, backward the same.
flop = 20 * 2 * 256 * 2 * (2 * 128 + 128 * 128 * 2)
assert abs(b["sampler_gflop_per_it"] - flop / 1e9) < 1e-9, b["sampler_gflop_per_it"]
assert b["gemm_gflops"] > 0 and "load" in b["load_before"] and "torch" in b["load_before"], b
PY
check "bench train's JSON holds both gradients, the sampler's FLOPs and the load" [ $? -eq 0 ]
"$egeot" bench train --scene swissroll --iters 2 --blocks 1 >"$work/out" 2>/dev/null
check "bench train prints the load and threads" grep -q "machine before: load .*torch 1 intra-op thread" "$work/out"
check "bench train prints both gradients" [ "$(grep -c -E '^(fused|autograd) +(median|fastest) +[0-9]' "$work/out")" -eq 4 ]

expect_error "bench train --iters 0" "--iters" -- bench train --scene swissroll --iters 0
expect_error "bench train --blocks x" "--blocks" -- bench train --scene swissroll --blocks x
expect_error "bench train unknown scene" "nosuchscene" -- bench train --scene nosuchscene
expect_error "bench time-to-plan --budgets decreasing" "--budgets" -- bench time-to-plan --budgets 30,15
expect_error "bench time-to-plan --budgets 0" "--budgets" -- bench time-to-plan --budgets 0,15
expect_error "bench time-to-plan --seeds" "--seeds" -- bench time-to-plan --seeds 0,-2
expect_error "bench time-to-plan unknown scene" "nosuchscene" -- bench time-to-plan --scene nosuchscene
expect_error "bench time-to-plan --queries 0" "--queries" -- bench time-to-plan --queries 0
expect_error "bench time-to-plan --own-queries with --eval-seed" "--eval-seed" -- bench time-to-plan --own-queries --eval-seed 3

finish
