#!/usr/bin/env bash
# Image scenes end to end in the CLI: a CI-sized latent EgEOT run on Fashion-MNIST
# sneaker -> ankle boot through a cheaply fitted built-in generator, translated and scored;
# the AFHQ path on a stand-in TorchScript generator and a generated AFHQ-layout folder (with a
# corrupt file that must be skipped); and the bad inputs: one line, exit code 2, nothing written.
# Usage: cli_images.sh EGEOT_BINARY
set -u
egeot=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/cli_harness.sh"
export XDG_CACHE_HOME="$work/cache"  # the cheap generator and classifier stay out of the user's cache

# --- Fashion-MNIST: a small generator (300 fit iterations), a short run at one eps.
cat >"$work/fashion.json" <<JSON
{"name": "fashion-ci", "description": "sneaker -> ankle boot, CI-sized",
 "source": {"type": "images", "dataset": "fashion-mnist", "class": "sneaker"},
 "generator": {"builtin": "fashion-mnist", "class": "ankle-boot", "z_dim": 8, "iters": 300},
 "eps": 0.1,
 "potential": {"widths": [64, 64]},
 "sampler": {"steps": 20, "noise": 0.1},
 "replay": {"capacity": 2000},
 "optimizer": {"batch": 64, "lr": 0.001}, "seed": 3}
JSON
"$egeot" train --scene "$work/fashion.json" --iters 60 --out "$work/f" >"$work/train.out" 2>"$work/train.err"
check "fashion training succeeds" test $? -eq 0
check "the generator fit is reported once" test "$(grep -c 'fitting the built-in generator' "$work/train.err")" -eq 1
check "checkpoint written" test -s "$work/f/config.json"
check "the scene keeps its generator" grep -q '"builtin": "fashion-mnist"' "$work/f/config.json"

"$egeot" translate --checkpoint "$work/f" --index 3 --n 8 --out "$work/grid.png" 2>"$work/tr.err"
check "translate succeeds" test $? -eq 0
check "translate writes a PNG" bash -c "head -c 8 '$work/grid.png' | od -An -c | grep -q 'P   N   G'"
check "translate says what it did" grep -q "test image 3 -> 8 translations at eps 0.1" "$work/tr.err"

"$egeot" fit-classifier --epochs 1 --train-limit 6000 --out "$work/clf" >/dev/null 2>&1
check "a small classifier fits" test -s "$work/clf/config.json"
"$egeot" eval --checkpoint "$work/f" --sources 20 --per-source 4 --steps 100 --classifier "$work/clf" \
  --truth-samples 300 --truth-eps 0.01,0.001 --json \
  >"$work/eval.json" 2>"$work/eval.err"
check "image eval succeeds" test $? -eq 0
# 80 translations: with a boot generator the share is far above the 10 % of chance (the
# classifier alone is ~80 % accurate after one epoch on 6000 images); keeping the source's
# content means being closer to it than a prior draw is (ratio < 1).
check "translations are classified as boots far above chance" /usr/bin/python3 -c "
import json; r = json.load(open('$work/eval.json'))['rows'][0]
assert r['target_share'] >= 0.5, r
assert 0 < r['content_ratio'] < 1, r
assert r['diversity'] > 0 and r['latent_sq_norm'] > 0 and r['mixing_content_ratio'] > 0, r"
# The exact plan keeps some content (below the independent coupling's 1), but not much at this
# pixel cost (README: 0.93 at eps 0.1 with 1000 atoms; fewer atoms match a little worse).
check "the ground truth is reported: Sinkhorn converged, content ratio in (0.8, 1)" /usr/bin/python3 -c "
import json; t = json.load(open('$work/eval.json'))['rows'][0]['truth']
assert t['n'] == 300 and t['converged'], t
assert 0.8 < t['content_ratio'] < 1, t"
# Below the model's eps the exact plan keeps at most as much transport cost: its content ratio
# does not rise (a small slack: the ratio is of distances, the plan minimises squared ones).
check "--truth-eps: the truth alone at eps below the model's" /usr/bin/python3 -c "
import json; d = json.load(open('$work/eval.json')); t = d['truth_only']; top = d['rows'][0]['truth']
assert [x['eps'] for x in t] == [0.01, 0.001] and all(x['converged'] and x['n'] == 300 for x in t), t
assert t[1]['content_ratio'] <= t[0]['content_ratio'] + 0.01 <= top['content_ratio'] + 0.02, (t, top)"
expect_error "eval refuses --truth-samples 1" "expected 0 (none) or >= 2" -- eval --checkpoint "$work/f" --truth-samples 1

