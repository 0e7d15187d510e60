#pragma once
// Distances between two sets of samples, for comparing a learned conditional with a
// reference one when no density is known. The energy distance (Szekely)
//   E(P, Q) = 2 E|X - Y| - E|X - X'| - E|Y - Y'|
// is zero iff P = Q, needs no bandwidth or binning, and its U-statistic below is unbiased,
// so equal distributions score 0 up to sampling noise (it can come out slightly negative).
#include <torch/types.h>

namespace egeot {

// a: [n >= 2, D], b: [m >= 2, D]; float64 internally, pairwise distances in chunks.
double energy_distance(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace egeot
