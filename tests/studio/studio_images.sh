#!/usr/bin/env bash
# The studio's image mode end to end under Xvfb, on a CI-sized image scene (a 60-iteration
# built-in generator fitted into a temporary cache, a small potential): the gallery and the
# translations are drawn (their screen regions hold pictures, not a flat fill), translations
# advance step by step, a thumbnail clicked with xdotool becomes the selected source and its
# translations restart and run, and an AFHQ scene whose images and generator are missing
# gives one line naming both and how to get them while the studio keeps running.
# usage: studio_images.sh EGEOT_STUDIO STUDIO_CHECK
set -euo pipefail
studio=$1 check=$2

if [ -z "${STUDIO_IMAGES_INSIDE_X:-}" ]; then
  export STUDIO_IMAGES_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_images: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
export XDG_CACHE_HOME="$tmp/cache"  # the user's generator cache stays untouched

cat > "$tmp/images.json" << 'SCENE'
{
  "name": "test-sneaker-to-boot",
  "description": "CI-sized image scene for the studio's image mode",
  "source": {"type": "images", "dataset": "fashion-mnist", "class": "sneaker", "split": "train"},
  "generator": {"builtin": "fashion-mnist", "class": "ankle-boot", "z_dim": 16, "iters": 60},
  "eps_range": [0.1, 10],
  "eps": 0.5,
  "potential": {"widths": [64, 64], "activation": "leaky_relu", "negative_slope": 0.2},
  "sampler": {"steps": 5, "noise": 0.1, "score_coef": 1.0, "init": "noise", "init_std": 1},
  "replay": {"probability": 0.95, "capacity": 1000},
  "optimizer": {"lr": 0.0003, "batch": 32},
  "seed": 0
}
SCENE

echo "== image mode: gallery and translations drawn (--sync), the generator fitted once"
"$studio" --scene "$tmp/images.json" --sync 1 --frames 12 --screenshot "$tmp/a.png" \
  --dump-state "$tmp/a.json" 2> "$tmp/a.err" || { cat "$tmp/a.err"; fail "egeot-studio exited with $?"; }
[ "$(json "$tmp/a.json" 'd["mode"]')" = images ] || { cat "$tmp/a.err"; fail "the studio is not in image mode"; }
json "$tmp/a.json" 'json.dumps({k: v for k, v in d["images"].items() if k != "thumbnails"})'
[ "$(json "$tmp/a.json" 'd["images"]["selected"]')" = 0 ] || fail "expected source 0 selected at start"
[ "$(json "$tmp/a.json" 'd["images"]["translations"]')" = 16 ] || fail "expected 16 translations"
[ "$(json "$tmp/a.json" 'len(d["images"]["thumbnails"])')" = 24 ] || fail "expected 24 thumbnails on page 1"
# One increment per tick: 12 ticks of 50/20 = 2 steps each.
[ "$(json "$tmp/a.json" 'd["images"]["steps_run"]')" = 24 ] || fail "expected 24 Langevin steps after 12 ticks"
[ "$(json "$tmp/a.json" 'd["images"]["steps_total"]')" = 50 ] || fail "expected a target of 50 steps (10 x K)"
json "$tmp/a.json" '0 if d["images"]["count"] >= 500 and "test split" in d["images"]["dataset"] else 1/0' > /dev/null ||
  fail "the gallery is not Fashion-MNIST's held-out sneakers"
json "$tmp/a.json" '0 if "cpu" in d["images"]["device"] or "cuda" in d["images"]["device"] else 1/0' > /dev/null ||
  fail "no device in the status"
[ -n "$(json "$tmp/a.json" 'd["images"]["generator"]')" ] || fail "no generator in the status"
"$check" varied "$tmp/a.png" "$tmp/a.json" gallery_rect
"$check" varied "$tmp/a.png" "$tmp/a.json" source_rect
"$check" varied "$tmp/a.png" "$tmp/a.json" translations_rect
[ -n "${STUDIO_IMAGES_KEEP:-}" ] && cp "$tmp/a.png" "$tmp/a.json" "$STUDIO_IMAGES_KEEP/"

echo "== click a thumbnail with xdotool: it becomes the source, its translations run"
read -r tx ty < <(json "$tmp/a.json" '"%d %d" % ((d["images"]["thumbnails"][7]["rect"][0] + d["images"]["thumbnails"][7]["rect"][2]) / 2, (d["images"]["thumbnails"][7]["rect"][1] + d["images"]["thumbnails"][7]["rect"][3]) / 2)')
want=$(json "$tmp/a.json" 'd["images"]["thumbnails"][7]["index"]')
"$studio" --scene "$tmp/images.json" --sync 1 --frames 100000 --dump-state "$tmp/b.json" \
  2> "$tmp/b.err" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "egeot studio" | head -1) ||
  { kill "$pid"; fail "no studio window appeared"; }
sleep 3
xdotool mousemove --window "$wid" "$tx" "$ty"; sleep 0.7
xdotool click 1; sleep 2
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fail "Ctrl+Q did not close the studio"; fi
wait "$pid" || { cat "$tmp/b.err"; fail "egeot-studio exited with an error"; }
got=$(json "$tmp/b.json" 'd["images"]["selected"]') steps=$(json "$tmp/b.json" 'd["images"]["steps_run"]')
echo "clicked thumbnail of source #$want: selected #$got, its translations ran $steps steps"
[ "$got" = "$want" ] || fail "the clicked thumbnail (source #$want) is not selected (#$got)"
[ "$steps" -gt 0 ] || fail "the translations of the new source did not run"

echo "== an AFHQ scene with no images and no generator: what is missing and how to get it"
cat > "$tmp/afhq.json" << SCENE
{
  "name": "test-afhq",
  "source": {"type": "images", "dataset": "afhq", "root": "$tmp/no-afhq", "class": "cat", "split": "train", "size": [3, 64, 64]},
  "generator": {"path": "$tmp/afhqdog.pt", "z_dim": 512},
  "eps": 0.1,
  "sampler": {"steps": 5, "noise": 0.1, "init": "noise", "init_std": 1},
  "seed": 0
}
SCENE
"$studio" --scene "$tmp/afhq.json" --sync 1 --frames 3 --dump-state "$tmp/c.json" 2> "$tmp/c.err" ||
  { cat "$tmp/c.err"; fail "egeot-studio exited with $?"; }
cat "$tmp/c.err"
grep -q -- "--scene: .*stargan-v2.*no-afhq/{train,val}/{cat,dog,wild}" "$tmp/c.err" ||
  fail "the message does not say where AFHQ comes from and where it goes"
grep -q -- "--scene: .*scripts/export-stylegan2.py" "$tmp/c.err" ||
  fail "the message does not say how to make the generator"
[ "$(json "$tmp/c.json" 'd["scene"]')" = swissroll ] || fail "the studio did not fall back to swissroll"
[ "$(json "$tmp/c.json" 'd["mode"]')" = points ] || fail "the fallback scene is not in point mode"
echo "studio_images: all checks passed"
