#include "core/train/checkpoint.h"

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/file_checksum.h"
#include "base/json_fields.h"
#include "base/notes.h"
#include "base/torch_archive.h"
#include "core/nets/archive_file.h"
#include "core/nets/archive_tensors.h"
#include "core/nets/module_weights.h"
#include "core/scenes/scene_cost.h"
#include "core/train/checkpoint_data.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

namespace fs = std::filesystem;

namespace egeot {
namespace {

constexpr const char* kFormat = "egeot-checkpoint/1";

// The files the checkpoint now in dir names; none when there is none or it is unreadable.
std::set<std::string> committed_names(const std::string& dir) {
  std::set<std::string> names;
  std::error_code ec;
  if (!fs::exists(fs::path(dir) / "config.json", ec)) return names;
  try {
    const auto doc = read_json_file(dir + "/config.json");
    if (!doc.is_object()) return names;
    for (const char* key : {"weights", "optimizer", "chains", "average"}) {
      if (doc.contains(key) && doc[key].is_string()) names.insert(doc[key].get<std::string>());
    }
    if (doc.contains("files") && doc["files"].is_object()) {
      for (const auto& item : doc["files"].items()) names.insert(item.key());
    }
  } catch (const InputError&) {
    // A damaged config.json is about to be replaced; it protects no file.
  }
  return names;
}

}  // namespace

bool has_checkpoint(const std::string& dir) {
  return fs::exists(fs::path(dir) / "config.json");
}

void save_checkpoint(const std::string& dir, EgeotTrainer& trainer) {
  ensure_writable_dir(dir);
  // A second save at the same iteration (a final save right after a periodic one) must not
  // rename new bytes over a file the standing config.json records: killed before the commit,
  // that file would no longer match its checksum. It takes the other name of the pair.
  const auto committed = committed_names(dir);
  std::string tag = std::to_string(trainer.iteration());
  if (committed.count("potential-" + tag + ".pt") || committed.count("optimizer-" + tag + ".pt") ||
      committed.count("chains-" + tag + ".pt") ||
      committed.count("potential-average-" + tag + ".pt")) {
    tag += "-2";
  }
  const std::string weights = "potential-" + tag + ".pt";
  const std::string optimizer = "optimizer-" + tag + ".pt";
  const std::string chains = "chains-" + tag + ".pt";
  // Flat dotted names ("net.0.weight"), so a reader can check each tensor by name.
  save_module_weights(dir + "/" + weights, *trainer.potential());
  const std::string average = trainer.has_average() ? "potential-average-" + tag + ".pt" : "";
  if (!average.empty()) save_module_weights(dir + "/" + average, *trainer.model().potential());
  write_atomically(dir + "/" + optimizer, [&](const std::string& tmp) {
    torch::serialize::OutputArchive archive;
    trainer.optimizer().save(archive);
    save_archive(archive, tmp);
  });
  write_atomically(dir + "/" + chains, [&](const std::string& tmp) {
    auto state = trainer.buffer().state();
    torch::serialize::OutputArchive archive;
    archive.write("y", state.ys);
    archive.write("x", state.xs);
    archive.write("next", torch::tensor(state.next));
    if (state.eps.defined()) archive.write("eps", state.eps);  // each chain's eps (conditioned)
    save_archive(archive, tmp);
  });
  std::vector<std::string> files = {weights, optimizer, chains};
  if (!average.empty()) files.push_back(average);
  const nlohmann::json scene = copy_scene_data(dir, scene_to_json(trainer.scene()), &files);
  nlohmann::json config = {
      {"format", kFormat},
      {"iteration", trainer.iteration()},
      {"eps", trainer.scene().eps},
      {"seed", trainer.scene().seed},
      {"f_scale", trainer.model().f_scale()},
      {"weights", weights},
      {"optimizer", optimizer},
      {"chains", chains},
      {"files", digest_files(dir, files)},
      {"scene", scene},
  };
  if (!average.empty()) config["average"] = average;
  if (trainer.model().eps_conditioned()) {
    const auto [lo, hi] = trainer.model().eps_range();
    config["eps_range"] = {lo, hi};  // for readers; scene.eps_range is what loading uses
  }
  // The commit point: until this rename, the previous config and its files stand.
  write_text_atomically(dir + "/config.json", config.dump(2) + "\n");
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    const bool ours = name.rfind("potential-", 0) == 0 || name.rfind("optimizer-", 0) == 0 ||
                      name.rfind("chains-", 0) == 0;
    const bool data = is_scene_data_name(name);
    // Temporaries of a save that was killed part-way were never committed.
    const bool temporary = name.find(".tmp-") != std::string::npos;
    const bool stale_temporary = (ours && name.find(".pt.tmp-") != std::string::npos) ||
                                 (data && temporary) || name.rfind("config.json.tmp-", 0) == 0;
    const bool superseded = ((ours && entry.path().extension() == ".pt") || (data && !temporary)) &&
                            std::find(files.begin(), files.end(), name) == files.end();
    if (stale_temporary || superseded) {
      std::error_code ec;
      fs::remove(entry.path(), ec);  // a file left over costs space, never correctness
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
  // The scene's data files are the checkpoint's own copies, named relative to it.
  std::vector<std::string> data_names = scene_data_names(root.child("scene").raw());
  for (const auto& name : data_names) {
    if (name.find('/') != std::string::npos || !is_scene_data_name(name)) {
      root.fail("scene", "data files named data-<side>-<crc32>.<ext> beside config.json, got '" + name + "'");
    }
  }
  const CommittedFiles data_files(doc, path, "the checkpoint");
  for (const auto& name : data_names) data_files.verify(name);
  config.scene = parse_scene(root.child("scene").raw(), path + " (scene)", dir);
  std::vector<std::string> names = {root.file_name("weights"), root.file_name("optimizer"),
                                    root.file_name("chains")};
  config.weights = dir + "/" + names[0];
  config.optimizer = dir + "/" + names[1];
  config.chains = dir + "/" + names[2];
  if (doc.contains("average")) {
    names.push_back(root.file_name("average"));
    config.average = dir + "/" + names.back();
  }
  // Every file is checked before torch reads any, so a damaged one is named, not parsed.
  const CommittedFiles committed(doc, path, "the checkpoint");
  for (const auto& name : names) committed.verify(name);
  if (!committed.note().empty()) config.notes.push_back(committed.note());
  return config;
}

namespace {

void load_weights(const CheckpointConfig& config, const std::string& dir, EgeotTrainer& trainer) {
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
    load_module_weights(config.average, *trainer.model().potential(), "the checkpoint's weight average");
  } else {
    trainer.reset_average();
  }
}

void require_finite(const torch::Tensor& t, const std::string& path, const std::string& what) {
  if (t.defined() && t.is_floating_point() && !torch::isfinite(t).all().item<bool>()) {
    throw InputError(path + ": " + what + " holds NaN or infinite values");
  }
}

// Adam's moments are what a resumed run divides by: a NaN there poisons every step after.
void require_finite_optimizer(torch::optim::Adam& optimizer, const std::string& path) {
  for (const auto& item : optimizer.state()) {
    const auto* state = dynamic_cast<const torch::optim::AdamParamState*>(item.second.get());
    if (!state) continue;
    require_finite(state->exp_avg(), path, "the optimiser state (exp_avg)");
    require_finite(state->exp_avg_sq(), path, "the optimiser state (exp_avg_sq)");
    require_finite(state->max_exp_avg_sq(), path, "the optimiser state (max_exp_avg_sq)");
  }
}

void emit_notes(const CheckpointConfig& config) {
  for (const auto& note : config.notes) emit_note(note);
}

}  // namespace

void load_weights(const std::string& dir, EgeotTrainer& trainer) {
  const auto config = read_checkpoint_config(dir);
  emit_notes(config);
  load_weights(config, dir, trainer);
}

std::unique_ptr<EgeotModel> load_model(const std::string& dir, torch::Device device,
                                       std::shared_ptr<const Cost> cost) {
  auto config = read_checkpoint_config(dir);
  emit_notes(config);
  if (!cost) cost = make_scene_cost(config.scene, device);
  // Seeded as a trainer would be, so a run that samples after loading draws the same numbers.
  torch::manual_seed(config.scene.seed);
  Potential potential(config.scene.potential);
  potential->to(device);
  if (config.average.empty()) {
    load_module_weights(config.weights, *potential, "the checkpoint");
  } else {
    load_module_weights(config.average, *potential, "the checkpoint's weight average");
  }
  auto model = std::make_unique<EgeotModel>(config.scene, device, std::move(cost), potential);
  model->set_iteration(config.iteration);
  return model;
}

std::unique_ptr<EgeotTrainer> load_checkpoint(const std::string& dir, torch::Device device,
                                              std::shared_ptr<const Cost> cost) {
  auto config = read_checkpoint_config(dir);
  emit_notes(config);
  if (!cost) cost = make_scene_cost(config.scene, device);
  auto trainer = std::make_unique<EgeotTrainer>(config.scene, device, std::move(cost));
  load_weights(config, dir, *trainer);
  const std::string& opt_path = config.optimizer;
  if (fs::exists(opt_path)) {
    check_torch_archive(opt_path, TorchArchive::kData);
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(opt_path, device);
      check_archive_tensors(archive, opt_path);  // before Adam reads a tensor
      trainer->optimizer().load(archive);
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      throw InputError(opt_path + ": not a readable optimiser state for this network (" +
                       short_reason(e) + ")");
    }
    require_finite_optimizer(trainer->optimizer(), opt_path);
  }
  if (fs::exists(config.chains)) {
    check_torch_archive(config.chains, TorchArchive::kData);
    ReplayBuffer::State state;
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(config.chains, device);
      check_archive_tensors(archive, config.chains);
      torch::Tensor next;
      archive.read("y", state.ys);
      archive.read("x", state.xs);
      archive.read("next", next);
      state.next = next.item<int64_t>();
      torch::Tensor eps;
      if (archive.try_read("eps", eps)) state.eps = eps;
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      throw InputError(config.chains + ": not readable persistent chains for this scene (" +
                       short_reason(e) + ")");
    }
    require_finite(state.ys, config.chains, "the chains' states (y)");
    require_finite(state.xs, config.chains, "the chains' sources (x)");
    require_finite(state.eps, config.chains, "the chains' eps");
    try {
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
