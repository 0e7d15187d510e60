#pragma once
// Convergence diagnostics for several Markov chains of one scalar (Vehtari, Gelman, Simpson,
// Carpenter, Bürkner 2021, "Rank-normalization, folding, and localization"): split-R̂ and the
// bulk effective sample size. Chains started far apart that have not forgotten their starts
// give R̂ well above 1; 1.01 is the paper's threshold for trusting them. Plain C++, no torch,
// so the studio and the CLI compute the same numbers.
#include <cstdint>
#include <vector>

namespace egeot {

// `chains` chains of `length` draws each, chain-major: draws[c * length + t].
struct ChainDraws {
  std::vector<double> draws;
  int64_t chains = 0;
  int64_t length = 0;
};

// Each chain cut into its two halves (the middle draw of an odd length dropped), so a chain
// that drifts counts as two chains that disagree. Needs length >= 4.
ChainDraws split_chains(const ChainDraws& d);

// Draws replaced by their normal scores: Phi^-1((rank - 3/8) / (S + 1/4)) over all S draws
// pooled, ties given their average rank. Makes R̂ and ESS well defined for heavy tails.
ChainDraws rank_normalize(const ChainDraws& d);

// sqrt(var+ / W) of the chains as given (no splitting, no ranks): the classic R̂.
double potential_scale_reduction(const ChainDraws& d);

// The effective sample size of the chains as given: S / tau with tau from the multi-chain
// autocorrelations, summed by Geyer's initial monotone sequence (as Stan does).
double effective_sample_size(const ChainDraws& d);

// The rank-normalised split-R̂: the larger of the bulk one and the one of the folded draws
// |x - median| (which sees chains that agree in location but not in scale).
double split_rhat(const ChainDraws& d);

// The bulk ESS: effective_sample_size of the rank-normalised split chains.
double bulk_ess(const ChainDraws& d);

// Phi^-1(p) for p in (0, 1) (Acklam's approximation, refined by one Halley step).
double normal_quantile(double p);

}  // namespace egeot
