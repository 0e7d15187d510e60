#!/usr/bin/env bash
# Users' own distributions end to end: a scene whose target is a CSV of points and one whose
# target is a grayscale PNG density train, their checkpoints sample from another directory,
# the Sinkhorn truth samples them, and bad files are one line naming the file and row (exit 2).
set -u
egeot=$(realpath "$1")
source "$(dirname "$0")/cli_harness.sh"

mkdir -p "$work/scene/data" "$work/elsewhere"
# A small PNG (python3's standard library): grey, RGB and all-white variants.
python3 - "$work/scene/data" <<'PY'
import struct, sys, zlib
def png(path, w, h, colour, pixels):
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    c = {0: 1, 2: 3}[colour]
    raw = b"".join(b"\0" + bytes(pixels[r * w * c:(r + 1) * w * c]) for r in range(h))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
d = sys.argv[1]
png(d + "/ring.png", 16, 16, 0, [0 if 4 <= ((x - 7.5) ** 2 + (y - 7.5) ** 2) ** 0.5 <= 7 else 255
                                 for y in range(16) for x in range(16)])
png(d + "/rgb.png", 2, 2, 2, [0] * 12)
png(d + "/white.png", 2, 2, 0, [255] * 4)
PY
printf 'x,y\n' > "$work/scene/data/pts.csv"
for k in $(seq 0 59); do
  awk -v k="$k" 'BEGIN { printf "%.4f,%.4f\n", 1.2 * cos(k / 60 * 6.2832), 0.6 * sin(k / 60 * 6.2832) }'
done >> "$work/scene/data/pts.csv"

scene() {  # scene FILE TARGET_JSON: a small, quick scene with a standard Gaussian source
  cat > "$1" <<JSON
{"source": {"type": "gaussian", "dim": 2}, "target": $2, "eps": 0.1,
 "potential": {"widths": [32, 32]}, "optimizer": {"batch": 64}}
JSON
}
scene "$work/scene/csv.json" '{"type": "points", "file": "data/pts.csv", "bandwidth": 0.02}'
scene "$work/scene/png.json" '{"type": "density-image", "file": "data/ring.png", "extent": [-1.5, 1.5, -1.5, 1.5]}'

# Relative data paths resolve against the scene file, not the working directory.
cd "$work/elsewhere"
for kind in csv png; do
  "$egeot" train --scene "$work/scene/$kind.json" --iters 30 --out "$work/run-$kind" 2>"$work/$kind.err"
  check "a $kind target trains (exit 0)" [ $? -eq 0 ]
  check "the $kind run reaches iteration 30" grep -q '"iteration": 30' "$work/run-$kind/config.json"
  "$egeot" sample --checkpoint "$work/run-$kind" --x 0,0 --n 5 --steps 2 --out "$work/s-$kind.csv" 2>/dev/null
  check "the $kind checkpoint samples from another directory" [ "$(wc -l <"$work/s-$kind.csv")" -eq 6 ]
  "$egeot" truth sinkhorn --scene "$work/scene/$kind.json" --n 200 >"$work/truth-$kind.out" 2>&1
  check "Sinkhorn's truth samples the $kind target" [ $? -eq 0 ]
done
cd - >/dev/null
# The checkpoints keep copies of their data: with the originals gone they sample and resume.
check "the checkpoint names its own copy of the CSV" grep -q '"file": "data-target-[0-9a-f]\{8\}\.csv"' "$work/run-csv/config.json"
check "the copy is beside config.json" ls "$work/run-csv"/data-target-*.csv
check "the copy is recorded with a checksum" grep -q '"data-target-[0-9a-f]\{8\}\.png": {' "$work/run-png/config.json"
mv "$work/scene" "$work/scene-away"
mv "$work/run-csv" "$work/run-csv-moved"
"$egeot" sample --checkpoint "$work/run-csv-moved" --x 0,0 --n 5 --steps 2 --out "$work/s-moved.csv" 2>"$work/moved.err"
check "a moved checkpoint samples without the original data" [ "$(wc -l <"$work/s-moved.csv")" -eq 6 ]
"$egeot" train --resume --iters 5 --out "$work/run-png" 2>"$work/resume.err"
check "a checkpoint resumes without the original data" [ $? -eq 0 ]
check "the resumed checkpoint keeps one copy" [ "$(ls "$work/run-png"/data-target-* | wc -l)" -eq 1 ]
mv "$work/scene-away" "$work/scene"
"$egeot" train --scene logo --iters 5 --out "$work/run-logo" 2>/dev/null
check "the logo preset (a PNG density) trains" [ $? -eq 0 ]
"$egeot" train --scene heart --iters 5 --out "$work/run-heart" 2>/dev/null
check "the heart preset (a CSV) trains" [ $? -eq 0 ]

# Bad files: one line naming the file and the row or what the image lacks; nothing written.
printf 'x,y\n1,2\n3,abc\n' > "$work/scene/data/word.csv"
printf '1,2\nnan,1\n' > "$work/scene/data/nan.csv"
printf '1,2\n1,2,3\n' > "$work/scene/data/cols.csv"
printf 'x,y\n1,2\n' > "$work/scene/data/few.csv"
printf 'not a png' > "$work/scene/data/text.png"
bad() {  # bad NAME TARGET_JSON PATTERN
  scene "$work/scene/$1.json" "$2"
  expect_error "$1" "$3" -- train --scene "$work/scene/$1.json" --iters 2 --out "$work/bad-$1"
  check "$1 wrote nothing" [ ! -e "$work/bad-$1" ]
}
bad word '{"type": "points", "file": "data/word.csv"}' "data/word.csv: row 3, column 2: expected a number, got 'abc'$"
bad nan '{"type": "points", "file": "data/nan.csv"}' "data/nan.csv: row 2, column 1: expected a finite number, got 'nan'$"
bad cols '{"type": "points", "file": "data/cols.csv"}' "data/cols.csv: row 2: expected 2 columns (x,y), got 3$"
bad few '{"type": "points", "file": "data/few.csv"}' "data/few.csv: expected at least 2 points"
bad missing '{"type": "points", "file": "data/none.csv"}' "data/none.csv: cannot read the points (no such file)$"
bad text '{"type": "density-image", "file": "data/text.png"}' "data/text.png: not a PNG file"
bad rgb '{"type": "density-image", "file": "data/rgb.png"}' "data/rgb.png: expected a grayscale PNG (1 channel, or 2 with alpha), got 3 channels"
bad white '{"type": "density-image", "file": "data/white.png"}' "data/white.png: every pixel has zero mass"
bad extent '{"type": "density-image", "file": "data/ring.png", "extent": [0, 0, 0, 1]}' "field 'target.extent': expected \[xmin, xmax, ymin, ymax\]"

finish
