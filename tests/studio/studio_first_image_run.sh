#!/usr/bin/env bash
# The first run of an image scene, whose built-in generator is not cached yet: the canvas shows
# the fit's progress (--dump-state reports it, the screenshot is kept for a look), and Ctrl+Q
# during the fit closes the studio within a second, leaving nothing in the cache; Cancel stops
# the fit, caches nothing, and the studio opens swissroll instead. The fit is
# made long (2000 iterations) so it is surely running when the test acts; the cache is a
# temporary one, so nothing of the user's is touched.
# usage: studio_first_image_run.sh EGEOT_STUDIO
set -euo pipefail
studio=$1

if [ -z "${STUDIO_FIRST_RUN_INSIDE_X:-}" ]; then
  export STUDIO_FIRST_RUN_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_first_image_run: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
export XDG_CACHE_HOME="$tmp/cache"
cached() { find "$tmp/cache" -mindepth 2 -path '*/generators/*' 2>/dev/null | head -1; }

cat > "$tmp/images.json" << 'SCENE'
{
  "name": "test-first-run",
  "source": {"type": "images", "dataset": "fashion-mnist", "class": "sneaker", "split": "train"},
  "generator": {"builtin": "fashion-mnist", "class": "ankle-boot", "z_dim": 16, "iters": 2000},
  "eps": 0.5,
  "potential": {"widths": [64, 64]},
  "sampler": {"steps": 5, "noise": 0.1, "init": "noise", "init_std": 1},
  "optimizer": {"lr": 0.0003, "batch": 32},
  "seed": 0
}
SCENE

echo "== the fit's progress on the canvas and in the state dump"
"$studio" --scene "$tmp/images.json" --frames 240 --screenshot "$tmp/fit.png" \
  --dump-state "$tmp/fit.json" 2> "$tmp/fit.err" || { cat "$tmp/fit.err"; fail "egeot-studio exited with $?"; }
json "$tmp/fit.json" 'd.get("generator_fit")'
[ "$(json "$tmp/fit.json" '"generator_fit" in d')" = True ] || { cat "$tmp/fit.err"; fail "no generator fit in the state dump"; }
[ "$(json "$tmp/fit.json" 'd["generator_fit"]["total"]')" = 2000 ] || fail "the fit's total is not the scene's 2000 iterations"
[ "$(json "$tmp/fit.json" 'd["generator_fit"]["iteration"] >= 1')" = True ] || fail "the fit reported no iteration"
json "$tmp/fit.json" 'd["generator_fit"]["what"]' | grep -q "Fitting the built-in generator on fashion-mnist/ankle-boot" ||
  fail "the canvas does not say what is being fitted"
[ -z "$(cached)" ] || fail "a fit stopped by the exit left $(cached) in the cache"
[ -n "${STUDIO_FIRST_RUN_KEEP:-}" ] && cp "$tmp/fit.png" "$tmp/fit.json" "$STUDIO_FIRST_RUN_KEEP/"

echo "== Ctrl+Q during the fit: the studio exits within a second"
"$studio" --scene "$tmp/images.json" 2> "$tmp/quit.err" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "egeot studio" | head -1) ||
  { kill "$pid"; fail "no studio window appeared"; }
# The fit has begun (the images are loaded) once its first iteration is announced.
for _ in $(seq 1 120); do grep -q "progress on the canvas" "$tmp/quit.err" && break; sleep 0.25; done
grep -q "progress on the canvas" "$tmp/quit.err" || { kill "$pid"; cat "$tmp/quit.err"; fail "the fit did not start"; }
sleep 1
kill -0 "$pid" || fail "the studio exited by itself"
xdotool windowfocus --sync "$wid" 2>/dev/null || true
t0=$(date +%s.%N)
xdotool key --clearmodifiers ctrl+q
while kill -0 "$pid" 2>/dev/null; do
  if python3 -c "import sys; sys.exit(0 if float(sys.argv[2]) - float(sys.argv[1]) > 10 else 1)" "$t0" "$(date +%s.%N)"; then
    kill "$pid"; fail "Ctrl+Q did not close the studio within 10 s"
  fi
  sleep 0.02
done
t1=$(date +%s.%N)
wait "$pid" || { cat "$tmp/quit.err"; fail "egeot-studio exited with an error"; }
seconds=$(python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$t1")
echo "exited $seconds s after Ctrl+Q"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 1.0 else 1)" "$seconds" ||
  fail "the studio took $seconds s to exit during a generator fit (expected < 1 s)"
[ -z "$(cached)" ] || fail "quitting during the fit left $(cached) in the cache"
echo "== Cancel: the fit stops, nothing is cached, and the studio opens swissroll instead"
read -r cx cy < <(json "$tmp/fit.json" '"%d %d" % ((d["generator_fit"]["cancel_rect"][0] + d["generator_fit"]["cancel_rect"][2]) / 2, (d["generator_fit"]["cancel_rect"][1] + d["generator_fit"]["cancel_rect"][3]) / 2)')
"$studio" --scene "$tmp/images.json" --dump-state "$tmp/cancel.json" 2> "$tmp/cancel.err" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "egeot studio" | head -1) ||
  { kill "$pid"; fail "no studio window appeared"; }
for _ in $(seq 1 120); do grep -q "progress on the canvas" "$tmp/cancel.err" && break; sleep 0.25; done
sleep 1
xdotool mousemove --window "$wid" "$cx" "$cy"; sleep 0.5
xdotool click 1
for _ in $(seq 1 40); do grep -q "opening swissroll instead" "$tmp/cancel.err" && break; sleep 0.25; done
sleep 1
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
# Swissroll's Sinkhorn reference may be solving now, and closing waits for a solve in flight.
for _ in $(seq 1 240); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fail "Ctrl+Q did not close the studio"; fi
wait "$pid" || { cat "$tmp/cancel.err"; fail "egeot-studio exited with an error"; }
grep "cancelled" "$tmp/cancel.err" || { cat "$tmp/cancel.err"; fail "no line says the fit was cancelled"; }
grep -q -- "--scene: the generator fit (fashion-mnist/ankle-boot) was cancelled at iteration [0-9]* of 2000; nothing was cached; opening swissroll instead" "$tmp/cancel.err" ||
  fail "the line does not say what was cancelled, where, and what opened instead"
[ "$(json "$tmp/cancel.json" 'd["scene"]')" = swissroll ] || fail "the studio did not open swissroll after the cancel"
[ "$(json "$tmp/cancel.json" '"generator_fit" in d')" = False ] || fail "the fit's progress is still shown"
[ -z "$(cached)" ] || fail "a cancelled fit left $(cached) in the cache"
echo "studio_first_image_run: all checks passed"
