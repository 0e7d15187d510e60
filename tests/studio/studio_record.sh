#!/usr/bin/env bash
# Recording under Xvfb: --record FILE --frames N writes a file ffprobe reads with N frames at
# the window's size (MP4 and GIF); a path that cannot be written and a PATH without ffmpeg
# give one line and exit code 2 while the studio still runs its frames; nothing is left behind.
# usage: studio_record.sh EGEOT_STUDIO
set -euo pipefail
studio=$1

if [ -z "${STUDIO_RECORD_INSIDE_X:-}" ]; then
  export STUDIO_RECORD_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_record: FAIL: $*" >&2; exit 1; }
probe() {
  ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=nb_read_frames,width,height -of csv=p=0 "$1"
}
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

echo "== --record demo.mp4 --frames 300 --size 640x400 --sync 1"
start=$(date +%s.%N)
"$studio" --record "$tmp/demo.mp4" --frames 300 --size 640x400 --sync 1 \
  --dump-state "$tmp/demo.json" 2> "$tmp/demo.err" || { cat "$tmp/demo.err"; fail "exit code $?"; }
echo "took $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
cat "$tmp/demo.err"
window=$(json "$tmp/demo.json" '"%d,%d" % tuple(d["view"]["window"])')
[ "$window" = "640,400" ] || fail "the window is $window, expected 640,400"
got=$(probe "$tmp/demo.mp4")
echo "ffprobe: $got (width,height,frames)"
[ "$got" = "640,400,300" ] || fail "expected 640,400,300 from ffprobe, got '$got'"
[ "$(ls -A "$tmp" | grep -c tmp-)" = 0 ] || fail "a temporary was left beside the file"

echo "== --record clip.gif --frames 12, the canvas only"
"$studio" --record "$tmp/clip.gif" --record-area canvas --frames 12 --size 960x600 --sync 1 \
  --dump-state "$tmp/gif.json" 2> "$tmp/gif.err" || { cat "$tmp/gif.err"; fail "exit code $?"; }
canvas=$(json "$tmp/gif.json" '"%d,%d" % (round(d["view"]["viewport"][2] - d["view"]["viewport"][0]), round(d["view"]["viewport"][3] - d["view"]["viewport"][1]))')
got=$(probe "$tmp/clip.gif")
echo "ffprobe: $got; canvas $canvas"
[ "$got" = "$canvas,12" ] || fail "expected $canvas,12 (the canvas) from ffprobe, got '$got'"

echo "== bad input: one line, exit 2, the studio runs on, nothing written"
set +e
"$studio" --record "$tmp/no-such-dir/a.mp4" --frames 3 --sync 1 --size 640x400 \
  --dump-state "$tmp/bad1.json" 2> "$tmp/bad1.err"
rc1=$?
mkdir -p "$tmp/empty-path"
PATH="$tmp/empty-path" "$studio" --record "$tmp/b.mp4" --frames 3 --sync 1 --size 640x400 \
  --dump-state "$tmp/bad2.json" 2> "$tmp/bad2.err"
rc2=$?
"$studio" --record "$tmp/c.webm" --frames 3 2> "$tmp/bad3.err"
rc3=$?
set -e
cat "$tmp/bad1.err" "$tmp/bad2.err" "$tmp/bad3.err"
[ "$rc1" = 2 ] && [ "$rc2" = 2 ] && [ "$rc3" = 2 ] || fail "expected exit codes 2 2 2, got $rc1 $rc2 $rc3"
grep -q "error: $tmp/no-such-dir/a.mp4: directory $tmp/no-such-dir does not exist" "$tmp/bad1.err" ||
  fail "no message naming the missing directory"
grep -q "error: recording: no ffmpeg on PATH" "$tmp/bad2.err" || fail "no message about ffmpeg"
grep -q -- "--record '$tmp/c.webm': expected a file name ending in .mp4 or .gif" "$tmp/bad3.err" ||
  fail "no message about the extension"
[ "$(json "$tmp/bad1.json" 'd["frames"]')" = 3 ] && [ "$(json "$tmp/bad2.json" 'd["frames"]')" = 3 ] ||
  fail "the studio did not run its frames after a failed recording"
[ ! -e "$tmp/b.mp4" ] && [ ! -e "$tmp/c.webm" ] || fail "a failed recording wrote a file"
[ "$(ls -A "$tmp" | grep -c tmp-)" = 0 ] || fail "a temporary was left behind"
echo "studio_record: all checks passed"
