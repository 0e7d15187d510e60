#!/usr/bin/env bash
# The studio end to end under Xvfb: the real app renders frames on the Swiss-roll scene in
# --sync mode, its screenshot and state dump are checked, the ground-truth layers are found
# in the pixels (closed-form ellipses on the Gaussian scene, Sinkhorn rings on the roll), it
# is driven with xdotool (click, shift-click, drag a query), and bad input (unreadable
# scene, corrupt and mismatched checkpoints, an unwritable screenshot path) gives messages
# while it keeps running.
# usage: studio_smoke.sh EGEOT_STUDIO STUDIO_CHECK EGEOT_CLI
set -euo pipefail
studio=$1 check=$2 cli=$3

if [ -z "${STUDIO_SMOKE_INSIDE_X:-}" ]; then
  # One X server for the whole test; xvfb-run picks a free display.
  export STUDIO_SMOKE_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_smoke: FAIL: $*" >&2; exit 1; }

echo "== frames, screenshot and state dump (--sync)"
"$studio" --sync 5 --frames 40 --screenshot "$tmp/frame.png" --dump-state "$tmp/state.json" \
  2> "$tmp/run1.err" || { cat "$tmp/run1.err"; fail "egeot-studio exited with $?"; }
grep -q '"iteration": 200' "$tmp/state.json" || { cat "$tmp/state.json"; fail "expected iteration 200 (40 frames x 5 steps)"; }
grep -q '"scene": "swissroll"' "$tmp/state.json" || fail "expected the swissroll scene"
"$check" frame "$tmp/frame.png" "$tmp/state.json"

echo "== ground truths: closed-form ellipses (Gaussian scene), Sinkhorn rings (Swiss roll)"
# Each with only its own layer shown, so the pixels in the query's colour are the layer's.
others=-landscape,-paths,-conditional_lines,-source,-target,-generated,-conditional,-queries,-axes,-colour_bar
"$studio" --scene gaussians --sync 5 --frames 6 --query 1,0.5 --layers "$others,-sinkhorn" \
  --screenshot "$tmp/ellipse.png" --dump-state "$tmp/ellipse.json" 2> "$tmp/run_e.err" ||
  { cat "$tmp/run_e.err"; fail "egeot-studio (gaussians) exited with $?"; }
"$check" ellipse "$tmp/ellipse.png" "$tmp/ellipse.json"
"$studio" --sync 5 --frames 6 --query 0.5,0.5 --layers "$others,-closed_form" \
  --screenshot "$tmp/sinkhorn.png" --dump-state "$tmp/sinkhorn.json" 2> "$tmp/run_s.err" ||
  { cat "$tmp/run_s.err"; fail "egeot-studio (sinkhorn) exited with $?"; }
"$check" sinkhorn "$tmp/sinkhorn.png" "$tmp/sinkhorn.json"

echo "== click, shift-click and drag with xdotool"
"$studio" --sync 1 --frames 4000 --dump-state "$tmp/click.json" 2> "$tmp/run2.err" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "egeot studio" | head -1) ||
  { kill "$pid"; fail "no studio window appeared"; }
sleep 2
# World points to click, mapped to window pixels through the first run's view (same scene,
# seed and window size, so the same fitted view).
read -r ax ay < <("$check" pixel "$tmp/state.json" -1.0,0.8)
read -r bx by < <("$check" pixel "$tmp/state.json" 1.2,-1.1)
read -r cx cy < <("$check" pixel "$tmp/state.json" 0.4,1.5)
xdotool mousemove --window "$wid" "$ax" "$ay"; sleep 0.7
xdotool click 1; sleep 1.2
xdotool mousemove --window "$wid" "$bx" "$by"; sleep 0.7
# ImGui 1.86 reads the modifiers once per frame: hold shift for several frames on either side
# of the click, or a slow frame (a loaded machine) sees the click without it.
xdotool keydown shift; sleep 1.5; xdotool click 1; sleep 1.5; xdotool keyup shift; sleep 1.2
xdotool mousedown 1; sleep 0.7
for k in 1 2 3 4 5 6; do
  xdotool mousemove --window "$wid" $((bx + (cx - bx) * k / 6)) $((by + (cy - by) * k / 6))
  sleep 0.4
done
xdotool mouseup 1; sleep 1.2
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fail "Ctrl+Q did not close the studio"; fi
wait "$pid" || { cat "$tmp/run2.err"; fail "egeot-studio exited with an error"; }
"$check" queries "$tmp/click.json" -1.0,0.8 0.4,1.5

echo "== the eps dial on an eps-conditioned checkpoint: drag the slider, no retraining"
"$cli" train --scene swissroll --eps-range 0.02:2 --iters 150 --out "$tmp/cond" > /dev/null 2>&1 ||
  fail "could not train an eps-conditioned checkpoint"
