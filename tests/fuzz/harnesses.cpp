// torch first: egeot's headers are written for its precompiled <torch/torch.h>.
#include <torch/torch.h>

#include "harnesses.h"

#include "bundle.h"
#include "cli/metrics_file.h"
#include "core/generators/builtin_generator.h"
#include "core/train/checkpoint.h"
#include "core/nets/device.h"
#include "base/error.h"
#include "base/idx_file.h"
#include "core/generators/image_classifier.h"
#include "core/data/density_image.h"
#include "core/data/image_folder.h"
#include "core/data/point_cloud.h"
#include "base/notes.h"
#include "core/scenes/scene.h"
#include "core/generators/torchscript_generator.h"

#include <c10/core/CPUAllocator.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <typeinfo>

namespace fs = std::filesystem;

namespace egeot::fuzz {
namespace {

std::string g_work_dir;
bool g_verbose = false;

// Long enough for a message that names a file in the work directory twice and quotes a value.
constexpr size_t kMaxMessage = 600;

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

[[noreturn]] void unexpected(const char* loader, const std::string& what) {
  std::fprintf(stderr, "egeot_fuzz: UNEXPECTED [%s]: %s\n", loader, what.c_str());
  std::fflush(stderr);
  std::abort();
}

// Set when an allocation fails (under the driver's memory limit: one out of proportion to the
// input). Flagged rather than read from messages, which quote the input.
std::atomic<bool> g_allocation_failed{false};

void on_new_failure() {
  g_allocation_failed = true;
  throw std::bad_alloc();
}

// Torch allocates tensors through its CPU allocator, not operator new.
class WatchedAllocator final : public c10::Allocator {
 public:
  explicit WatchedAllocator(c10::Allocator* base) : base_(base) {}
  c10::DataPtr allocate(size_t bytes) const override {
    try {
      return base_->allocate(bytes);
    } catch (...) {
      g_allocation_failed = true;
      throw;
    }
  }
  c10::DeleterFnPtr raw_deleter() const override { return base_->raw_deleter(); }

 private:
  c10::Allocator* base_;
};

// Bad input is reported in one line that names the file.
void check_message(const char* loader, const std::string& what) {
  if (what.empty()) unexpected(loader, "InputError with an empty message");
  if (what.find_first_of("\n\r") != std::string::npos) {
    unexpected(loader, "InputError message of several lines: " + first_line(what) + " ...");
  }
  if (what.size() > kMaxMessage) {
    unexpected(loader, "InputError message of " + std::to_string(what.size()) + " characters: " +
                           what.substr(0, 200) + " ...");
  }
  // "<file or field>: <what is wrong>"; the file may be one the input names (a scene's
  // image folder), not the input itself.
  if (what.find(": ") == std::string::npos) {
    unexpected(loader, "InputError message that names no file: " + what);
  }
}

template <typename Load>
int guarded(const char* loader, Load&& load) {
  g_allocation_failed = false;
  try {
    load();
    return kLoaded;
  } catch (const InputError& e) {
    if (g_verbose) std::fprintf(stderr, "[%s] InputError: %s\n", loader, e.what());
    check_message(loader, e.what());
    if (g_allocation_failed) {
      unexpected(loader, std::string("an allocation failed (out of proportion to the input?) and was reported as "
                                     "bad input: ") + e.what());
    }
    return kRejected;
  } catch (const c10::Error& e) {
    unexpected(loader, "c10::Error escaped: " + first_line(e.what()));
  } catch (const std::bad_alloc&) {
    unexpected(loader, "std::bad_alloc escaped (an allocation out of proportion to the input?)");
  } catch (const std::exception& e) {
    unexpected(loader, std::string(typeid(e).name()) + " escaped: " + first_line(e.what()));
  } catch (...) {
    unexpected(loader, "a non-std exception escaped");
  }
}

// The loader's own directory in the work directory, emptied.
std::string fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(g_work_dir) / name;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  return dir.string();
}

void write_file(const std::string& path, const uint8_t* data, size_t size) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) unexpected("harness", "cannot write " + path);
}

