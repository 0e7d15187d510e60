#!/usr/bin/env bash
# The training CLI end to end: progress on stderr, metrics.csv rows, a checkpoint that
# sample can read, Ctrl-C saving cleanly, and --resume continuing the iteration count.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

"$egeot" train --scene swissroll --iters 40 --log-every 10 --out "$work/run" 2>"$work/err"
check "train exits 0" [ $? -eq 0 ]
check "progress bar shows it/s and ETA" grep -q "40/40 .* it/s .*ETA" "$work/err"
check "metrics.csv has a header and 4 rows" [ "$(wc -l <"$work/run/metrics.csv")" -eq 5 ]
check "metrics.csv header" grep -q "^iteration,seconds,loss,f_pos,f_neg" "$work/run/metrics.csv"
check "config records iteration 40" grep -q '"iteration": 40' "$work/run/config.json"

"$egeot" train --resume --iters 20 --log-every 10 --out "$work/run" 2>/dev/null
check "resume continues to iteration 60" grep -q '"iteration": 60' "$work/run/config.json"
check "resume appends metrics" [ "$(tail -1 "$work/run/metrics.csv" | cut -d, -f1)" = 60 ]

# Ctrl-C: the run stops, saves, and says so; the checkpoint is loadable.
"$egeot" train --scene swissroll --iters 1000000 --out "$work/int" 2>"$work/int.err" &
pid=$!
for _ in $(seq 50); do grep -q "it/s" "$work/int.err" 2>/dev/null && break; sleep 0.2; done
sleep 1
kill -INT $pid
wait $pid
rc=$?
check "Ctrl-C exits 130" [ $rc -eq 130 ]
check "Ctrl-C says it saved" grep -q "interrupted at iteration .*checkpoint saved" "$work/int.err"
"$egeot" sample --checkpoint "$work/int" --x 0,0 --n 3 --steps 2 --out "$work/s.csv" 2>/dev/null
check "the interrupted checkpoint samples" [ "$(wc -l <"$work/s.csv")" -eq 4 ]
check "no temporaries left" [ -z "$(ls "$work/int" | grep tmp)" ]

finish
