#!/usr/bin/env bash
# Faults during training: kill -9 at any moment (mid-step or mid-checkpoint-write) leaves a
# checkpoint that loads and resumes from its own iteration, with a metrics.csv of one whole
# row per iteration; a read-only run directory and a full disk (metrics.csv on /dev/full, the
# checkpoint on a full filesystem) give one error line and exit 2, and the previous
# checkpoint stays byte for byte; a changed byte is named, an old checkpoint loads with a
# note. Cases this machine cannot set up are skipped with a reason, never passed.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"
skips=0
skip() { echo "SKIP: $*"; skips=$((skips + 1)); }

iteration_of() { sed -n 's/^  "iteration": \([0-9]*\),*$/\1/p' "$1/config.json"; }
snapshot() { (cd "$1" && sha256sum config.json *.pt | sort); }
# Rows strictly increasing by iteration, each with as many fields as the header.
metrics_whole() {
  awk -F, 'NR == 1 { n = NF; next } NF != n || $1 + 0 <= prev { bad = 1 } { prev = $1 + 0 }
           END { exit bad }' "$1/metrics.csv"
}
# check_failed WHAT PATTERN RC ERRFILE: exit 2 and exactly one error line, matching PATTERN.
check_failed() {
  local what=$1 pattern=$2 rc=$3 err=$4
  local errors; errors=$(grep -c '^egeot: error:' "$err")
  if [ "$rc" -ne 2 ] || [ "$errors" -ne 1 ] || ! grep '^egeot: error:' "$err" | grep -q -- "$pattern"; then
    echo "FAIL: $what: rc=$rc, $errors error lines, expected /$pattern/:"; cat "$err"
    fails=$((fails + 1))
  else
    passes=$((passes + 1))
  fi
}
# wait_started ERRFILE PID: until the run has loaded its checkpoint and begun training.
wait_started() {
  for _ in $(seq 300); do
    grep -q "^egeot train: scene" "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.02
  done
  return 1
}

# A small network and short chains: iterations of milliseconds, so most of a run that
# checkpoints every iteration is spent writing checkpoints.
cat >"$work/fast.json" <<'EOF'
{"name": "fast", "source": {"type": "gaussian", "dim": 2, "std": 1.0}, "target": {"type": "swissroll"},
 "eps": 0.1, "potential": {"widths": [32, 32]}, "sampler": {"steps": 2},
 "replay": {"capacity": 512}, "optimizer": {"batch": 32}, "seed": 0}
EOF

# 1. kill -9 while training with frequent checkpoints.
"$egeot" train --scene "$work/fast.json" --iters 1000000 --checkpoint-minutes 0.005 --log-every 1 \
  --out "$work/k" 2>"$work/k.err" &
pid=$!
wait_started "$work/k.err" $pid
for _ in $(seq 100); do [ -s "$work/k/config.json" ] && break; sleep 0.05; done
sleep 1
kill -9 $pid
wait $pid 2>/dev/null
check "a checkpoint was written before the kill" test -s "$work/k/config.json"
"$egeot" sample --checkpoint "$work/k" --x 0,0 --n 3 --steps 2 --out "$work/k.csv" 2>"$work/k.sample.err"
check "the killed run's checkpoint samples" [ "$(wc -l <"$work/k.csv")" -eq 4 ]
killed_at=$(iteration_of "$work/k")
"$egeot" train --resume --iters 5 --log-every 1 --out "$work/k" 2>"$work/k.resume.err"
check "resume after kill -9 exits 0" [ $? -eq 0 ]
check "resume continues from the checkpoint's iteration ($killed_at + 5)" \
  [ "$(iteration_of "$work/k")" = $((killed_at + 5)) ]
check "metrics.csv ends at the resumed run's last iteration" \
  [ "$(tail -1 "$work/k/metrics.csv" | cut -d, -f1)" = $((killed_at + 5)) ]
check "metrics.csv: one whole row per iteration, none repeated" metrics_whole "$work/k"
check "no temporaries left after the resumed save" [ -z "$(ls "$work/k" | grep tmp)" ]