// A directory from a bundle: its files written into the loader's emptied directory.
std::string bundle_dir(const std::string& name, const uint8_t* data, size_t size) {
  const std::string dir = fresh_dir(name);
  for (const auto& file : decode_bundle(data, size)) {
    write_file(dir + "/" + file.name, file.data.data(), file.data.size());
  }
  return dir;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

void prepare_process(const std::string& work_dir) {
  std::error_code ec;
  g_work_dir = work_dir;
  if (g_work_dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "egeot-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) unexpected("harness", "cannot make a work directory");
    g_work_dir = pattern;
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(g_work_dir, ignored);
    });
  }
  fs::create_directories(g_work_dir, ec);
  g_work_dir = fs::canonical(g_work_dir).string();
  // A mutated scene may name Fashion-MNIST or a built-in generator: reading 30 MB or fitting
  // a generator per case is not what is being tested, so both are made to be missing.
  ::setenv("EGEOT_FASHION_MNIST", (fs::path(g_work_dir) / "no-dataset").c_str(), 1);
  ::setenv("XDG_CACHE_HOME", (fs::path(g_work_dir) / "cache").c_str(), 1);
  configure_cpu_threads();
  std::set_new_handler(on_new_failure);
  static WatchedAllocator watched(c10::GetCPUAllocator());
  c10::SetCPUAllocator(&watched, /*priority=*/1);
  set_note_sink([](const std::string& note) {
    if (note.find('\n') != std::string::npos) unexpected("note", "a note of several lines: " + first_line(note));
  });
}

void set_verbose(bool verbose) { g_verbose = verbose; }

int fuzz_scene(const uint8_t* data, size_t size) {
  const std::string path = fresh_dir("scene") + "/scene.json";
  write_file(path, data, size);
  return guarded("scene", [&] {
    const Scene scene = load_scene(path);
    // A checkpoint stores scene_to_json: what loaded once must load again from it.
    try {
      parse_scene(scene_to_json(scene), path);
    } catch (const InputError& e) {
      unexpected("scene", std::string("a loaded scene does not parse back from scene_to_json: ") + e.what());
    }
  });
}

int fuzz_checkpoint(const uint8_t* data, size_t size) {
  const std::string dir = bundle_dir("checkpoint", data, size);
  return guarded("checkpoint", [&] {
    if (!load_checkpoint(dir, torch::kCPU)) unexpected("checkpoint", "load_checkpoint returned null");
  });
}

int fuzz_generator_dir(const uint8_t* data, size_t size) {
  const std::string dir = bundle_dir("generator_dir", data, size);
  return guarded("generator_dir", [&] {
    if (!load_builtin_generator(dir, torch::kCPU)) unexpected("generator_dir", "a null generator");
  });
}

int fuzz_classifier_dir(const uint8_t* data, size_t size) {
  const std::string dir = bundle_dir("classifier_dir", data, size);
  return guarded("classifier_dir", [&] {
    if (!load_image_classifier(dir, torch::kCPU)) unexpected("classifier_dir", "a null classifier");
  });
}

int fuzz_idx(const uint8_t* data, size_t size) {
  const std::string path = fresh_dir("idx") + "/data-idx-ubyte.gz";
  write_file(path, data, size);
  int outcome = kRejected;
  for (int rank : {1, 3}) {
    if (guarded("idx", [&] {
          const IdxArray array = read_idx_ubyte(path, rank);
          size_t total = 1;
          for (auto d : array.dims) total *= static_cast<size_t>(d);
          if (static_cast<int>(array.dims.size()) != rank || array.bytes.size() != total) {
            unexpected("idx", "an array whose bytes do not match its dimensions");
          }
        }) == kLoaded) {
      outcome = kLoaded;
    }
  }
  return outcome;
}

