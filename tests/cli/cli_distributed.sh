#!/usr/bin/env bash
# Data-parallel training over Gloo on 127.0.0.1: --nproc ranks train and rank 0 alone writes
# the run; --resume with another world size; a killed rank stops the other within
# --dist-timeout with one line; ranks given different scenes are refused; bad flags exit 2;
# `bench scale` runs.
# Every command runs under `timeout`, so a hang fails the test instead of stalling it.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"
scene=8gaussians

timeout 120 "$egeot" train --scene $scene --iters 30 --log-every 10 --nproc 2 --dist-timeout 20 \
  --out "$work/run" 2>"$work/err"
check "two ranks train and exit 0" [ $? -eq 0 ]
check "the run says its ranks and their batch" grep -q "2 ranks (gloo), each with batch 128" "$work/err"
check "one progress bar (rank 0's)" [ "$(grep -c "30/30 .* it/s" "$work/err")" -eq 1 ]
check "one checkpoint at iteration 30" grep -q '"iteration": 30' "$work/run/config.json"
check "metrics.csv: a header and 3 rows" [ "$(wc -l <"$work/run/metrics.csv")" -eq 4 ]

timeout 120 "$egeot" train --resume --iters 10 --log-every 10 --nproc 2 --dist-timeout 20 --out "$work/run" 2>/dev/null
check "--resume on two ranks continues to 40" grep -q '"iteration": 40' "$work/run/config.json"
timeout 120 "$egeot" train --resume --iters 10 --log-every 10 --out "$work/run" 2>/dev/null
check "--resume on one process continues to 50" grep -q '"iteration": 50' "$work/run/config.json"

# kill -9 rank 1 mid-run: rank 0 reports it in one line within the timeout; the last
# checkpoint stays loadable.
timeout 120 "$egeot" train --scene $scene --iters 1000000 --nproc 2 --dist-timeout 5 \
  --checkpoint-minutes 0.01 --out "$work/kill" 2>"$work/kill.err" &
pid=$!
for _ in $(seq 150); do [ -f "$work/kill/config.json" ] && break; sleep 0.2; done
rank1=$(pgrep -f -- "--out $work/kill .*--rank 1 --master")
check "rank 1 is running" [ -n "$rank1" ]
kill -9 $rank1
start=$SECONDS
wait $pid
rc=$?
elapsed=$((SECONDS - start))
check "the run fails when a rank dies (rc $rc)" [ $rc -ne 0 ] && [ $rc -ne 124 ]
check "rank 0 stops within the timeout (${elapsed}s)" [ $elapsed -le 15 ]
check "rank 0 names itself and the lost peer, in one line" \
  [ "$(grep -c "^egeot train: rank 0: .* failed (a peer stopped or cannot be reached)" "$work/kill.err")" -eq 1 ]
check "the launcher names the killed rank" grep -q "rank 1 (pid $rank1) was killed by signal 9" "$work/kill.err"
timeout 60 "$egeot" sample --checkpoint "$work/kill" --x 0,0 --n 3 --steps 2 --out "$work/s.csv" 2>/dev/null
check "the last checkpoint is whole" [ "$(wc -l <"$work/s.csv")" -eq 4 ]

# A run that diverges (on whichever rank first): every rank stops, one line says why, exit 3.
fixtures=$(dirname "$0")/../fixtures
timeout 120 "$egeot" train --scene "$fixtures/scenes/swissroll-diverging.json" --iters 300 --nproc 2 \
  --dist-timeout 20 --out "$work/div" 2>"$work/div.err"
rc=$?
check "a diverged run exits 3 (rc $rc)" [ $rc -eq 3 ]
check "one line says it diverged" [ "$(grep -c "training diverged at iteration" "$work/div.err")" -eq 1 ]

# Two ranks started by hand with different scenes: both refuse, naming the ranks.
port=$((20000 + RANDOM % 20000))
timeout 60 "$egeot" train --scene $scene --iters 5 --world-size 2 --rank 0 --master 127.0.0.1:$port \
  --dist-timeout 20 --out "$work/m0" 2>"$work/m0.err" &
p0=$!
timeout 60 "$egeot" train --scene $scene --eps 0.2 --iters 5 --world-size 2 --rank 1 \
  --master 127.0.0.1:$port --dist-timeout 20 --out "$work/m1" 2>"$work/m1.err"
rc1=$?
wait $p0
rc0=$?
check "mismatched scenes: both ranks exit 4 (rc $rc0, $rc1)" [ $rc0 -eq 4 ] && [ $rc1 -eq 4 ]
check "rank 0 names the rank whose scene differs" grep -q "^egeot train: rank 0: rank 1's scene differs from rank 0's" "$work/m0.err"
check "rank 1 writes nothing" [ ! -e "$work/m1" ]

expect_error "rank outside the world" "--rank 2: outside \[0, 2)" -- train --scene $scene --out "$work/b" \
  --world-size 2 --rank 2 --master 127.0.0.1:29500
expect_error "no --master" "--master: required" -- train --scene $scene --out "$work/b" --world-size 2 --rank 1
expect_error "bad --master" "--master 127.0.0.1: expected HOST:PORT" -- train --scene $scene --out "$work/b" \
  --world-size 2 --master 127.0.0.1
expect_error "port out of range" "expected HOST:PORT" -- train --scene $scene --out "$work/b" \
  --world-size 2 --master 127.0.0.1:70000
expect_error "world size 0" "--world-size" -- train --scene $scene --out "$work/b" --world-size 0
expect_error "--nproc with --rank" "excludes" -- train --scene $scene --out "$work/b" --nproc 2 --rank 1
expect_error "a batch that does not split" "--nproc 3: the scene's batch 256 must divide" -- \
  train --scene $scene --out "$work/b" --nproc 3
expect_error "--nproc: an unknown scene, said once" "nosuch" -- train --scene nosuch --out "$work/b" --nproc 2
expect_error "--nproc: a run directory in use, said once" "already holds a training run" -- \
  train --scene $scene --out "$work/run" --nproc 2 --dist-timeout 20
check "bad flags wrote nothing" [ ! -e "$work/b" ]

# bench scale runs and prints its rows; its figures are timings, not checked here.
timeout 120 "$egeot" bench scale --ranks 1,2 --machines 1,2 --iters 5 >"$work/scale.out" 2>&1
check "bench scale exits 0" [ $? -eq 0 ]
check "bench scale: a row per rank count" [ "$(grep -cE '^ +[12] +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+x$' "$work/scale.out")" -eq 2 ]
check "bench scale: the link and its assumptions" grep -q "Loopback link (2 ranks): latency .* us per ring step" "$work/scale.out"
expect_error "bench scale: ranks that do not split the batch" "--ranks 3: the scene's batch 256 must divide" -- \
  bench scale --ranks 3
finish
