// torch first: egeot's headers are written for its precompiled <torch/torch.h>.
#include <torch/torch.h>

#include "seeds.h"

#include "bundle.h"
#include "core/generators/builtin_generator.h"
#include "core/train/checkpoint.h"
#include "core/generators/image_classifier.h"
#include "core/scenes/scene.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace egeot::fuzz {
namespace {

void write_bytes(const fs::path& path, const Bytes& data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

Bytes read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

// Every file of dir as a bundle, in name order; dir is removed.
Bytes bundle_of(const fs::path& dir) {
  std::vector<BundleFile> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    files.push_back({entry.path().filename().string(), read_bytes(entry.path())});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  fs::remove_all(dir);
  return encode_bundle(files);
}

// A few training steps of a tiny network, so the optimiser state and the chains are filled.
Bytes checkpoint_bundle(const nlohmann::json& scene_doc, const fs::path& scratch) {
  fs::remove_all(scratch);
  EgeotTrainer trainer(parse_scene(scene_doc, "generated seed"), torch::kCPU);
  for (int i = 0; i < 3; ++i) trainer.step();
  save_checkpoint(scratch.string(), trainer);
  return bundle_of(scratch);
}

// Untrained, tiny: the loaders read the format, not what was learned.
void write_generator_and_classifier(const fs::path& root, const fs::path& scratch) {
  fs::remove_all(scratch);
  BuiltinSpec spec;
  spec.z_dim = 4;
  spec.shape = {1, 8, 8};
  spec.base_channels = 4;
  BuiltinGenerator generator(spec, torch::kCPU);
  save_builtin_generator(scratch.string(), generator);
  write_bytes(root / "generator_dir" / "tiny.bundle", bundle_of(scratch));
  ImageClassifier classifier(ClassifierSpec{{1, 8, 8}, 3, 2}, {"a", "b", "c"}, torch::kCPU);
  save_image_classifier(scratch.string(), classifier);
  write_bytes(root / "classifier_dir" / "tiny.bundle", bundle_of(scratch));
}

void write_checkpoints(const fs::path& out, const fs::path& scratch) {
  const nlohmann::json plain = {
      {"source", {{"type", "gaussian"}, {"dim", 2}}},
      {"target", {{"type", "moons"}}},
      {"eps", 0.1},
      {"potential", {{"widths", {8, 8}}}},
      {"sampler", {{"steps", 3}}},
      {"replay", {{"capacity", 32}, {"mode", "persistent"}}},
      {"optimizer", {{"batch", 16}}},
  };
  nlohmann::json conditioned = plain;
  conditioned["eps_range"] = {0.05, 1.0};
  conditioned["replay"] = {{"capacity", 32}, {"probability", 0.5}};
  conditioned["optimizer"] = {{"batch", 16}, {"ema", 0.9}};
  write_bytes(out / "tiny.bundle", checkpoint_bundle(plain, scratch));
  write_bytes(out / "tiny-conditioned-ema.bundle", checkpoint_bundle(conditioned, scratch));
}

// z [B, 6] -> images [B, C, 4, 4] in [0, 1]; forward `body` uses y = z w.
void write_generator(const fs::path& path, int64_t channels, const std::string& body) {
  torch::jit::Module m("TinyGenerator");
  torch::manual_seed(1);
  m.register_parameter("w", torch::randn({6, channels * 16}), false);
  m.register_attribute("z_dim", c10::IntType::get(), int64_t{6});
  m.define("def forward(self, z):\n  y = torch.matmul(z, self.w)\n  " + body + "\n");
  m.save(path.string());
}

}  // namespace

void write_generated_seeds(const std::string& dir) {
  const fs::path root(dir);
  fs::create_directories(root / "checkpoint");
  fs::create_directories(root / "torchscript");
  fs::create_directories(root / "generator_dir");
  fs::create_directories(root / "classifier_dir");
  write_checkpoints(root / "checkpoint", root / "scratch");
  write_generator_and_classifier(root, root / "scratch");
  write_generator(root / "torchscript" / "tiny-rgb.pt", 3, "return torch.sigmoid(y).view(-1, 3, 4, 4)");
  write_generator(root / "torchscript" / "tiny-grey.pt", 1,
                  "x = torch.tanh(y.view(-1, 1, 4, 4))\n  return (x + 1.0) / 2.0");
}

}  // namespace egeot::fuzz
