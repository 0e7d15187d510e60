// The files a config.json commits carry their size and CRC-32: checkpoints, egeot's generator
// and its classifier round-trip; a damaged, truncated or missing file is refused naming it;
// NaN written with a correct checksum is refused naming the file too; directories from before
// checksums still load, with a note; a second save at one iteration never overwrites a file
// the standing config.json records.
#include "test_prelude.h"

#include "core/generators/builtin_generator.h"
#include "core/train/checkpoint.h"
#include "base/error.h"
#include "base/file_checksum.h"
#include "core/generators/image_classifier.h"
#include "base/json_fields.h"
#include "base/notes.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <vector>

using namespace egeot;
namespace fs = std::filesystem;

namespace {

Scene tiny_scene(double ema = 0.0) {
  Scene s = load_scene("swissroll");
  s.optimizer.batch = 32;
  s.optimizer.ema = ema;
  s.sampler.steps = 3;
  return s;
}

using egeot::test::error_of;

using egeot::test::contains;

// Inverts one byte in the middle: same size, other content.
void flip_byte(const std::string& path) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(f);
  f.seekg(0, std::ios::end);
  const auto at = f.tellg() / 2;
  f.seekg(at);
  char c = 0;
  f.get(c);
  f.seekp(at);
  f.put(static_cast<char>(~c));
}

void drop_files_field(const std::string& config_path) {
  auto doc = read_json_file(config_path);
  REQUIRE(doc.contains("files"));
  doc.erase("files");
  std::ofstream(config_path, std::ios::trunc) << doc.dump(2);
}

void poison(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  module.parameters().front().view(-1)[0] = std::numeric_limits<float>::quiet_NaN();
}

// Collects notes instead of printing them while in scope.
struct NoteCapture {
  std::vector<std::string> notes;
  NoteSink previous;
  NoteCapture() {
    previous = set_note_sink([this](const std::string& n) { notes.push_back(n); });
  }
  ~NoteCapture() { set_note_sink(previous); }
};

std::unique_ptr<EgeotTrainer> trained(const Scene& scene, int steps) {
  auto t = std::make_unique<EgeotTrainer>(scene, torch::kCPU);
  for (int i = 0; i < steps; ++i) t->step();
  return t;
}

BuiltinGenerator tiny_generator() {
  BuiltinSpec spec;
  spec.z_dim = 2;
  spec.shape = {1, 8, 8};
  spec.base_channels = 4;
  return BuiltinGenerator(spec, torch::kCPU);
}

ImageClassifier tiny_classifier() {
  ClassifierSpec spec;
  spec.shape = {1, 8, 8};
  spec.classes = 2;
  spec.width = 2;
  return ImageClassifier(spec, {"a", "b"}, torch::kCPU);
}

}  // namespace

