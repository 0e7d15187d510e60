#pragma once
// Deterministic, structure-aware mutation of loader inputs. A case is fully determined by
// (loader, run seed, case index) and the seed corpus, so any failure replays alone.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace egeot::fuzz {

using Bytes = std::vector<uint8_t>;

// What a mutator may assume about an input's structure; every shape also falls back to
// plain byte mutations, so nothing is assumed to hold after mutation.
enum class Shape { kJson, kIdx, kImage, kZip, kBundle, kCsv };

// std::mt19937_64 is specified bit for bit; the distributions are not, so none are used.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t next() { return engine_(); }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

 private:
  std::mt19937_64 engine_;
};

// The seed of one case: a hash of the loader's name, the run's seed and the case index.
uint64_t case_seed(const std::string& loader, uint64_t run_seed, uint64_t index);

// Case `index` of a run: the first corpus.size() cases are the seeds themselves (they must
// load, which checks the harness); later ones are one seed with one to four mutations.
Bytes make_case(Shape shape, const std::vector<Bytes>& corpus, const std::string& loader,
                uint64_t run_seed, uint64_t index);

// One mutation (occasionally a few stacked) of input, as its shape allows.
Bytes mutate(Shape shape, const Bytes& input, Rng& rng);

}  // namespace egeot::fuzz
