#!/usr/bin/env bash
# Users' own data in the studio under Xvfb: xdotool picks the brush for Q, draws a ring on the
# canvas, and presses "Train on drawn points"; the scene directory it writes (a CSV of the
# drawn points and scene.json) is checked, the studio must be training on it, and the CLI
# trains it too. A scene whose CSV is bad is reported with its file and row, and the studio
# keeps running on what it had.
# usage: studio_user_data.sh EGEOT_STUDIO STUDIO_CHECK EGEOT_CLI
set -euo pipefail
studio=$(realpath "$1") check=$(realpath "$2") cli=$(realpath "$3")

if [ -z "${STUDIO_SMOKE_INSIDE_X:-}" ]; then
  export STUDIO_SMOKE_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_user_data: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
cd "$tmp"  # "Train on drawn points" writes under scenes/ here

echo "== where the panel draws the brush and the train button (same size, same layout)"
"$studio" --sync 1 --frames 20 --size 1280x800 --dump-state "$tmp/layout.json" 2> "$tmp/layout.err" ||
  { cat "$tmp/layout.err"; fail "the layout run failed"; }
read -r qx qy < <(json "$tmp/layout.json" '"%d %d" % ((d["ui"]["brush_q"][0] + d["ui"]["brush_q"][2]) / 2, (d["ui"]["brush_q"][1] + d["ui"]["brush_q"][3]) / 2)')
read -r tx ty < <(json "$tmp/layout.json" '"%d %d" % ((d["ui"]["train_drawn"][0] + d["ui"]["train_drawn"][2]) / 2, (d["ui"]["train_drawn"][1] + d["ui"]["train_drawn"][3]) / 2)')
[ "$qx" -gt 0 ] && [ "$tx" -gt 0 ] || fail "the dump has no brush or train button position"

echo "== draw a ring for Q with xdotool and train on it"
"$studio" --sync 1 --frames 100000 --size 1280x800 --dump-state "$tmp/drawn.json" \
  --screenshot "$tmp/drawn.png" 2> "$tmp/drawn.err" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "egeot studio" | head -1) ||
  { kill "$pid"; fail "no studio window appeared"; }
# F12 is queued, not sampled: once its screenshot exists, frames with the panels are drawn.
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key F12
for _ in $(seq 1 120); do ls screenshots/*.png > /dev/null 2>&1 && break; sleep 0.5; done
ls screenshots/*.png > /dev/null 2>&1 || { kill "$pid"; fail "the studio drew no frame"; }
# Presses held longer than a frame: ImGui 1.86 can miss a click shorter than one.
press() { xdotool mousemove --window "$wid" "$1" "$2"; sleep 0.5; xdotool mousedown 1; sleep 1; xdotool mouseup 1; sleep 1; }
press "$qx" "$qy"
read -r x0 y0 < <("$check" pixel "$tmp/layout.json" 1.0,0.0)
xdotool mousemove --window "$wid" "$x0" "$y0"; sleep 0.5
xdotool mousedown 1; sleep 1
for k in $(seq 1 36); do
  read -r x y < <("$check" pixel "$tmp/layout.json" \
    "$(python3 -c "import math; a = 2 * math.pi * $k / 36; print('%.4f,%.4f' % (math.cos(a), math.sin(a)))")")
  xdotool mousemove --window "$wid" "$x" "$y"; sleep 0.4
done
sleep 1; xdotool mouseup 1; sleep 1
press "$tx" "$ty"
for _ in $(seq 1 120); do grep -q "scene drawn-.* loaded" "$tmp/drawn.err" && break; sleep 0.5; done
sleep 5  # trains on the drawn scene
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fail "Ctrl+Q did not close the studio"; fi
wait "$pid" || { cat "$tmp/drawn.err"; fail "egeot-studio exited with an error"; }

scene=$(ls -d scenes/drawn-* 2>/dev/null | head -1 || true)
[ -n "$scene" ] || { cat "$tmp/drawn.err"; fail "no scenes/drawn-* directory was written"; }
[ -f "$scene/scene.json" ] && [ -f "$scene/q.csv" ] || fail "$scene lacks scene.json or q.csv"
# The drawn points lie on the unit circle (within a few pixels of the stroke), enough of them.
python3 - "$scene/q.csv" <<'PY' || fail "the drawn points are not the ring"
import math, sys
rows = open(sys.argv[1]).read().split("\n")
assert rows[0] == "x,y", rows[0]
pts = [tuple(map(float, r.split(","))) for r in rows[1:] if r]
radii = [math.hypot(x, y) for x, y in pts]
angles = {int((math.atan2(y, x) + math.pi) / (2 * math.pi) * 12) % 12 for x, y in pts}
print("drawn points:", len(pts), "radius", min(radii), "-", max(radii), "sectors", len(angles))
# A stroke is sampled once a frame and joined by chords: a slow frame cuts the circle short.
radii.sort()
assert len(pts) >= 30 and 0.93 < radii[len(radii) // 2] < 1.07, "not on the circle"
assert 0.6 < radii[0] and radii[-1] < 1.15 and len(angles) == 12, "not all round it"
PY
name=$(basename "$scene")
[ "$(json "$tmp/drawn.json" 'd["scene"]')" = "$name" ] || fail "the studio is not on the drawn scene $name"
[ "$(json "$tmp/drawn.json" 'd["iteration"]')" -gt 0 ] || fail "the drawn scene did not train"
grep -q "scene written to $scene" "$tmp/drawn.err" || grep -q "scene written to" "$tmp/drawn.err" ||
  fail "no notice of the written scene"
"$check" frame "$tmp/drawn.png" "$tmp/drawn.json" || fail "the drawn scene's frame"
"$cli" train --scene "$scene/scene.json" --iters 5 --out "$tmp/cli-run" > /dev/null 2>&1 ||
  fail "the CLI does not train the drawn scene"

echo "== a bad CSV: one line naming the file and row; the studio keeps its scene"
mkdir -p bad
printf 'x,y\n1,2\n3,abc\n' > bad/p.csv
echo '{"source": {"type": "gaussian", "dim": 2}, "target": {"type": "points", "file": "p.csv"}, "eps": 0.1}' > bad/scene.json
"$studio" --sync 1 --frames 10 --scene bad/scene.json --dump-state "$tmp/bad.json" 2> "$tmp/bad.err" || true
grep -q "bad/p.csv: row 3, column 2: expected a number, got 'abc'" "$tmp/bad.err" ||
  { cat "$tmp/bad.err"; fail "the bad CSV's row was not reported"; }
echo "studio_user_data: ok"