# 2. kill -9 at random moments of runs that checkpoint every iteration, so many kills land
# inside a checkpoint write; after each, the next --resume must load what is on disk.
dir="$work/r"
"$egeot" train --scene "$work/fast.json" --iters 3 --out "$dir" 2>/dev/null
check "a run to kill repeatedly" test -s "$dir/config.json"
rounds=0 mid_save=0 last=$(iteration_of "$dir") went_back=0 budget=$((SECONDS + 12))
while [ $SECONDS -lt $budget ]; do
  "$egeot" train --resume --iters 1000000 --checkpoint-minutes 0.00001 --log-every 1 \
    --out "$dir" 2>"$work/r.err" &
  pid=$!
  if ! wait_started "$work/r.err" $pid; then
    wait $pid; echo "FAIL: round $rounds: the checkpoint left by the previous kill did not resume:"
    cat "$work/r.err"; fails=$((fails + 1)); break
  fi
  sleep "0.$(printf '%03d' $((RANDOM % 400)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  rounds=$((rounds + 1))
  # Temporaries, or files no config.json names yet, show the kill hit a save.
  named=$(grep -o '"[a-z-]*-[0-9-]*\.pt"' "$dir/config.json" | sort -u | tr -d '"')
  for f in $(ls "$dir"); do
    case $f in
      *.tmp-*) mid_save=$((mid_save + 1)); break ;;
      *.pt) echo "$named" | grep -qx "$f" || { mid_save=$((mid_save + 1)); break; } ;;
    esac
  done
  now=$(iteration_of "$dir")
  [ -n "$now" ] && [ "$now" -ge "$last" ] || went_back=1
  last=${now:-0}
done
echo "random kills: $rounds, of which $mid_save landed inside a checkpoint write"
check "random kills: at least 5 rounds ran" [ $rounds -ge 5 ]
check "random kills: the checkpoint's iteration never went back" [ $went_back -eq 0 ]
"$egeot" sample --checkpoint "$dir" --x 0,0 --n 3 --steps 2 --out "$work/r.csv" 2>"$work/r.sample.err"
check "random kills: the last checkpoint samples" [ "$(wc -l <"$work/r.csv")" -eq 4 ]
before=$(iteration_of "$dir")
"$egeot" train --resume --iters 2 --log-every 1 --out "$dir" 2>"$work/r.err"
check "random kills: a final resume completes" [ $? -eq 0 ]
check "random kills: it continued from iteration $before" [ "$(iteration_of "$dir")" = $((before + 2)) ]
check "random kills: metrics.csv has one whole row per iteration" metrics_whole "$dir"
check "random kills: no temporaries left" [ -z "$(ls "$dir" | grep tmp)" ]

# 3. A read-only run directory: the resume is refused before training, nothing changes.
cp -r "$work/k" "$work/ro"
before=$(snapshot "$work/ro")
ro_rc=
if [ "$(id -u)" -ne 0 ]; then
  chmod 555 "$work/ro"
  "$egeot" train --resume --iters 5 --out "$work/ro" 2>"$work/ro.err"
  ro_rc=$?
  chmod 755 "$work/ro"
elif unshare -m true 2>/dev/null; then
  # Root ignores permission bits; a read-only bind mount in a private mount namespace does not.
  unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" || exit 99
                    exec "$2" train --resume --iters 5 --out "$1"' sh "$work/ro" "$egeot" 2>"$work/ro.err"
  ro_rc=$?
  [ $ro_rc -eq 99 ] && ro_rc=
fi
if [ -n "$ro_rc" ]; then
  check_failed "read-only run directory" "$work/ro: the directory is not writable" $ro_rc "$work/ro.err"
  check "read-only: the checkpoint is byte-identical" [ "$before" = "$(snapshot "$work/ro")" ]
  "$egeot" sample --checkpoint "$work/ro" --x 0,0 --n 2 --steps 2 --out "$work/ro.csv" 2>/dev/null
  check "read-only: the checkpoint still samples" [ $? -eq 0 ]
else
  skip "read-only run directory: running as root, and no mount namespace (unshare -m) to mount one read-only"
fi

