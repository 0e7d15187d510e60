#!/usr/bin/env bash
# Presentation under Xvfb: --ui-scale 2 --theme light renders (the dump reports both, widgets
# are twice as tall, the panels' ground is light where the dark theme's is dark); then keys
# driven with xdotool: F1 shows the keys overlay, P the canvas alone, F9 records and stops.
# usage: studio_presentation.sh EGEOT_STUDIO
set -euo pipefail
studio=$1

if [ -z "${STUDIO_PRESENT_INSIDE_X:-}" ]; then
  export STUDIO_PRESENT_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_presentation: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
# The luminance (0-255) of pixel X,Y of a PNG, decoded by ffmpeg.
luminance() {
  ffmpeg -v error -i "$1" -vf "format=rgb24,crop=1:1:$2:$3" -f rawvideo -pix_fmt rgb24 - |
    od -An -tu1 | awk '{ printf "%d\n", 0.2126 * $1 + 0.7152 * $2 + 0.0722 * $3 }'
}

echo "== --ui-scale 2 --theme light against the defaults"
for look in dark light; do
  flags=()
  [ "$look" = light ] && flags=(--ui-scale 2 --theme light)
  "$studio" --sync 1 --frames 6 --size 1280x800 "${flags[@]}" --screenshot "$tmp/$look.png" \
    --dump-state "$tmp/$look.json" 2> "$tmp/$look.err" || { cat "$tmp/$look.err"; fail "$look: exit $?"; }
done
[ "$(json "$tmp/light.json" 'd["presentation"]["theme"]')" = light ] || fail "the dump's theme is not light"
[ "$(json "$tmp/light.json" 'd["presentation"]["ui_scale"]')" = 2.0 ] || fail "the dump's UI scale is not 2"
[ "$(json "$tmp/dark.json" 'd["presentation"]["theme"]')" = dark ] || fail "the default theme is not dark"
height() { json "$1" 'd["ui"]["eps_slider"][3] - d["ui"]["eps_slider"][1]'; }
ratio=$(python3 -c "print(round($(height "$tmp/light.json") / $(height "$tmp/dark.json"), 2))")
echo "eps slider height at UI scale 2 / at 1: $ratio"
python3 -c "import sys; sys.exit(0 if 1.8 <= $ratio <= 2.2 else 1)" || fail "widgets did not scale by 2 ($ratio)"
# The panel's lower-left corner: window padding, the theme's ground.
dark_l=$(luminance "$tmp/dark.png" 3 796) light_l=$(luminance "$tmp/light.png" 3 796)
echo "panel ground luminance: dark $dark_l, light $light_l"
[ "$dark_l" -lt 60 ] && [ "$light_l" -gt 200 ] || fail "the light theme's panel is not light"

echo "== keys with xdotool: F1 (keys), F12, P (canvas only), F9 record, F9 stop"
mkdir -p "$tmp/keys" && cd "$tmp/keys"
"$studio" --sync 1 --frames 100000 --size 1280x800 --dump-state "$tmp/keys.json" 2> "$tmp/keys.err" &
pid=$!
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "egeot studio" | head -1) ||
  { kill "$pid"; fail "no studio window appeared"; }
sleep 2
xdotool mousemove --window "$wid" 700 400; sleep 0.5
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key F1; sleep 1.2
xdotool key F12; sleep 1.2
xdotool key p; sleep 1.2
xdotool key F9; sleep 3
xdotool key F9; sleep 2
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fail "Ctrl+Q did not close the studio"; fi
wait "$pid" || { cat "$tmp/keys.err"; fail "egeot-studio exited with an error"; }
cat "$tmp/keys.err"
[ "$(json "$tmp/keys.json" 'd["presentation"]["help"]')" = True ] || fail "F1 did not show the keys"
[ "$(json "$tmp/keys.json" 'd["presentation"]["canvas_only"]')" = True ] || fail "P did not hide the panels"
[ "$(json "$tmp/keys.json" 'd["panels_visible"]')" = False ] || fail "P left the panels visible"
ls screenshots/*.png > /dev/null 2>&1 || fail "F12 wrote no screenshot"
video=recordings/egeot-1.mp4
[ -f "$video" ] || fail "F9 wrote no $video"
IFS=, read -r w h n < <(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=width,height,nb_read_frames -of csv=p=0 "$video")
echo "F9 recording: ${w}x${h}, $n frames"
[ "$w,$h" = "1280,800" ] || fail "the F9 recording is ${w}x${h}, not the window's 1280x800"
# About 3 s at 30 frames/s by the clock (frames drawn late are repeated): at least 1.5 s.
[ "$n" -ge 45 ] || fail "the F9 recording holds $n frames, expected about 90"
echo "studio_presentation: all checks passed"