"$studio" --checkpoint "$tmp/cond" --sync 1 --paused --frames 30 --query 0.5,0.5 \
  --screenshot "$tmp/dial_a.png" --dump-state "$tmp/dial_a.json" 2> "$tmp/dial_a.err" ||
  { cat "$tmp/dial_a.err"; fail "egeot-studio (eps-conditioned checkpoint) exited with $?"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
[ "$(json "$tmp/dial_a.json" 'len(d["eps_range"])')" = 2 ] || fail "the dump has no eps_range"
read -r sx0 sy0 sx1 sy1 < <(json "$tmp/dial_a.json" '" ".join(str(int(v)) for v in d["ui"]["eps_slider"])')
[ "$sx1" -gt "$sx0" ] || fail "the dump has no eps slider position"
mkdir -p "$tmp/dial" && pushd "$tmp/dial" > /dev/null
"$studio" --checkpoint "$tmp/cond" --sync 1 --paused --frames 100000 --query 0.5,0.5 \
  --dump-state "$tmp/dial_b.json" 2> "$tmp/dial_b.err" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "egeot studio" | head -1) ||
  { kill "$pid"; fail "no studio window appeared"; }
sleep 2
sy=$(((sy0 + sy1) / 2))
xdotool mousemove --window "$wid" $((sx0 + (sx1 - sx0) * 3 / 4)) "$sy"; sleep 0.5
xdotool mousedown 1; sleep 0.5
for k in 1 2 3 4 5 6 7 8; do  # from about eps 1 to about 0.025 on the log slider
  xdotool mousemove --window "$wid" $((sx0 + (sx1 - sx0) * (75 - 5 * k) / 100)) "$sy"
  sleep 0.3
done
xdotool mouseup 1; sleep 1.5
xdotool mousemove --window "$wid" $(((sx0 + sx1) / 2)) $((sy + 300)); sleep 0.5
xdotool key F12; sleep 1.5
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fail "Ctrl+Q did not close the studio"; fi
wait "$pid" || { cat "$tmp/dial_b.err"; fail "egeot-studio exited with an error"; }
popd > /dev/null
eps_a=$(json "$tmp/dial_a.json" 'd["eps"]') eps_b=$(json "$tmp/dial_b.json" 'd["eps"]')
echo "eps before $eps_a, after the drag $eps_b"
json "$tmp/dial_b.json" '0 if abs(d["eps"] - 0.2) > 0.1 and 0.02 <= d["eps"] <= 0.06 else 1/0' > /dev/null ||
  fail "the dragged eps $eps_b is not near the slider's left end (expected 0.02-0.06, from $eps_a)"
[ "$(json "$tmp/dial_a.json" 'd["iteration"]')" = "$(json "$tmp/dial_b.json" 'd["iteration"]')" ] ||
  fail "moving eps on an eps-conditioned model retrained it"
shot=$(ls "$tmp"/dial/screenshots/*.png 2> /dev/null | head -1)
[ -n "$shot" ] || fail "F12 wrote no screenshot"
"$check" differ "$tmp/dial_a.png" "$shot" "$tmp/dial_a.json"

echo "== bad input: messages, and the studio keeps running"
mkdir -p "$tmp/corrupt" && echo '{"format": "nonsense"' > "$tmp/corrupt/config.json"
set +e
"$studio" --sync 1 --frames 3 --scene "$tmp/missing-scene.json" --checkpoint "$tmp/corrupt" \
  --screenshot "$tmp/no-such-dir/shot.png" --dump-state "$tmp/bad.json" 2> "$tmp/bad.err"
rc=$?
set -e
cat "$tmp/bad.err"
[ "$rc" -eq 2 ] || fail "expected exit code 2 for the unwritable screenshot, got $rc"
grep -q -- "--checkpoint: .*corrupt" "$tmp/bad.err" || fail "no message about the corrupt checkpoint"
grep -q -- "--scene: .*missing-scene.json" "$tmp/bad.err" || fail "no message about the unreadable scene"
grep -q -- "--screenshot: .*no-such-dir" "$tmp/bad.err" || fail "no message about the screenshot path"
grep -q '"scene": "swissroll"' "$tmp/bad.json" || fail "the studio did not fall back to swissroll"
grep -q '"iteration": 3' "$tmp/bad.json" || fail "the studio did not keep training after bad input"

# A checkpoint whose weights do not match its network: refused, nothing overwritten.
"$cli" train --scene swissroll --iters 3 --out "$tmp/ckpt" > /dev/null 2>&1
perl -0777 -pi -e 's/"widths":\s*\[[^\]]*\]/"widths": [64, 64]/' "$tmp/ckpt/config.json"
grep -q '"widths": \[64, 64\]' "$tmp/ckpt/config.json" || fail "could not edit the checkpoint's widths"
sum_before=$(cat "$tmp"/ckpt/* | md5sum)
"$studio" --sync 1 --frames 2 --checkpoint "$tmp/ckpt" --dump-state "$tmp/arch.json" 2> "$tmp/arch.err"
cat "$tmp/arch.err"
grep -q -- "--checkpoint: .*another architecture\|--checkpoint: .*shape" "$tmp/arch.err" ||
  fail "no message about the mismatched architecture"
[ "$(cat "$tmp"/ckpt/* | md5sum)" = "$sum_before" ] || fail "the refused checkpoint was modified"
grep -q '"iteration": 2' "$tmp/arch.json" || fail "the studio did not keep running"
echo "studio_smoke: all checks passed"
