#!/usr/bin/env bash
# The ground-truth commands (truth, eval, bench): good paths give parseable output, and every
# bad input gives exit code 2 and one line on stderr naming the flag or file.
set -u
egeot=$1
source "$(dirname "$0")/cli_harness.sh"

# expect_json DESCRIPTION PYTHON-CHECK -- ARGS...: stdout is one JSON object d, check holds.
expect_json() {
  local what=$1 check=$2; shift 3
  if "$egeot" "$@" >"$work/out.json" 2>"$work/stderr" &&
     python3 -c "import json, math, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($check) else 1)" "$work/out.json"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $what:"; cat "$work/stderr"; head -c 600 "$work/out.json"; echo
    fails=$((fails + 1))
  fi
}

# truth gaussian
expect_json "closed form D = 2" "len(d['cross_covariance']) == 2 and len(d['conditional_matrix'][1]) == 2 and abs(d['conditional_covariance'][0][0] - 1.567233) < 1e-5" -- truth gaussian --dim 2 --eps 1 --json
expect_json "closed form D = 16" "len(d['conditional_covariance']) == 16 and all(math.isfinite(v) for r in d['cross_covariance'] for v in r)" -- truth gaussian --dim 16 --eps 0.1 --json
expect_error "eps 0" "\-\-eps: expected a finite number > 0" -- truth gaussian --dim 2 --eps 0 --json
expect_error "eps nan" "\-\-eps: expected a finite number > 0" -- truth gaussian --dim 2 --eps nan --json
expect_error "dimension not in the file" "no pair for dimension 3" -- truth gaussian --dim 3 --eps 1 --json
printf '{"dims": {"2": {"source_weight": [[1, 0], [1, 0]], "target_weight": [[1, 0], [0, 1]]}}}' >"$work/singular.json"
expect_error "singular source" "singular.json: dimension 2: source covariance: expected a positive definite" -- truth gaussian --dim 2 --eps 1 --weights "$work/singular.json"
printf '{"dims": {"2": {"source_weight": [[1, 0, 0], [0, 1, 0]], "target_weight": [[1, 0], [0, 1]]}}}' >"$work/shape.json"
expect_error "wrong shape" "shape.json" -- truth gaussian --dim 2 --eps 1 --weights "$work/shape.json"
expect_error "missing weights" "nope.json" -- truth gaussian --dim 2 --eps 1 --weights "$work/nope.json"

# truth sinkhorn
expect_json "sinkhorn eps 1e-3" "d['converged'] and d['marginal_error'] < 1e-3" -- truth sinkhorn --scene swissroll --n 300 --eps 1e-3 --json
expect_error "sinkhorn not converging" "Sinkhorn did not converge at eps 0.001" -- truth sinkhorn --scene swissroll --n 300 --eps 1e-3 --max-iters 5 --json
expect_error "sinkhorn eps 0" "\-\-eps" -- truth sinkhorn --scene swissroll --n 300 --eps 0
expect_error "sinkhorn on an image scene" "an image scene; its ground truth .*egeot eval --checkpoint" -- truth sinkhorn --scene fashion-sneaker-to-boot --n 200
expect_error "sinkhorn --x without --out" "\-\-out" -- truth sinkhorn --scene swissroll --n 300 --x 0,0
"$egeot" truth sinkhorn --scene swissroll --n 300 --x 0.5,0.5 --samples 20 --out "$work/sk.csv" >/dev/null 2>&1
if [ "$(head -1 "$work/sk.csv")" = "x0,x1,y0,y1" ] && [ "$(wc -l <"$work/sk.csv")" -eq 21 ]; then
  passes=$((passes + 1))
else
  echo "FAIL: sinkhorn samples CSV"; fails=$((fails + 1))
fi

# eval on short runs
"$egeot" train --scene swissroll --iters 3 --out "$work/sr" 2>/dev/null || { echo "FAIL: train swissroll"; exit 1; }
"$egeot" train --scene gaussians --iters 3 --out "$work/g2" 2>/dev/null || { echo "FAIL: train gaussians"; exit 1; }
small="--steps 5 --n-plan 500 --n-sinkhorn 300 --queries 2 --n-per-query 200"
expect_json "eval swissroll" "len(d['queries']) == 2 and 0 <= d['queries'][0]['grid_tv'] <= 1 and 'bw_uvp_plan' not in d" -- eval --checkpoint "$work/sr" --json $small
expect_json "eval gaussians" "d['bw_uvp_plan'] > 0 and d['bw_uvp_marginal'] > 0 and d['eps_reference'] == 2" -- eval --checkpoint "$work/g2" --json --eps 2 $small
"$egeot" eval --checkpoint "$work/g2" $small >"$work/table.txt" 2>/dev/null
grep -q "BW2^2-UVP" "$work/table.txt" && passes=$((passes + 1)) || { echo "FAIL: eval table"; fails=$((fails + 1)); }
expect_error "eval missing checkpoint" "no such checkpoint directory" -- eval --checkpoint "$work/none"
expect_error "eval eps 0" "\-\-eps: expected a finite number > 0" -- eval --checkpoint "$work/sr" --eps 0
expect_error "eval tiny samples" "eval sample sizes" -- eval --checkpoint "$work/sr" --n-per-query 1

