#!/usr/bin/env bash
# The kernel flags: --sampler hmc --leapfrog 3 --sampler-step 0.02 reach the trainer thread's
# diagnostics with the panel hidden (canvas-only), and bad values exit 2 with one line.
# usage: studio_sampler_flags.sh EGEOT_STUDIO
set -euo pipefail
studio=$1

if [ -z "${STUDIO_SAMPLER_INSIDE_X:-}" ]; then
  export STUDIO_SAMPLER_INSIDE_X=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "studio_sampler_flags: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

echo "== bad values: exit 2, one line naming the flag"
for bad in "--sampler foo" "--leapfrog 0" "--leapfrog 51" "--sampler-step -1" "--sampler-step 0"; do
  rc=0
  # shellcheck disable=SC2086
  "$studio" $bad --frames 1 > /dev/null 2> "$tmp/bad.err" || rc=$?
  [ "$rc" = 2 ] || fail "'$bad' exited $rc, expected 2"
  [ "$(wc -l < "$tmp/bad.err")" = 1 ] || { cat "$tmp/bad.err"; fail "'$bad' printed more than one line"; }
  flag=${bad%% *}
  grep -q -- "$flag" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "'$bad': the error does not name $flag"; }
done

echo "== HMC chosen by flags, panel hidden"
cd "$tmp"
"$studio" --scene swissroll --sampler hmc --leapfrog 3 --sampler-step 0.02 --canvas-only \
  --layers +diagnostic_chains --sync 5 --frames 40 --dump-state "$tmp/hmc.json" 2> "$tmp/hmc.err" ||
  { cat "$tmp/hmc.err"; fail "egeot-studio exited with an error"; }
[ "$(json "$tmp/hmc.json" 'd["diagnostics"]["kernel"]')" = hmc ] || fail "the diagnostics did not run HMC"
[ "$(json "$tmp/hmc.json" 'd["diagnostics"]["leapfrog"]')" = 3 ] || fail "leapfrog is not 3"
step=$(json "$tmp/hmc.json" 'round(d["diagnostics"]["step"], 6)')
[ "$step" = 0.02 ] || fail "the step is $step, not 0.02"
acc=$(json "$tmp/hmc.json" 'd["diagnostics"]["mean_acceptance"]')
echo "HMC acceptance $acc, R-hat $(json "$tmp/hmc.json" 'd["diagnostics"]["rhat"]')"
python3 -c "import sys; sys.exit(0 if 0 < $acc <= 1 else 1)" || fail "acceptance $acc is not in (0, 1]"
echo "studio_sampler_flags: all checks passed"