# 4a. metrics.csv on a full disk: the first row's write fails; nothing else is written.
cp -r "$work/k" "$work/full"
rm "$work/full/metrics.csv"
ln -s /dev/full "$work/full/metrics.csv"
before=$(snapshot "$work/full")
"$egeot" train --resume --iters 50 --log-every 1 --out "$work/full" 2>"$work/full.err"
check_failed "metrics.csv on a full disk" "metrics.csv: cannot write (No space left on device)" $? "$work/full.err"
check "full metrics disk: the checkpoint is byte-identical" [ "$before" = "$(snapshot "$work/full")" ]

# 4b. The checkpoint on a full filesystem (a small tmpfs, filled up): the save fails, the
# previous checkpoint stands whole and no temporary is left. metrics.csv lives elsewhere, so
# the checkpoint's own write is what meets the full disk.
ns=
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
  ns="unshare -m"
elif unshare -rm true 2>/dev/null; then
  ns="unshare -rm"
fi
if [ -n "$ns" ]; then
  mkdir -p "$work/tiny"
  cp "$work/k/metrics.csv" "$work/outside-metrics.csv"
  $ns sh -c '
    mnt=$1 src=$2 work=$3 egeot=$4
    mount -t tmpfs -o size=8m tmpfs "$mnt" || exit 99
    cp "$src"/config.json "$src"/*.pt "$mnt"/ && ln -s "$work/outside-metrics.csv" "$mnt/metrics.csv"
    (cd "$mnt" && sha256sum config.json *.pt | sort) >"$work/tiny.before"
    dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null
    "$egeot" train --resume --iters 5 --out "$mnt" 2>"$work/tiny.err"
    echo $? >"$work/tiny.rc"
    (cd "$mnt" && sha256sum config.json *.pt | sort) >"$work/tiny.after"
    ls "$mnt" >"$work/tiny.ls"
    rm "$mnt/filler"
    "$egeot" sample --checkpoint "$mnt" --x 0,0 --n 2 --steps 2 --out "$work/tiny.csv" 2>/dev/null
    echo $? >"$work/tiny.sample.rc"' sh "$work/tiny" "$work/k" "$work" "$egeot"
  if [ -s "$work/tiny.rc" ]; then
    check_failed "checkpoint on a full disk" "potential-[0-9-]*\.pt: cannot write (No space left on device)" \
      "$(cat "$work/tiny.rc")" "$work/tiny.err"
    check "full disk: the previous checkpoint is byte-identical" cmp -s "$work/tiny.before" "$work/tiny.after"
    check "full disk: no temporary left" [ -z "$(grep tmp "$work/tiny.ls")" ]
    check "full disk: the previous checkpoint still samples" [ "$(cat "$work/tiny.sample.rc")" = 0 ]
  else
    skip "checkpoint on a full disk: could not mount a small tmpfs ($ns)"
  fi
else
  skip "checkpoint on a full disk: no mount namespace (unshare) to mount a small tmpfs in"
fi

# 5. A byte changed in a committed file is named; a checkpoint from before checksums loads
# with one note line and exit code 0.
cp -r "$work/k" "$work/flip"
weights=$(sed -n 's/^  "weights": "\([^"]*\)",*$/\1/p' "$work/flip/config.json")
/usr/bin/python3 -c "
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(1000); b = f.read(1); f.seek(1000); f.write(bytes([b[0] ^ 0xff]))" "$work/flip/$weights"
expect_error "a changed byte" "$work/flip/$weights: checksum mismatch (the file is damaged" -- \
  sample --checkpoint "$work/flip" --x 0,0 --n 2 --steps 2 --out "$work/flip.csv"
cp -r "$work/k" "$work/old"
/usr/bin/python3 -c "
import json, sys
path = sys.argv[1] + '/config.json'
doc = json.load(open(path)); del doc['files']; json.dump(doc, open(path, 'w'), indent=2)" "$work/old"
"$egeot" sample --checkpoint "$work/old" --x 0,0 --n 2 --steps 2 --out "$work/old.csv" 2>"$work/old.err"
check "an old checkpoint samples (exit 0)" [ $? -eq 0 ]
check "an old checkpoint gives one note line" [ "$(grep -c '^egeot: note: .*config.json records no checksums' "$work/old.err")" -eq 1 ]

[ $skips -eq 0 ] || echo "$skips case(s) skipped (see SKIP lines)"
finish