# --- AFHQ: stand-in generator (z 8 -> 3x16x16) and a generated afhq/{train,val}/{cat,dog}.
/usr/bin/python3 "$here/../fixtures/afhq_stand_in/make_afhq_stand_in.py" "$work/a" >/dev/null
cat >"$work/afhq.json" <<JSON
{"name": "afhq-ci", "description": "AFHQ layout on a stand-in generator",
 "source": {"type": "images", "dataset": "afhq", "root": "$work/a/afhq", "class": "cat", "size": [3, 16, 16]},
 "generator": {"path": "$work/a/dog-generator.pt", "z_dim": 8},
 "eps_range": [0.5, 5], "eps": 1,
 "potential": {"widths": [32, 32]}, "sampler": {"steps": 10, "noise": 0.1},
 "replay": {"capacity": 200}, "optimizer": {"batch": 16}}
JSON
"$egeot" train --scene "$work/afhq.json" --iters 20 --out "$work/af" >/dev/null 2>"$work/af.err"
check "AFHQ training succeeds" test $? -eq 0
check "the corrupt file is skipped with a warning naming it" grep -q "broken.jpg: skipped" "$work/af.err"
"$egeot" translate --checkpoint "$work/af" --image "$work/a/afhq/val/cat/pixabay_cat_0001.png" --n 4 \
  --eps 0.5,5 --out "$work/afhq.png" 2>"$work/aftr.err"
check "AFHQ translate of an image file at two eps" grep -q "4 translations at eps 0.5,5" "$work/aftr.err"
"$egeot" eval --checkpoint "$work/af" --sources 4 --per-source 3 >"$work/afeval.txt" 2>&1
check "AFHQ eval runs without a classifier" grep -q "no classifier for this dataset" "$work/afeval.txt"

# --- Bad input.
expect_error "translate on a missing checkpoint" "no such checkpoint directory" -- translate --checkpoint "$work/nope" --index 0 --out "$work/x.png"
"$egeot" train --scene swissroll --iters 2 --out "$work/p" >/dev/null 2>&1
expect_error "sample on an image scene" "an image scene; translate its sources with .egeot translate" -- sample --checkpoint "$work/f" --marginal --n 5 --out "$work/s.csv"
[ ! -e "$work/s.csv" ] || { echo "FAIL: sample on an image scene wrote $work/s.csv"; fails=$((fails + 1)); }
expect_error "--truth-eps on a point scene" "\-\-truth-eps: image scenes only" -- eval --checkpoint "$work/p" --truth-eps 0.01
expect_error "translate on a point scene" "not an image scene" -- translate --checkpoint "$work/p" --index 0 --out "$work/x.png"
expect_error "index out of range" "\-\-index 1000: the test split of the scene's source has 1000 images" -- translate --checkpoint "$work/f" --index 1000 --out "$work/x.png"
expect_error "neither image nor index" "give either --image FILE or --index I" -- translate --checkpoint "$work/f" --out "$work/x.png"
expect_error "not a png" "expected a .png file name" -- translate --checkpoint "$work/f" --index 0 --out "$work/x.jpg"
expect_error "eps outside a single-eps model" "trained at eps 0.1 only" -- translate --checkpoint "$work/f" --index 0 --eps 1 --out "$work/x.png"
echo "not an image" >"$work/notimage.png"
expect_error "source file not an image" "notimage.png" -- translate --checkpoint "$work/f" --image "$work/notimage.png" --out "$work/x.png"
check "refused translations wrote nothing" test ! -e "$work/x.png"

bad_scene() {  # bad_scene NAME PATTERN PYTHON-EDIT-OF-s
  local name=$1 pattern=$2 edit=$3
  /usr/bin/python3 -c "
import json; s = json.load(open('$work/fashion.json')); $edit
json.dump(s, open('$work/$name.json', 'w'))"
  expect_error "scene: $name" "$pattern" -- train --scene "$work/$name.json" --iters 1 --out "$work/bad-$name"
  check "scene $name: nothing written" test ! -e "$work/bad-$name"
}
bad_scene target "field 'target.type': expected the generator's latent prior" "s['target'] = {'type': 'swissroll'}"
bad_scene init "field 'sampler.init': expected \"noise\" in an image scene" "s['sampler']['init'] = 'source'"
bad_scene source "field 'source.type': expected \"images\" in a scene with a generator" "s['source'] = {'type': 'gaussian', 'dim': 784}"
bad_scene both "field 'generator.builtin': expected exactly one of" "s['generator']['path'] = 'g.pt'"
bad_scene class "field 'source.class': expected a Fashion-MNIST class" "s['source']['class'] = 'boot'"
bad_scene zdim "dog-generator.pt: forward(z) failed on z of shape \\[2, 5\\]" "s['generator'] = {'path': '$work/a/dog-generator.pt', 'z_dim': 5}"
bad_scene size "the source images have 784 values each but .* makes 3x16x16 images" "s['generator'] = {'path': '$work/a/dog-generator.pt', 'z_dim': 8}"
bad_scene missing "no such generator" "s['generator'] = {'path': '$work/none.pt', 'z_dim': 8}"
bad_scene afhq_root "$work/none-afhq" "s['source'] = {'type': 'images', 'dataset': 'afhq', 'root': '$work/none-afhq', 'class': 'cat', 'size': [3, 16, 16]}; s['generator'] = {'path': '$work/a/dog-generator.pt', 'z_dim': 8}"

finish
