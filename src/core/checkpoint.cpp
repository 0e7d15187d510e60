#include "core/checkpoint.h"

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json_fields.h"
#include "core/module_weights.h"

#include <torch/torch.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace egeot {
namespace {

constexpr const char* kFormat = "egeot-checkpoint/1";

}  // namespace

bool has_checkpoint(const std::string& dir) {
  return fs::exists(fs::path(dir) / "config.json");
}

void save_checkpoint(const std::string& dir, EgeotTrainer& trainer) {
  ensure_writable_dir(dir);
  const std::string tag = std::to_string(trainer.iteration());
  const std::string weights = "potential-" + tag + ".pt";
  const std::string optimizer = "optimizer-" + tag + ".pt";
  const std::string chains = "chains-" + tag + ".pt";
  // Flat dotted names ("net.0.weight"), so a reader can check each tensor by name.
  save_module_weights(dir + "/" + weights, *trainer.potential());
  const std::string average = trainer.has_average() ? "potential-average-" + tag + ".pt" : "";
  if (!average.empty()) save_module_weights(dir + "/" + average, *trainer.model_potential());
  write_atomically(dir + "/" + optimizer,
                   [&](const std::string& tmp) { torch::save(trainer.optimizer(), tmp); });
  write_atomically(dir + "/" + chains, [&](const std::string& tmp) {
    auto state = trainer.buffer().state();
    torch::serialize::OutputArchive archive;
    archive.write("y", state.ys);
    archive.write("x", state.xs);
    archive.write("next", torch::tensor(state.next));
    if (state.eps.defined()) archive.write("eps", state.eps);  // each chain's eps (conditioned)
    archive.save_to(tmp);
  });
  nlohmann::json config = {
      {"format", kFormat},
      {"iteration", trainer.iteration()},
      {"eps", trainer.scene().eps},
      {"seed", trainer.scene().seed},
      {"f_scale", trainer.f_scale()},
      {"weights", weights},
      {"optimizer", optimizer},
      {"chains", chains},
      {"scene", scene_to_json(trainer.scene())},
  };
  if (!average.empty()) config["average"] = average;
  if (trainer.eps_conditioned()) {
    const auto [lo, hi] = trainer.eps_range();
    config["eps_range"] = {lo, hi};  // for readers; scene.eps_range is what loading uses
  }
  // The commit point: until this rename, the previous config and its files stand.
  write_text_atomically(dir + "/config.json", config.dump(2) + "\n");
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    const bool ours = (name.rfind("potential-", 0) == 0 || name.rfind("optimizer-", 0) == 0 ||
                       name.rfind("chains-", 0) == 0) &&
                      entry.path().extension() == ".pt";
    if (ours && name != weights && name != optimizer && name != chains && name != average) {
      fs::remove(entry.path());
    }
  }
}

CheckpointConfig read_checkpoint_config(const std::string& dir) {
  const std::string path = dir + "/config.json";
  if (!fs::is_directory(dir)) throw InputError(dir + ": no such checkpoint directory");
  if (!fs::exists(path)) throw InputError(path + ": missing (is " + dir + " a checkpoint?)");
  auto doc = read_json_file(path);
  JsonFields root(doc, path);
  if (root.string("format") != kFormat) root.fail("format", std::string("\"") + kFormat + "\"");
  CheckpointConfig config;
  config.iteration = root.integer("iteration", 0, int64_t{1} << 53);
  config.scene = parse_scene(root.child("scene").raw(), path + " (scene)");
  config.weights = dir + "/" + root.string("weights");
  config.optimizer = dir + "/" + root.string("optimizer");
  config.chains = dir + "/" + root.string("chains");
  if (doc.contains("average")) config.average = dir + "/" + root.string("average");
  return config;
}

void load_weights(const std::string& dir, EgeotTrainer& trainer) {
  const auto config = read_checkpoint_config(dir);
  const std::string path = config.weights;
  // An eps-conditioned network and a single-eps one are different functions (and a range
  // fixes the network's eps feature): refuse by name before any tensor is compared.
  const auto& stored_range = config.scene.potential.eps_range;
  const auto& scene_range = trainer.scene().potential.eps_range;
  if (stored_range.active() != scene_range.active()) {
    throw InputError(dir +
                     (stored_range.active()
                          ? ": an eps-conditioned checkpoint (eps range " + stored_range.text() +
                                ") cannot load into a single-eps scene"
                          : ": a single-eps checkpoint (eps " + std::to_string(config.scene.eps) +
                                ") cannot load into an eps-conditioned scene (eps range " +
                                scene_range.text() + ")"));
  }
  if (!(stored_range == scene_range)) {
    throw InputError(dir + ": trained on eps range " + stored_range.text() + ", knee " +
                     std::to_string(stored_range.knee) + "; the scene has eps range " +
                     scene_range.text() + ", knee " + std::to_string(scene_range.knee));
  }
  load_module_weights(path, *trainer.potential(), "the checkpoint");
  // A checkpoint from before its scene kept an average starts the average at its weights.
  if (trainer.has_average() && !config.average.empty()) {
    load_module_weights(config.average, *trainer.model_potential(), "the checkpoint's weight average");
  } else {
    trainer.reset_average();
  }
}

std::unique_ptr<EgeotTrainer> load_checkpoint(const std::string& dir, torch::Device device) {
  auto config = read_checkpoint_config(dir);
  auto trainer = std::make_unique<EgeotTrainer>(config.scene, device);
  load_weights(dir, *trainer);
  const std::string& opt_path = config.optimizer;
  if (fs::exists(opt_path)) {
    try {
      torch::load(trainer->optimizer(), opt_path, device);
    } catch (const std::exception& e) {
      throw InputError(opt_path + ": not a readable optimiser state for this network (" +
                       short_reason(e) + ")");
    }
  }
  if (fs::exists(config.chains)) {
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(config.chains, device);
      ReplayBuffer::State state;
      torch::Tensor next;
      archive.read("y", state.ys);
      archive.read("x", state.xs);
      archive.read("next", next);
      state.next = next.item<int64_t>();
      torch::Tensor eps;
      if (archive.try_read("eps", eps)) state.eps = eps;
      trainer->buffer().restore(state);
    } catch (const std::exception& e) {
      throw InputError(config.chains + ": not readable persistent chains for this scene (" +
                       short_reason(e) + ")");
    }
  }
  trainer->set_iteration(config.iteration);
  return trainer;
}

}  // namespace egeot
