#!/usr/bin/env bash
# Watch mode end to end under Xvfb. A distributed run (egeot train --nproc 2, rank 0 writing
# the run directory) trains in the background; two studios started with --watch on it, one
# after the other, must show a later checkpoint and more metrics rows, read-only (nothing
# trains, iteration = the checkpoint's), with the heat map and samples drawn. Once the run has
# stopped, a studio on it must leave every byte of the directory as it was, and saving a
# session into it is refused. An empty directory shows "waiting"; a missing one, or one that
# is not a run directory, stops the start with one line naming it (exit 2).
# usage: studio_watch.sh EGEOT_STUDIO STUDIO_CHECK EGEOT
set -euo pipefail
studio=$1 check=$2 egeot=$3

if [ -z "${STUDIO_WATCH_INSIDE_X:-}" ]; then
  export STUDIO_WATCH_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
train_pid=
cleanup() {
  if [ -n "$train_pid" ] && kill -0 "$train_pid" 2>/dev/null; then
    kill -TERM "$train_pid" 2>/dev/null || true
    wait "$train_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "studio_watch: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
wait_for() {  # SECONDS WHAT CONDITION...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq $((limit * 10))); do
    "$@" && return 0
    sleep 0.1
  done
  cat "$tmp/train.err" >&2 || true
  fail "no $what within $limit s"
}
checkpoint_iteration() {
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['iteration'])" "$1/config.json" 2>/dev/null || echo -1
}

echo "== bad directories: one line naming the path, exit 2"
expect_refusal() {  # DIR PATTERN
  local rc=0
  "$studio" --watch "$1" --sync 1 --frames 3 2> "$tmp/bad.err" || rc=$?
  cat "$tmp/bad.err"
  [ "$rc" = 2 ] || fail "--watch $1 exited with $rc (expected 2)"
  [ "$(wc -l < "$tmp/bad.err")" = 1 ] || fail "--watch $1: more than one line"
  grep -q -- "$2" "$tmp/bad.err" || fail "the message does not match '$2'"
}
expect_refusal "$tmp/none" "^egeot-studio: error: --watch $tmp/none: no such directory (expected a run directory"
mkdir "$tmp/other" && echo mine > "$tmp/other/notes.txt"
expect_refusal "$tmp/other" "^egeot-studio: error: --watch $tmp/other: not a run directory (no config.json or metrics.csv"
[ "$(ls "$tmp/other")" = notes.txt ] || fail "the directory that is not a run was touched"

echo "== an empty directory (a run about to start): waiting for the first checkpoint"
mkdir "$tmp/empty"
"$studio" --watch "$tmp/empty" --sync 1 --frames 3 --dump-state "$tmp/e.json" 2> "$tmp/e.err" ||
  { cat "$tmp/e.err"; fail "watching an empty directory failed"; }
[ "$(json "$tmp/e.json" 'd["watch"]["state"]')" = waiting ] || fail "an empty directory is not 'waiting'"
grep -q "waiting for the first checkpoint" <<< "$(json "$tmp/e.json" 'd["watch"]["status"]')" ||
  fail "the status line does not say it waits"
[ -z "$(ls -A "$tmp/empty")" ] || fail "the studio wrote into the watched directory"

echo "== a distributed run (2 ranks) watched while it trains"
"$egeot" train --scene swissroll --iters 100000 --minutes 2 --nproc 2 --checkpoint-minutes 0.02 \
  --log-every 5 --out "$tmp/run" 2> "$tmp/train.err" &
train_pid=$!
wait_for 120 "first checkpoint" test -f "$tmp/run/config.json"
"$studio" --watch "$tmp/run" --sync 1 --frames 10 --dump-state "$tmp/a.json" 2> "$tmp/a.err" ||
  { cat "$tmp/a.err"; fail "the first watching studio exited with $?"; }
a_iter=$(json "$tmp/a.json" 'd["watch"]["checkpoint_iteration"]')
a_rows=$(json "$tmp/a.json" 'd["watch"]["metrics_rows"]')
newer() { [ "$(checkpoint_iteration "$tmp/run")" -gt "$a_iter" ]; }
wait_for 60 "newer checkpoint than iteration $a_iter" newer
"$studio" --watch "$tmp/run" --sync 1 --frames 10 --dump-state "$tmp/b.json" --screenshot "$tmp/b.png" \
  2> "$tmp/b.err" || { cat "$tmp/b.err"; fail "the second watching studio exited with $?"; }
b_iter=$(json "$tmp/b.json" 'd["watch"]["checkpoint_iteration"]')
b_rows=$(json "$tmp/b.json" 'd["watch"]["metrics_rows"]')
echo "checkpoint iteration $a_iter -> $b_iter, metrics rows $a_rows -> $b_rows"
[ "$a_iter" -gt 0 ] || fail "the first studio showed no checkpoint"
[ "$b_iter" -gt "$a_iter" ] || fail "the iteration shown did not grow ($a_iter -> $b_iter)"
[ "$b_rows" -gt "$a_rows" ] || fail "the metrics rows did not grow ($a_rows -> $b_rows)"
[ "$(json "$tmp/b.json" 'd["iteration"]')" = "$b_iter" ] || fail "the model shown is not the checkpoint's"
[ "$(json "$tmp/b.json" 'd["playing"]')" = False ] || fail "a watching studio trains"
[ "$(json "$tmp/b.json" 'd["watch"]["state"]')" = live ] || fail "a run that is training is not 'live'"
[ "$(json "$tmp/b.json" 'd["watch"]["problem"]')" = "" ] || fail "a problem was reported"
[ "$(json "$tmp/b.json" 'd["watch"]["curve_points"] > 0')" = True ] || fail "the plots got no metrics rows"
grep -q "(read-only) · checkpoint at iteration $b_iter · written" <<< "$(json "$tmp/b.json" 'd["watch"]["status"]')" ||
  fail "the status line does not say what it shows"
"$check" frame "$tmp/b.png" "$tmp/b.json"
[ -n "${STUDIO_WATCH_KEEP:-}" ] && cp "$tmp/b.png" "$STUDIO_WATCH_KEEP/watch.png"

echo "== the stopped run: a studio leaves every byte of it as it was"
kill -TERM "$train_pid"
wait "$train_pid" || true  # interrupted: it saves a checkpoint and exits 130
train_pid=
sums() { (cd "$tmp/run" && find . -type f -print0 | sort -z | xargs -0 md5sum); }
sums > "$tmp/before.md5"
rc=0
"$studio" --watch "$tmp/run" --sync 1 --frames 5 --save-session "$tmp/run/session" \
  --dump-state "$tmp/c.json" 2> "$tmp/c.err" || rc=$?
[ "$rc" = 2 ] || { cat "$tmp/c.err"; fail "saving a session into the watched run exited with $rc (expected 2)"; }
grep -q "is a watched run directory; the studio never writes into it" "$tmp/c.err" ||
  { cat "$tmp/c.err"; fail "the refusal does not say why"; }
sums | diff "$tmp/before.md5" - || fail "the studio changed the watched run directory"
[ "$(json "$tmp/c.json" 'd["watch"]["checkpoint_iteration"]')" = "$(checkpoint_iteration "$tmp/run")" ] ||
  fail "the final checkpoint is not the one shown"
echo "studio_watch: all checks passed"
