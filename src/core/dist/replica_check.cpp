#include "core/dist/replica_check.h"

#include "base/file_checksum.h"
#include "core/dist/dist_error.h"
#include "core/scenes/scene.h"

#include <torch/torch.h>

#include <cstdio>
#include <sstream>

namespace egeot {
namespace {

// FNV-1a, 64 bits: stable across builds and machines (std::hash is not).
struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void add(const void* data, size_t n) {
    const auto* b = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  void add(const torch::Tensor& t) {
    auto c = t.detach().to(torch::kCPU).contiguous();
    const int64_t rank = c.dim();
    add(&rank, sizeof rank);
    for (auto s : c.sizes()) add(&s, sizeof s);
    add(c.data_ptr(), c.numel() * c.element_size());
  }
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
  }
};

std::string build_digest() {
  // The running executable itself: ranks must run the same build, byte for byte.
  static const std::string digest = [] {
    const auto d = digest_file("/proc/self/exe");
    char text[32];
    std::snprintf(text, sizeof text, "%08x-%llu", d.crc32,
                  static_cast<unsigned long long>(d.bytes));
    return std::string(text);
  }();
  return digest;
}

std::string rank_key(int rank) {
  return "egeot/fingerprint/" + std::to_string(rank);
}

}  // namespace

std::string RunFingerprint::text() const {
  return "scene=" + scene + " weights=" + weights + " build=" + build + " flags=" + flags;
}

RunFingerprint RunFingerprint::parse(const std::string& text) {
  RunFingerprint f;
  std::istringstream in(text);
  std::string part;
  while (in >> part) {
    const auto eq = part.find('=');
    const std::string key = part.substr(0, eq),
                      value = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (key == "scene") f.scene = value;
    if (key == "weights") f.weights = value;
    if (key == "build") f.build = value;
    if (key == "flags") f.flags = value;
  }
  return f;
}

RunFingerprint fingerprint(const EgeotTrainer& trainer, const std::string& flags) {
  auto& t = const_cast<EgeotTrainer&>(trainer);  // parameters() is not const in LibTorch
  RunFingerprint f;
  Fnv scene;
  const std::string json = scene_to_json(trainer.scene()).dump();
  scene.add(json.data(), json.size());
  f.scene = scene.hex();
  Fnv weights;
  for (const auto& p : t.potential()->parameters()) weights.add(p);
  for (const auto& p : t.model().potential()->parameters()) weights.add(p);
  f.weights = weights.hex();
  f.build = build_digest();
  f.flags = flags;
  return f;
}

void check_same_run(ProcessGroup& group, const EgeotTrainer& trainer, const std::string& flags) {
  const RunFingerprint mine = fingerprint(trainer, flags);
  group.store_set(rank_key(group.rank()), mine.text());
  const RunFingerprint first = RunFingerprint::parse(group.store_get(rank_key(0)));
  for (int r = 1; r < group.world_size(); ++r) {
    const RunFingerprint other = RunFingerprint::parse(group.store_get(rank_key(r)));
    const auto differs = [&](const std::string& part, const std::string& a, const std::string& b,
                             const std::string& hint) {
      if (a != b) {
        throw DistError(group.rank(), "rank " + std::to_string(r) + "'s " + part +
                                          " differs from rank 0's (" + b + " vs " + a +
                                          "): " + hint);
      }
    };
    differs("build", first.build, other.build, "every rank must run the same egeot executable");
    differs("scene", first.scene, other.scene, "every rank needs the same scene and flags");
    differs("flags", first.flags, other.flags, "every rank needs the same --iters and --minutes");
    differs("weights", first.weights, other.weights,
            "every rank must start from the same weights (the same --seed, or the same checkpoint "
            "with --resume)");
  }
}

void check_replicas(ProcessGroup& group, EgeotTrainer& trainer) {
  torch::NoGradGuard no_grad;
  const auto sums = [](const std::vector<torch::Tensor>& tensors) {
    auto total = torch::zeros({2}, torch::kFloat64);
    for (const auto& t : tensors) {
      auto d = t.detach().to(torch::kCPU, torch::kFloat64);
      total[0] += d.sum();
      total[1] += (d * d).sum();
    }
    return total;
  };
  std::vector<torch::Tensor> moments;
  for (const auto& p : trainer.potential()->parameters()) {
    auto it = trainer.optimizer().state().find(c10::guts::to_string(p.unsafeGetTensorImpl()));
    if (it == trainer.optimizer().state().end()) continue;
    const auto& adam = static_cast<const torch::optim::AdamParamState&>(*it->second);
    moments.push_back(adam.exp_avg());
    moments.push_back(adam.exp_avg_sq());
  }
  auto checksum = torch::cat({sums(trainer.potential()->parameters()),
                              sums(trainer.model().potential()->parameters()), sums(moments)});
  auto both = torch::cat({checksum, -checksum}).to(trainer.device());
  group.all_reduce_max(both, "the replica check");
  both = both.to(torch::kCPU);
  const int64_t n = checksum.numel();
  if (!torch::equal(both.slice(0, 0, n), -both.slice(0, n))) {
    throw DistError(group.rank(),
                    "the ranks' weights, weight average or optimiser state differ at iteration " +
                        std::to_string(trainer.iteration()) +
                        " (replicas drifted apart; the run cannot continue)");
  }
}

}  // namespace egeot
