#!/usr/bin/env bash
# Every bad input to the CLI: exit code 2, one line on stderr naming what is wrong,
# and nothing that was there before is changed.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

# A real run to have a checkpoint to damage.
"$egeot" train --scene swissroll --iters 3 --out "$work/run" 2>/dev/null || { echo "FAIL: train"; exit 1; }
snapshot() { (cd "$work/run" && sha256sum * | sort); }
before=$(snapshot)

expect_error "unknown scene" "no such preset" -- train --scene nope --iters 1 --out "$work/a"
expect_error "eps <= 0" "\-\-eps: expected a finite number > 0" -- train --scene swissroll --eps 0 --out "$work/b"
expect_error "eps NaN" "\-\-eps: expected a finite number > 0" -- train --scene swissroll --eps nan --out "$work/b"
expect_error "negative iters" "\-\-iters" -- train --scene swissroll --iters -5 --out "$work/b"
printf '{"source": {"type": "gaussian"}, "target": {"type": "swissroll"}, "eps": 0.1, "potential": {"activation": "swish"}}' >"$work/act.json"
expect_error "unknown activation" "field 'potential.activation'" -- train --scene "$work/act.json" --out "$work/b"
printf '{"source": {"type": "gaussian"}, "target": {"type": "swissroll"}, "eps": 0.1, "optimizer": {"batch": -3}}' >"$work/neg.json"
expect_error "negative batch" "field 'optimizer.batch'" -- train --scene "$work/neg.json" --out "$work/b"
printf '{"eps": ' >"$work/trunc.json"
expect_error "malformed scene" "not valid JSON" -- train --scene "$work/trunc.json" --out "$work/b"
expect_error "existing run" "already holds a training run" -- train --scene swissroll --out "$work/run"
expect_error "unwritable out" "cannot create the directory\|not writable" -- train --scene swissroll --iters 1 --out /proc/egeot/x
expect_error "unknown device" "\-\-device" -- train --scene swissroll --device tpu --out "$work/b"
expect_error "missing checkpoint" "no such checkpoint directory" -- sample --checkpoint "$work/none" --x 0,0 --out "$work/s.csv"
expect_error "bad query" "\-\-x '0.5': expected 2" -- sample --checkpoint "$work/run" --x 0.5 --out "$work/s.csv"
expect_error "query not a number" "'abc' is not one" -- sample --checkpoint "$work/run" --x 0.5,abc --out "$work/s.csv"
expect_error "unknown flag" "" -- train --scene swissroll --bogus --out "$work/b"

cp -r "$work/run" "$work/corrupt"
echo garbage >"$work/corrupt/$(cd "$work/corrupt" && ls potential-[0-9]*.pt)"
expect_error "corrupt weights" "potential-[0-9]*\.pt: size mismatch" -- sample --checkpoint "$work/corrupt" --x 0,0 --out "$work/s.csv"
cp -r "$work/run" "$work/badcfg"
sed -i 's/"eps": 0.1/"eps": -1/' "$work/badcfg/config.json"
expect_error "out-of-range config" "field 'eps'" -- sample --checkpoint "$work/badcfg" --x 0,0 --out "$work/s.csv"

echo "keep me" >"$work/s.csv"
expect_error "sample into a directory" "cannot write" -- sample --checkpoint "$work/run" --x 0,0 --n 5 --out "$work"
[ "$(cat "$work/s.csv")" = "keep me" ] && passes=$((passes + 1)) || { echo "FAIL: s.csv changed"; fails=$((fails + 1)); }
[ "$before" = "$(snapshot)" ] && passes=$((passes + 1)) || { echo "FAIL: the run directory changed"; fails=$((fails + 1)); }

# And the good path: samples come out as CSV with a header.
"$egeot" sample --checkpoint "$work/run" --x 0.5,0.5 --n 10 --steps 5 --out "$work/good.csv" 2>/dev/null
if [ "$(head -1 "$work/good.csv")" = "x0,x1,y0,y1" ] && [ "$(wc -l <"$work/good.csv")" -eq 11 ]; then
  passes=$((passes + 1))
else
  echo "FAIL: good sample output"; fails=$((fails + 1))
fi

finish
