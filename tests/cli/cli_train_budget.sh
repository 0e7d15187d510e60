#!/usr/bin/env bash
# train --minutes: a wall-clock budget beside --iters. The run stops at the first step past the
# budget and leaves what --iters would have: a checkpoint sample can read, the last metrics row
# at the checkpoint's iteration. Bad budgets are refused before anything is written.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

# 0.05 min = 3 s, against an iteration count no machine reaches in that time.
"$egeot" train --scene swissroll --iters 1000000 --minutes 0.05 --log-every 1000 --out "$work/b" 2>"$work/err"
check "a budgeted train exits 0" [ $? -eq 0 ]
check "it says the budget ran out" grep -q "budget ran out.*checkpoint saved" "$work/err"
check "the bar shows the time left" grep -q "it/s .*left [0-9]" "$work/err"
iter=$(grep -o '"iteration": [0-9]*' "$work/b/config.json" | grep -o '[0-9]*$')
check "it stopped early, after at least one step (iteration $iter)" [ "${iter:-0}" -ge 1 -a "${iter:-0}" -lt 1000000 ]
check "the last metrics row is the checkpoint's iteration" [ "$(tail -1 "$work/b/metrics.csv" | cut -d, -f1)" = "$iter" ]
"$egeot" sample --checkpoint "$work/b" --x 0,0 --n 3 --steps 2 --out "$work/s.csv" 2>/dev/null
check "the budgeted checkpoint samples" [ "$(wc -l <"$work/s.csv")" -eq 4 ]

# --iters still ends a run first when it comes first.
"$egeot" train --scene swissroll --iters 5 --minutes 10 --out "$work/i" 2>/dev/null
check "--iters first: iteration 5" grep -q '"iteration": 5' "$work/i/config.json"

for bad in 0 -1 abc nan inf; do
  expect_error "--minutes $bad" "--minutes" -- train --scene swissroll --minutes "$bad" --out "$work/bad"
done
check "a refused budget writes nothing" [ ! -e "$work/bad" ]

finish