int fuzz_image(const uint8_t* data, size_t size) {
  const std::string dir = fresh_dir("image");
  const std::string path = dir + "/image";
  write_file(path, data, size);
  // Grey and colour, cropped to a non-square aspect either way.
  const ImageShape shape = size % 2 ? ImageShape{1, 8, 6} : ImageShape{3, 6, 10};
  const int outcome = guarded("image", [&] {
    const auto image = load_image_file(path, shape);
    if (image.sizes() != torch::IntArrayRef{shape.channels, shape.height, shape.width} ||
        image.scalar_type() != torch::kFloat32 || !torch::isfinite(image).all().item<bool>() ||
        image.min().item<float>() < 0.0f || image.max().item<float>() > 1.0f) {
      unexpected("image", "an image of shape " + c10::str(image.sizes()) + " or values outside [0, 1]");
    }
  });
  guarded("image", [&] {
    ImageLoadOptions options;
    options.shape = shape;
    load_image_folder(dir, options, [](const std::string& line) {
      if (line.find('\n') != std::string::npos) unexpected("image", "a warning of several lines: " + first_line(line));
    });
  });
  return outcome;
}

int fuzz_torchscript(const uint8_t* data, size_t size) {
  const std::string path = fresh_dir("torchscript") + "/generator.pt";
  write_file(path, data, size);
  return guarded("torchscript", [&] {
    const auto generator = load_torchscript_generator(path, torch::kCPU);
    if (!generator || generator->image_shape().numel() <= 0) {
      unexpected("torchscript", "a generator without an image shape");
    }
  });
}

int fuzz_metrics_csv(const uint8_t* data, size_t size) {
  const std::string path = fresh_dir("metrics_csv") + "/metrics.csv";
  write_file(path, data, size);
  const std::string header = "iteration,seconds,loss\n";
  return guarded("metrics_csv", [&] {
    cli::open_metrics(path, header, 5).close();
    // Resuming only cuts the log after a whole row (or writes the header into an empty one).
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::string kept = read_file(path);
    const bool prefix = kept.size() <= input.size() && input.compare(0, kept.size(), kept) == 0 &&
                        (kept.empty() || kept.back() == '\n');
    if (!prefix && kept != header) {
      unexpected("metrics_csv", "resuming left " + std::to_string(kept.size()) +
                                    " bytes that are neither a run of whole rows of the log nor the header");
    }
  });
}

int fuzz_points_csv(const uint8_t* data, size_t size) {
  const std::string path = fresh_dir("points_csv") + "/points.csv";
  write_file(path, data, size);
  return guarded("points_csv", [&] {
    const auto points = read_point_csv(path);
    if (points.dim() != 2 || points.size(0) < 2 || points.size(1) != 2 ||
        !torch::isfinite(points).all().item<bool>()) {
      unexpected("points_csv", "points of shape " + c10::str(points.sizes()) + " or not finite");
    }
  });
}

int fuzz_density_png(const uint8_t* data, size_t size) {
  const std::string path = fresh_dir("density_png") + "/density.png";
  write_file(path, data, size);
  return guarded("density_png", [&] {
    const auto mass = read_density_png(path, size % 2 == 1);
    if (mass.dim() != 2 || !torch::isfinite(mass).all().item<bool>() || mass.min().item<double>() < 0 ||
        mass.sum().item<double>() <= 0) {
      unexpected("density_png", "masses of shape " + c10::str(mass.sizes()) + ", negative, or none");
    }
    const auto samples = DensityImage(mass, default_extent(mass.size(0), mass.size(1)), "fuzz").sample(64);
    if (!torch::isfinite(samples).all().item<bool>() || samples.abs().max().item<float>() > 1.0f + 1e-6f) {
      unexpected("density_png", "samples outside the default extent");
    }
  });
}

const std::vector<Loader>& all_loaders() {
  static const std::vector<Loader> loaders = {
      {"scene", Shape::kJson, fuzz_scene},          {"checkpoint", Shape::kBundle, fuzz_checkpoint},
      {"idx", Shape::kIdx, fuzz_idx},               {"image", Shape::kImage, fuzz_image},
      {"torchscript", Shape::kZip, fuzz_torchscript}, {"metrics_csv", Shape::kCsv, fuzz_metrics_csv},
      {"generator_dir", Shape::kBundle, fuzz_generator_dir},
      {"classifier_dir", Shape::kBundle, fuzz_classifier_dir},
      {"points_csv", Shape::kCsv, fuzz_points_csv},   {"density_png", Shape::kImage, fuzz_density_png},
  };
  return loaders;
}

const Loader* find_loader(const std::string& name) {
  for (const auto& l : all_loaders()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

}  // namespace egeot::fuzz