TEST_SUITE("verified_files") {
  TEST_CASE("CRC-32 of a file is zlib's, streamed in chunks whatever the size") {
    const auto dir = test::temp_dir("digest");
    std::ofstream(dir + "/check") << "123456789";
    CHECK(digest_file(dir + "/check").crc32 == 0xcbf43926u);  // the standard check value
    CHECK(digest_file(dir + "/check").bytes == 9);
    std::ofstream(dir + "/empty").close();
    CHECK(digest_file(dir + "/empty").crc32 == 0u);
    CHECK(digest_file(dir + "/empty").bytes == 0);
    // Several chunks and a partial one.
    std::string big(300000, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7919) % 251);
    std::ofstream(dir + "/big", std::ios::binary) << big;
    const auto whole = ::crc32(::crc32(0L, Z_NULL, 0),
                               reinterpret_cast<const Bytef*>(big.data()), static_cast<uInt>(big.size()));
    CHECK(digest_file(dir + "/big").crc32 == static_cast<uint32_t>(whole));
    CHECK(digest_file(dir + "/big").bytes == big.size());
    CHECK(error_of([&] { digest_file(dir + "/none"); }) ==
          dir + "/none: cannot read (No such file or directory)");
  }

  TEST_CASE("a fresh checkpoint records every file it commits and round-trips") {
    const auto dir = test::temp_dir("verified-roundtrip");
    auto trainer_ptr = trained(tiny_scene(0.9), 3);
    auto& trainer = *trainer_ptr;
    save_checkpoint(dir, trainer);
    const auto doc = read_json_file(dir + "/config.json");
    REQUIRE(doc.contains("files"));
    for (const char* name : {"potential-3.pt", "potential-average-3.pt", "optimizer-3.pt", "chains-3.pt"}) {
      CAPTURE(name);
      REQUIRE(doc["files"].contains(name));
      CHECK(doc["files"][name]["bytes"].get<uint64_t>() == fs::file_size(dir + "/" + name));
      CHECK(doc["files"][name]["crc32"].get<std::string>().size() == 8);
    }
    CHECK(doc["files"].size() == 4);
    CHECK(read_checkpoint_config(dir).notes.empty());
    NoteCapture capture;
    auto loaded = load_checkpoint(dir, torch::kCPU);
    CHECK(capture.notes.empty());
    CHECK(loaded->iteration() == 3);
    const auto y = torch::randn({20, 2});
    CHECK(torch::equal(loaded->model().f(y), trainer.model().f(y)));
  }

  TEST_CASE("a damaged, truncated or missing checkpoint file is refused, naming it") {
    const auto root = test::temp_dir("verified-damaged");
    auto trainer_ptr = trained(tiny_scene(0.9), 2);
    auto& trainer = *trainer_ptr;
    save_checkpoint(root + "/good", trainer);
    for (const std::string name : {"potential-2.pt", "potential-average-2.pt", "optimizer-2.pt", "chains-2.pt"}) {
      CAPTURE(name);
      const auto dir = root + "/" + name;
      fs::copy(root + "/good", dir);
      const auto path = dir + "/" + name;
      flip_byte(path);
      CHECK(error_of([&] { load_checkpoint(dir, torch::kCPU); }) ==
            path + ": checksum mismatch (the file is damaged or was changed after the checkpoint was written)");
      CHECK(contains(error_of([&] { read_checkpoint_config(dir); }), path + ": checksum mismatch"));
      fs::resize_file(path, fs::file_size(path) - 10);
      CHECK(contains(error_of([&] { load_checkpoint(dir, torch::kCPU); }),
                     path + ": size mismatch (" + std::to_string(fs::file_size(path)) + " bytes, config.json records "));
      fs::remove(path);
      CHECK(error_of([&] { load_checkpoint(dir, torch::kCPU); }) ==
            path + ": missing (the checkpoint was written with it)");
    }
    // load_weights checks too, before any tensor is read.
    EgeotTrainer target(tiny_scene(0.9), torch::kCPU);
    CHECK(contains(error_of([&] { load_weights(root + "/potential-2.pt", target); }), "potential-2.pt: missing"));
  }

  TEST_CASE("malformed or incomplete \"files\" is refused naming config.json and the field") {
    const auto dir = test::temp_dir("verified-fields");
    auto trainer_ptr = trained(tiny_scene(), 1);
    auto& trainer = *trainer_ptr;
    save_checkpoint(dir, trainer);
    const auto config = dir + "/config.json";
    auto doc = read_json_file(config);
    auto bad = doc;
    bad["files"]["chains-1.pt"]["crc32"] = "xyz";
    std::ofstream(config, std::ios::trunc) << bad.dump();
    CHECK(contains(error_of([&] { load_checkpoint(dir, torch::kCPU); }),
                   config + ": field 'files.chains-1.pt.crc32': expected 8 hexadecimal digits"));
    bad = doc;
    bad["files"].erase("optimizer-1.pt");
    std::ofstream(config, std::ios::trunc) << bad.dump();
    CHECK(error_of([&] { load_checkpoint(dir, torch::kCPU); }) ==
          config + ": field 'files' has no entry for optimizer-1.pt (expected the size and checksum of every file it names)");
    bad = doc;
    bad["files"] = "none";
    std::ofstream(config, std::ios::trunc) << bad.dump();
    CHECK(contains(error_of([&] { load_checkpoint(dir, torch::kCPU); }), config + ": field 'files': expected an object"));
  }

  TEST_CASE("NaN written with a correct checksum is refused, naming the file") {
    const auto root = test::temp_dir("verified-nan");
    const Scene scene = tiny_scene(0.9);
    SUBCASE("weights") {
      auto t_ptr = trained(scene, 2);
      auto& t = *t_ptr;
      poison(*t.potential());
      save_checkpoint(root + "/w", t);
      CHECK(contains(error_of([&] { load_checkpoint(root + "/w", torch::kCPU); }),
                     root + "/w/potential-2.pt: tensor 'net.0.weight' holds NaN or infinite values"));
    }
    SUBCASE("the weight average") {
      auto t_ptr = trained(scene, 2);
      auto& t = *t_ptr;
      poison(*t.model().potential());
      save_checkpoint(root + "/a", t);
      CHECK(contains(error_of([&] { load_checkpoint(root + "/a", torch::kCPU); }),
                     root + "/a/potential-average-2.pt: tensor 'net.0.weight' holds NaN or infinite values"));
    }
    SUBCASE("optimiser state") {
      auto t_ptr = trained(scene, 2);
      auto& t = *t_ptr;
      for (auto& item : t.optimizer().state()) {
        auto& s = static_cast<torch::optim::AdamParamState&>(*item.second);
        s.exp_avg_sq().fill_(std::numeric_limits<float>::infinity());
      }
      save_checkpoint(root + "/o", t);
      CHECK(error_of([&] { load_checkpoint(root + "/o", torch::kCPU); }) ==
            root + "/o/optimizer-2.pt: the optimiser state (exp_avg_sq) holds NaN or infinite values");
    }
    SUBCASE("chains") {
      auto t_ptr = trained(scene, 2);
      auto& t = *t_ptr;
      auto state = t.buffer().state();
      REQUIRE(state.ys.size(0) > 0);
      state.ys[0][0] = std::numeric_limits<float>::quiet_NaN();
      t.buffer().restore(state);
      save_checkpoint(root + "/c", t);
      CHECK(error_of([&] { load_checkpoint(root + "/c", torch::kCPU); }) ==
            root + "/c/chains-2.pt: the chains' states (y) holds NaN or infinite values");
    }
  }

  TEST_CASE("a checkpoint from before checksums loads, with a note") {
    const auto dir = test::temp_dir("verified-legacy");
    auto trainer_ptr = trained(tiny_scene(), 2);
    auto& trainer = *trainer_ptr;
    save_checkpoint(dir, trainer);
    drop_files_field(dir + "/config.json");
    const std::string note = dir + "/config.json records no checksums (written by an older egeot); "
                             "the checkpoint's files are loaded unverified";
    CHECK(read_checkpoint_config(dir).notes == std::vector<std::string>{note});
    NoteCapture capture;
    auto loaded = load_checkpoint(dir, torch::kCPU);
    CHECK(capture.notes == std::vector<std::string>{note});
    const auto y = torch::randn({20, 2});
    CHECK(torch::equal(loaded->model().f(y), trainer.model().f(y)));
    // The next save records them again.
    loaded->step();
    save_checkpoint(dir, *loaded);
    CHECK(read_json_file(dir + "/config.json").contains("files"));
    CHECK(read_checkpoint_config(dir).notes.empty());
  }

  TEST_CASE("a second save at one iteration never overwrites a file the standing config names") {
    const auto dir = test::temp_dir("verified-resave");
    auto trainer_ptr = trained(tiny_scene(0.9), 2);
    auto& trainer = *trainer_ptr;
    save_checkpoint(dir, trainer);
    const auto first = read_json_file(dir + "/config.json");
    const auto first_weights = first["files"]["potential-2.pt"];
    save_checkpoint(dir, trainer);
    const auto second = read_json_file(dir + "/config.json");
    CHECK(second["weights"] == "potential-2-2.pt");
    CHECK(second["average"] == "potential-average-2-2.pt");
    CHECK(second["optimizer"] == "optimizer-2-2.pt");
    CHECK(second["chains"] == "chains-2-2.pt");
    CHECK_FALSE(fs::exists(dir + "/potential-2.pt"));  // superseded once committed
    CHECK(load_checkpoint(dir, torch::kCPU)->iteration() == 2);
    save_checkpoint(dir, trainer);  // and back to the plain names
    CHECK(read_json_file(dir + "/config.json")["weights"] == "potential-2.pt");
    CHECK_FALSE(fs::exists(dir + "/potential-2-2.pt"));
    CHECK(load_checkpoint(dir, torch::kCPU)->iteration() == 2);
  }

  TEST_CASE("temporaries of a killed save are never read and the next save removes them") {
    const auto dir = test::temp_dir("verified-stale");
    auto trainer_ptr = trained(tiny_scene(), 1);
    auto& trainer = *trainer_ptr;
    save_checkpoint(dir, trainer);
    for (const char* name : {"potential-7.pt.tmp-99999", "chains-7.pt.tmp-99999", "config.json.tmp-99999"}) {
      std::ofstream(dir + "/" + name) << "half written";
    }
    CHECK(load_checkpoint(dir, torch::kCPU)->iteration() == 1);
    trainer.step();
    save_checkpoint(dir, trainer);
    for (const auto& e : fs::directory_iterator(dir)) {
      CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
    }
    CHECK(load_checkpoint(dir, torch::kCPU)->iteration() == 2);
  }

  TEST_CASE("egeot's generator: checksums recorded and verified, NaN refused, old ones noted") {
    const auto root = test::temp_dir("verified-generator");
    auto g = tiny_generator();
    save_builtin_generator(root + "/g", g);
    const auto doc = read_json_file(root + "/g/config.json");
    CHECK(doc["files"].contains("decoder.pt"));
    CHECK(doc["files"].contains("encoder.pt"));
    {
      NoteCapture capture;
      auto loaded = load_builtin_generator(root + "/g", torch::kCPU);
      CHECK(capture.notes.empty());
      const auto z = torch::randn({3, 2});
      torch::NoGradGuard no_grad;
      CHECK(torch::equal(loaded->decode(z), g.decode(z)));
    }
    for (const std::string name : {"decoder.pt", "encoder.pt"}) {
      fs::copy(root + "/g", root + "/" + name);
      flip_byte(root + "/" + name + "/" + name);
      CHECK(error_of([&] { load_builtin_generator(root + "/" + name, torch::kCPU); }) ==
            root + "/" + name + "/" + name +
                ": checksum mismatch (the file is damaged or was changed after the generator was written)");
    }
    auto nan = tiny_generator();
    poison(*nan.decoder());
    save_builtin_generator(root + "/nan", nan);
    CHECK(contains(error_of([&] { load_builtin_generator(root + "/nan", torch::kCPU); }),
                   root + "/nan/decoder.pt: tensor 'fc.weight' holds NaN or infinite values"));
    fs::copy(root + "/g", root + "/old");
    drop_files_field(root + "/old/config.json");
    NoteCapture capture;
    load_builtin_generator(root + "/old", torch::kCPU);
    CHECK(capture.notes == std::vector<std::string>{
                               root + "/old/config.json records no checksums (written by an older "
                                      "egeot); the generator's files are loaded unverified"});
  }

  TEST_CASE("egeot's classifier: checksums recorded and verified, NaN refused, old ones noted") {
    const auto root = test::temp_dir("verified-classifier");
    auto c = tiny_classifier();
    save_image_classifier(root + "/c", c);
    CHECK(read_json_file(root + "/c/config.json")["files"].contains("weights.pt"));
    {
      NoteCapture capture;
      auto loaded = load_image_classifier(root + "/c", torch::kCPU);
      CHECK(capture.notes.empty());
      const auto x = torch::rand({4, 1, 8, 8});
      CHECK(torch::equal(loaded->predict(x), c.predict(x)));
    }
    fs::copy(root + "/c", root + "/damaged");
    flip_byte(root + "/damaged/weights.pt");
    CHECK(error_of([&] { load_image_classifier(root + "/damaged", torch::kCPU); }) ==
          root + "/damaged/weights.pt: checksum mismatch (the file is damaged or was changed after the classifier was written)");
    auto nan = tiny_classifier();
    poison(*nan.net());
    save_image_classifier(root + "/nan", nan);
    CHECK(contains(error_of([&] { load_image_classifier(root + "/nan", torch::kCPU); }),
                   root + "/nan/weights.pt: tensor 'conv1.weight' holds NaN or infinite values"));
    fs::copy(root + "/c", root + "/old");
    drop_files_field(root + "/old/config.json");
    NoteCapture capture;
    load_image_classifier(root + "/old", torch::kCPU);
    CHECK(capture.notes == std::vector<std::string>{
                               root + "/old/config.json records no checksums (written by an older "
                                      "egeot); the classifier's files are loaded unverified"});
  }
}
