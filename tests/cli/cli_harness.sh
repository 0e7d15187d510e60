# Shared by the CLI test scripts (sourced): a scratch directory, pass/fail counters and the
# checks every script uses. The sourcing script sets egeot=$1 first and ends with `finish`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0; passes=0

check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $what"; fails=$((fails + 1)); fi
}

# expect_error DESCRIPTION PATTERN -- ARGS...: exit code 2, one stderr line matching
# PATTERN, and no NaN printed on stdout as a result.
expect_error() {
  local what=$1 pattern=$2; shift 3
  "$egeot" "$@" >"$work/stdout" 2>"$work/stderr"
  local rc=$?
  local lines; lines=$(wc -l <"$work/stderr")
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pattern" "$work/stderr" || grep -qi nan "$work/stdout"; then
    echo "FAIL: $what: rc=$rc, $lines stderr lines, expected /$pattern/:"; cat "$work/stderr"
    fails=$((fails + 1))
  else
    passes=$((passes + 1))
  fi
}

finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
