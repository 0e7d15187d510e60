#!/usr/bin/env bash
# scripts/export-stylegan2.py on stand-in StyleGAN2-ADA pickles (tests/fixtures/fake_stylegan: the same
# call signatures and the same traps: fused_modconv baking the batch size, random noise,
# float16 blocks), run with Debian's python3-torch; each exported file is then loaded by
# egeot's C++ loader and compared with the eager generator's images. Bad input: a clear
# one-line error, exit code 2, the existing --out file untouched.
# Usage: export_stylegan2.sh EGEOT_TESTS_BINARY
set -u
tests_bin=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
egeot=/bin/false  # the harness's expect_error is for egeot; this script has its own below
source "$here/cli_harness.sh"
py=/usr/bin/python3
script="$root/scripts/export-stylegan2.py"
repo="$here/../fixtures/fake_stylegan"

if ! "$py" -c "import torch" 2>/dev/null; then
  echo "FAIL: $py has no torch; run scripts/setup (installs python3-torch)"
  exit 1
fi
if ! "$py" "$repo/make_fake.py" "$work" >"$work/make.log" 2>&1; then
  echo "FAIL: the stand-in generator's self-checks:"; cat "$work/make.log"; exit 1
fi

# export NAME REF SHAPE ARGS...: the export succeeds and the C++ loader agrees with G.
export_ok() {
  local name=$1 ref=$2 shape=$3; shift 3
  if ! "$py" "$script" --out "$work/$name.pt" "$@" >"$work/out" 2>"$work/err"; then
    echo "FAIL: export $name:"; cat "$work/err"; fails=$((fails + 1)); return
  fi
  check "export $name prints what it wrote" grep -q "wrote $work/$name.pt: z_dim 8, images $shape" "$work/out"
  if EGEOT_EXPORTED="$work/$name.pt" EGEOT_EXPORT_REF="$work/$ref" EGEOT_EXPORT_SHAPE="$shape" \
     "$tests_bin" --test-suite=export_stylegan2 --no-skip >"$work/cpp" 2>&1; then
    passes=$((passes + 1))
  else
    echo "FAIL: C++ load of $name:"; cat "$work/cpp"; fails=$((fails + 1))
  fi
}

export_ok fake fake-psi0.7-res8.ref.pt 3x8x8 --pkl "$work/fake.pkl" --stylegan-repo "$repo" --psi 0.7 --resolution 8
export_ok plain plain.ref.pt 3x16x16 --pkl "$work/plain.pkl" --stylegan-repo "$repo"
export_ok cond cond-label2.ref.pt 3x16x16 --pkl "$work/cond.pkl" --stylegan-repo "$repo" --label 2

# export_error DESCRIPTION PATTERN ARGS...: exit 2, one stderr line matching, keep.pt intact.
export_error() {
  local what=$1 pattern=$2; shift 2
  printf 'keep me' >"$work/keep.pt"
  "$py" "$script" --out "$work/keep.pt" "$@" >"$work/out" 2>"$work/err"
  local rc=$? lines; lines=$(wc -l <"$work/err")
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pattern" "$work/err" ||
     [ "$(cat "$work/keep.pt")" != "keep me" ] || ls "$work" | grep -q 'keep.pt.tmp'; then
    echo "FAIL: $what: rc=$rc, $lines stderr lines, expected /$pattern/:"; cat "$work/err"
    fails=$((fails + 1))
  else
    passes=$((passes + 1))
  fi
}

export_error "missing pickle" "\-\-pkl $work/absent.pkl: no such file" --pkl "$work/absent.pkl" --stylegan-repo "$repo"
export_error "no G_ema" "nogen.pkl: expected a pickle holding a 'G_ema' generator module, found D" --pkl "$work/nogen.pkl" --stylegan-repo "$repo"
export_error "repo not given" "fake.pkl: needs module 'training' to unpickle; pass --stylegan-repo" --pkl "$work/fake.pkl"
export_error "bad repo" "\-\-stylegan-repo $work/nowhere: no such directory" --pkl "$work/fake.pkl" --stylegan-repo "$work/nowhere"
export_error "resolution not a divisor" "\-\-resolution 6: expected a divisor of the generator's 16" --pkl "$work/fake.pkl" --stylegan-repo "$repo" --resolution 6
export_error "conditional without label" "\-\-label: the generator is conditional (c_dim 3)" --pkl "$work/cond.pkl" --stylegan-repo "$repo"
printf 'garbage' >"$work/junk.pkl"
export_error "corrupt pickle" "junk.pkl: not a readable network pickle" --pkl "$work/junk.pkl" --stylegan-repo "$repo"

# The script's own check is what stops a careless export: with fused_modconv left on, the
# trace bakes in its batch size and the script refuses to write the file.
sed 's/fused_modconv=False/fused_modconv=True/' "$script" >"$work/careless.py"
script="$work/careless.py"
export_error "fused_modconv on is caught" "the exported module fails at a batch size other than the traced one" --pkl "$work/fake.pkl" --stylegan-repo "$repo"
sed 's/noise_mode="const"/noise_mode="random"/' "$root/scripts/export-stylegan2.py" >"$work/careless.py"
export_error "random noise is caught" "differs from the eager generator" --pkl "$work/fake.pkl" --stylegan-repo "$repo"

finish
