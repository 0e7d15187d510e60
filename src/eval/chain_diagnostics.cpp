#include "eval/chain_diagnostics.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace egeot {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;

void check_shape(const ChainDraws& d, int64_t min_length) {
  if (d.chains < 1 || d.length < min_length ||
      static_cast<int64_t>(d.draws.size()) != d.chains * d.length) {
    throw InputError("chain diagnostics: expected at least 1 chain of at least " +
                     std::to_string(min_length) + " draws");
  }
}

double chain_mean(const ChainDraws& d, int64_t c) {
  const double* x = d.draws.data() + c * d.length;
  return std::accumulate(x, x + d.length, 0.0) / static_cast<double>(d.length);
}

// The mean over chains of each chain's biased lag-t autocovariance, from centred draws.
double mean_autocovariance(const std::vector<double>& centred, int64_t chains, int64_t n,
                           int64_t t) {
  double total = 0;
  for (int64_t c = 0; c < chains; ++c) {
    const double* x = centred.data() + c * n;
    double s = 0;
    for (int64_t i = 0; i + t < n; ++i) s += x[i] * x[i + t];
    total += s / static_cast<double>(n);
  }
  return total / static_cast<double>(chains);
}

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0 && p < 1))
    return p == 0   ? -std::numeric_limits<double>::infinity()
           : p == 1 ? std::numeric_limits<double>::infinity()
                    : kNaN;
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425;
  double x;
  if (p < lo) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - lo) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the exact CDF brings the error to machine precision.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * kPi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

ChainDraws split_chains(const ChainDraws& d) {
  check_shape(d, 4);
  const int64_t half = d.length / 2;
  ChainDraws s;
  s.chains = 2 * d.chains;
  s.length = half;
  s.draws.reserve(static_cast<size_t>(s.chains * half));
  for (int64_t c = 0; c < d.chains; ++c) {
    auto first = d.draws.begin() + c * d.length;
    s.draws.insert(s.draws.end(), first, first + half);
    s.draws.insert(s.draws.end(), first + (d.length - half), first + d.length);
  }
  return s;
}

ChainDraws rank_normalize(const ChainDraws& d) {
  const size_t n = d.draws.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t i, size_t j) { return d.draws[i] < d.draws[j]; });
  ChainDraws z = d;
  const double total = static_cast<double>(n);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && d.draws[order[j + 1]] == d.draws[order[i]]) ++j;
    const double rank = 0.5 * static_cast<double>(i + j) + 1;  // average of ranks i+1 .. j+1
    const double score = normal_quantile((rank - 0.375) / (total + 0.25));
    for (size_t k = i; k <= j; ++k) z.draws[order[k]] = score;
    i = j + 1;
  }
  return z;
}

double potential_scale_reduction(const ChainDraws& d) {
  check_shape(d, 2);
  const double n = static_cast<double>(d.length);
  std::vector<double> means(static_cast<size_t>(d.chains));
  double w = 0;
  for (int64_t c = 0; c < d.chains; ++c) {
    means[c] = chain_mean(d, c);
    const double* x = d.draws.data() + c * d.length;
    double ss = 0;
    for (int64_t t = 0; t < d.length; ++t) ss += (x[t] - means[c]) * (x[t] - means[c]);
    w += ss / (n - 1);
  }
  w /= static_cast<double>(d.chains);
  double var_means = 0;
  if (d.chains > 1) {
    const double grand =
        std::accumulate(means.begin(), means.end(), 0.0) / static_cast<double>(d.chains);
    for (double m : means) var_means += (m - grand) * (m - grand);
    var_means /= static_cast<double>(d.chains - 1);
  }
  const double var_plus = (n - 1) / n * w + var_means;  // var_means = B / n
  if (w == 0) return var_plus == 0 ? kNaN : std::numeric_limits<double>::infinity();
  return std::sqrt(var_plus / w);
}

double effective_sample_size(const ChainDraws& d) {
  check_shape(d, 4);
  const int64_t n = d.length, m = d.chains;
  const double nd = static_cast<double>(n);
  std::vector<double> centred(d.draws.size());
  std::vector<double> means(static_cast<size_t>(m));
  double w = 0;
  for (int64_t c = 0; c < m; ++c) {
    means[c] = chain_mean(d, c);
    double ss = 0;
    for (int64_t t = 0; t < n; ++t) {
      centred[c * n + t] = d.draws[c * n + t] - means[c];
      ss += centred[c * n + t] * centred[c * n + t];
    }
    w += ss / (nd - 1);
  }
  w /= static_cast<double>(m);
  double var_plus = w * (nd - 1) / nd;
  if (m > 1) {
    const double grand = std::accumulate(means.begin(), means.end(), 0.0) / static_cast<double>(m);
    double v = 0;
    for (double x : means) v += (x - grand) * (x - grand);
    var_plus += v / static_cast<double>(m - 1);
  }
  if (!(var_plus > 0)) return kNaN;
  auto rho = [&](int64_t t) { return 1 - (w - mean_autocovariance(centred, m, n, t)) / var_plus; };

  // Geyer's initial positive sequence over pairs (rho_{2k}, rho_{2k+1}); the last pair before
  // n - 4 is left out, a bias term that keeps antithetic chains' variance down.
  std::vector<double> r(static_cast<size_t>(n + 2), 0.0);
  double even = 1, odd = rho(1);
  r[0] = even;
  r[1] = odd;
  int64_t s = 1;
  while (s < n - 4 && even + odd > 0) {
    even = rho(s + 1);
    odd = rho(s + 2);
    if (even + odd >= 0) {
      r[s + 1] = even;
      r[s + 2] = odd;
    }
    s += 2;
  }
  const int64_t max_s = s;
  if (even > 0) r[max_s + 1] = even;
  // ... made monotone.
  for (int64_t k = 1; k <= max_s - 3; k += 2) {
    if (r[k + 1] + r[k + 2] > r[k - 1] + r[k]) {
      r[k + 1] = (r[k - 1] + r[k]) / 2;
      r[k + 2] = r[k + 1];
    }
  }
  const double total = static_cast<double>(n * m);
  double tau = -1 + 2 * std::accumulate(r.begin(), r.begin() + max_s, 0.0) + r[max_s + 1];
  tau = std::max(tau, 1 / std::log10(total));
  return total / tau;
}

double split_rhat(const ChainDraws& d) {
  auto s = split_chains(d);
  const double bulk = potential_scale_reduction(rank_normalize(s));
  std::vector<double> sorted = s.draws;
  const size_t mid = sorted.size() / 2;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(mid), sorted.end());
  double median = sorted[mid];
  if (sorted.size() % 2 == 0) {
    median = 0.5 * (median + *std::max_element(sorted.begin(),
                                               sorted.begin() + static_cast<std::ptrdiff_t>(mid)));
  }
  ChainDraws folded = s;
  for (double& x : folded.draws) x = std::abs(x - median);
  const double tail = potential_scale_reduction(rank_normalize(folded));
  if (std::isnan(bulk)) return tail;
  if (std::isnan(tail)) return bulk;
  return std::max(bulk, tail);
}

double bulk_ess(const ChainDraws& d) {
  return effective_sample_size(rank_normalize(split_chains(d)));
}

}  // namespace egeot