# bench: bad lists refused before any training; a tiny run prints a row
expect_error "bench dimension not in the file" "no pair for dimension 3" -- bench gauss2gauss --dims 3 --eps 1
expect_error "bench eps 0" "\-\-eps '0.1,0'" -- bench gauss2gauss --dims 2 --eps 0.1,0
expect_error "bench dims text" "\-\-dims 'two'" -- bench gauss2gauss --dims two --eps 1
printf '{"scene": {"sampler": {"noise": 0.2}}, "bench": {"iters": 5, "eval_samples": 500, "eval_steps": 5, "grid_nodes": 4}}' >"$work/bench.json"
expect_json "bench tiny" "d['gauss2gauss'][0]['dim'] == 2 and d['gauss2gauss'][0]['published'] == 0.03 and d['gauss2gauss'][0]['bw_uvp_plan'] > 0 and d['gauss2gauss'][0]['bw_uvp_plan_grid'] > 0 and 'along' not in d['gauss2gauss'][0] and d['gauss2gauss'][0]['eval_sampler'] == 'ula' and 'eval_acceptance' not in d['gauss2gauss'][0]" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/bench.json" --json
# the grid plan along training: every N iterations and at the end, the last one the final score
expect_json "bench score along" "[p['iter'] for p in d['gauss2gauss'][0]['along']] == [2, 4, 5] and d['gauss2gauss'][0]['along'][-1]['bw_uvp_plan_grid'] == d['gauss2gauss'][0]['bw_uvp_plan_grid'] and all(p['raw'] > 0 for p in d['gauss2gauss'][0]['along'])" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/bench.json" --score-every 2 --json
# an average that starts after the last iteration is the raw iterate; one from the start is not
printf '{"scene": {"sampler": {"noise": 0.2}}, "bench": {"iters": 5, "eval_samples": 500, "eval_steps": 5, "grid_nodes": 4, "ema": 0.9, "ema_start": 100}}' >"$work/emastart.json"
expect_json "bench ema_start" "all(p['bw_uvp_plan_grid'] == p['raw'] for p in d['gauss2gauss'][0]['along'])" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/emastart.json" --score-every 2 --json
sed 's/"ema_start": 100/"ema_start": 0/' "$work/emastart.json" >"$work/emafrom0.json"
expect_json "bench ema from the start" "all(p['bw_uvp_plan_grid'] != p['raw'] for p in d['gauss2gauss'][0]['along'])" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/emafrom0.json" --score-every 2 --json
# a uniform average of the last iterate alone is that iterate; of the last three is not
printf '{"scene": {"sampler": {"noise": 0.2}}, "bench": {"iters": 5, "eval_samples": 500, "eval_steps": 5, "grid_nodes": 4, "ema": 0, "uniform_tail": 0.2}}' >"$work/uniform.json"
expect_json "bench uniform of one" "all(p['bw_uvp_plan_grid'] == p['raw'] for p in d['gauss2gauss'][0]['along'])" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/uniform.json" --score-every 2 --json
sed 's/"uniform_tail": 0.2/"uniform_tail": 0.6/' "$work/uniform.json" >"$work/uniform3.json"
expect_json "bench uniform of three" "[p['bw_uvp_plan_grid'] == p['raw'] for p in d['gauss2gauss'][0]['along']] == [True, False, False]" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/uniform3.json" --score-every 2 --json
sed 's/"ema": 0,/"ema": 0.9,/' "$work/uniform.json" >"$work/twoavg.json"
expect_error "bench two averages" "'bench.uniform_tail': expected 0 when 'ema' is set" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/twoavg.json"
# the evaluation's kernel: MALA reports its acceptance; ULA, the default, none
sed 's/"grid_nodes": 4}/"grid_nodes": 4, "eval_sampler": "mala"}/' "$work/bench.json" >"$work/mala.json"
expect_json "bench eval by mala" "d['gauss2gauss'][0]['eval_sampler'] == 'mala' and 0.2 < d['gauss2gauss'][0]['eval_acceptance'] < 0.95 and d['gauss2gauss'][0]['bw_uvp_plan'] > 0" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/mala.json" --json
sed 's/"eval_sampler": "mala"/"eval_sampler": "hmc"/' "$work/mala.json" >"$work/hmc.json"
expect_error "bench eval sampler unknown" "'bench.eval_sampler': expected \"ula\" or \"mala\"" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/hmc.json"
printf '{"scene": {}, "bench": {"grid_samples": 20}}' >"$work/oldgrid.json"
expect_error "bench grid_samples renamed" "'bench.grid_samples': expected 'grid_nodes' instead" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/oldgrid.json"
# a cell's own patch (by_dim.D.by_eps) reaches that cell only
printf '{"scene": {"sampler": {"noise": 0.2}}, "bench": {"iters": 5, "eval_samples": 500, "eval_steps": 5, "grid_nodes": 0}, "by_dim": {"2": {"by_eps": {"1": {"bench": {"iters": 7}}}}}}' >"$work/cellbench.json"
expect_json "bench cell patch" "[r['iters'] for r in d['gauss2gauss']] == [5, 7]" -- bench gauss2gauss --dims 2 --eps 0.5,1 --settings "$work/cellbench.json" --json
printf '{"scene": {}, "by_dim": {"2": {"by_eps": [1]}}}' >"$work/badcell.json"
expect_error "bench cell patch not an object" "by_dim.2.by_eps': expected an object" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/badcell.json"
printf '{"scene": {"sampler": {"noise": -1}}}' >"$work/badbench.json"
expect_error "bench bad settings" "field 'sampler.noise'" -- bench gauss2gauss --dims 2 --eps 1 --settings "$work/badbench.json"

finish
