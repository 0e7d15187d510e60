#!/usr/bin/env bash
# Sessions end to end under Xvfb. A studio trains 30 --sync steps with two queries, the density
# heat map and some layers off, and saves its session at exit; a second studio opens the
# directory paused and must draw the same canvas, byte for byte. Compared are the layers that
# are functions of what a session holds (heat map and contours, colour bar, source and target
# samples, Sinkhorn's rings, queries, axes); the Langevin layers (paths, conditional and
# generated samples) are fresh Monte Carlo draws in each run and are off. Then: saving again
# replaces the session; a session whose view, colour map and selected query were edited opens
# with them; a missing directory, a bad field, or a checkpoint of another architecture stop
# the start with one line naming the file (exit 2); saving over a directory that is not a
# session is refused.
# usage: studio_session.sh EGEOT_STUDIO STUDIO_CHECK
set -euo pipefail
studio=$1 check=$2

if [ -z "${STUDIO_SESSION_INSIDE_X:-}" ]; then
  export STUDIO_SESSION_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_session: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
layers="-paths,-conditional_lines,-conditional,-generated"

echo "== save a session at exit, reopen it paused: the same canvas"
"$studio" --scene moons --sync 1 --frames 30 --query 0.5,0.25 --query -0.5,0.5 --heat density \
  --layers "$layers" --save-session "$tmp/s" --screenshot "$tmp/a.png" --dump-state "$tmp/a.json" \
  2> "$tmp/a.err" || { cat "$tmp/a.err"; fail "the first studio exited with $?"; }
for f in session.json scene.json checkpoint/config.json; do
  [ -f "$tmp/s/$f" ] || fail "the session has no $f"
done
[ -z "$(ls -d "$tmp"/s.* 2>/dev/null)" ] || fail "a temporary was left beside the session"
"$studio" "$tmp/s" --paused --sync 1 --frames 30 --screenshot "$tmp/b.png" --dump-state "$tmp/b.json" \
  2> "$tmp/b.err" || { cat "$tmp/b.err"; fail "the reopened studio exited with $?"; }
for key in iteration scene eps queries layers landscape_mode colormap 'view"]["center' 'view"]["pixels_per_unit'; do
  [ "$(json "$tmp/a.json" "d[\"$key\"]")" = "$(json "$tmp/b.json" "d[\"$key\"]")" ] ||
    fail "$key differs: $(json "$tmp/a.json" "d[\"$key\"]") saved, $(json "$tmp/b.json" "d[\"$key\"]") reopened"
done
[ "$(json "$tmp/b.json" 'd["iteration"]')" = 30 ] || fail "the reopened model is not at iteration 30"
[ "$(json "$tmp/b.json" 'd["playing"]')" = False ] || fail "the reopened studio trains (--paused)"
"$check" same "$tmp/a.png" "$tmp/b.png" "$tmp/b.json"
[ -n "${STUDIO_SESSION_KEEP:-}" ] && cp "$tmp/a.png" "$tmp/b.png" "$STUDIO_SESSION_KEEP/"

echo "== saving again replaces the session whole; a directory that is not a session is refused"
"$studio" "$tmp/s" --sync 1 --frames 5 --save-session "$tmp/s" 2> "$tmp/c.err" ||
  { cat "$tmp/c.err"; fail "saving over a session failed"; }
[ "$(json "$tmp/s/session.json" 'd["iteration"]')" = 35 ] || fail "the session was not replaced (iteration 35)"
mkdir "$tmp/mine" && echo keep > "$tmp/mine/notes.txt"
rc=0
"$studio" --scene moons --sync 1 --frames 2 --save-session "$tmp/mine" 2> "$tmp/d.err" || rc=$?
cat "$tmp/d.err"
[ "$rc" = 2 ] || fail "saving over a directory that is not a session exited with $rc (expected 2)"
grep -q -- "save session: $tmp/mine: a directory that is not a session" "$tmp/d.err" ||
  fail "the refusal does not name the directory"
[ "$(cat "$tmp/mine/notes.txt")" = keep ] && [ "$(ls "$tmp/mine")" = notes.txt ] || fail "the directory was touched"

echo "== an edited view and colour map open as written"
python3 - "$tmp/s/session.json" << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["view"]["center"] = [0.75, -0.5]
d["view"]["pixels_per_unit"] = 150.0
d["colormap"] = "magma"
d["selected"] = 1
json.dump(d, open(sys.argv[1], "w"))
PY
"$studio" "$tmp/s" --sync 1 --frames 3 --dump-state "$tmp/e.json" 2> "$tmp/e.err" ||
  { cat "$tmp/e.err"; fail "the edited session did not open"; }
[ "$(json "$tmp/e.json" 'd["view"]["center"]')" = "[0.75, -0.5]" ] || fail "the view's centre was not restored"
[ "$(json "$tmp/e.json" 'd["view"]["pixels_per_unit"]')" = 150.0 ] || fail "the zoom was not restored"
[ "$(json "$tmp/e.json" 'd["colormap"]')" = magma ] || fail "the colour map was not restored"
[ "$(json "$tmp/e.json" 'd["selected"]')" = 1 ] || fail "the selected query was not restored"

echo "== bad sessions: one line naming the file, exit 2"
expect_refusal() {  # DIR PATTERN
  local rc=0
  "$studio" "$1" --sync 1 --frames 3 2> "$tmp/f.err" || rc=$?
  cat "$tmp/f.err"
  [ "$rc" = 2 ] || fail "opening $1 exited with $rc (expected 2)"
  grep -q -- "$2" "$tmp/f.err" || fail "the message does not match '$2'"
}
expect_refusal "$tmp/none" "error: $tmp/none/session.json"
cp -r "$tmp/s" "$tmp/bad"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['view']['pixels_per_unit']='x'; json.dump(d, open(sys.argv[1],'w'))" "$tmp/bad/session.json"
expect_refusal "$tmp/bad" "error: $tmp/bad/session.json: field 'view.pixels_per_unit'"
cp -r "$tmp/s" "$tmp/arch"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['scene']['potential']['widths']=[64, 64]; json.dump(d, open(sys.argv[1],'w'))" "$tmp/arch/checkpoint/config.json"
expect_refusal "$tmp/arch" "error: .*$tmp/arch/checkpoint"
echo "studio_session: all checks passed"
