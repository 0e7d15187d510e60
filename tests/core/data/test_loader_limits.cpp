// What fuzzing the loaders found (tests/fuzz), each pinned by a small input: deep or
// overflowing JSON, headers claiming more than their file holds, damaged torch archives (zip
// sizes, pickles, TorchScript class bodies), file names that leave their directory, and
// scenes asking for networks or chain buffers out of proportion. Every one must end in a
// one-line InputError, never a crash or an allocation the size of the claim.
#include "test_prelude.h"

#include "base/error.h"
#include "base/idx_file.h"
#include "core/data/image_folder.h"
#include "base/jpeg_check.h"
#include "base/json_fields.h"
#include "base/pickle_check.h"
#include "core/scenes/scene.h"
#include "base/torch_archive.h"
#include "base/torchscript_code_check.h"
#include "base/weights_size.h"

#include <stb_image_write.h>
#include <torch/script.h>

#include <fstream>

using egeot::InputError;

namespace {

// The prelude's error_of, and the message must be one short line.
std::string checked_error_of(const std::function<void()>& f) {
  const std::string what = egeot::test::error_of(f);
  CHECK(what.find('\n') == std::string::npos);
  CHECK(what.size() < 600);
  return what;
}

std::string write(const std::string& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

using egeot::test::contains;

const auto no_records = [](const std::string&) -> int64_t { return -1; };

}  // namespace

TEST_SUITE("loader_limits") {
  TEST_CASE("JSON nested 100000 deep or with an overflowing number is an InputError") {
    const auto dir = egeot::test::temp_dir("limits_json");
    const auto deep = write(dir, "deep.json", std::string(100000, '['));
    CHECK(contains(checked_error_of([&] { egeot::read_json_file(deep); }), "nested deeper than 128"));
    const auto huge = write(dir, "huge.json", "{\"eps\": 1e400}");
    CHECK(contains(checked_error_of([&] { egeot::load_scene(huge); }), "not valid JSON"));
    // A parse error quotes what it read; a raw line break in a string stays off the message.
    const auto broken = write(dir, "broken.json", "{\"name\": \"a\nb\"}");
    CHECK(contains(checked_error_of([&] { egeot::read_json_file(broken); }), "not valid JSON"));
  }

  TEST_CASE("a scene asking for a huge network or chain buffer is refused before allocation") {
    nlohmann::json scene = {{"source", {{"type", "gaussian"}, {"dim", 2}}},
                            {"target", {{"type", "moons"}}},
                            {"eps", 0.1},
                            {"potential", {{"widths", {16777216, 16777216}}}}};
    CHECK(contains(checked_error_of([&] { egeot::parse_scene(scene, "s.json"); }), "field 'potential.widths'"));
    scene["potential"]["widths"] = {8};
    scene["source"]["dim"] = 4096;
    scene["target"] = {{"type", "gaussian"}, {"dim", 4096}};
    scene["replay"] = {{"capacity", 16777216}};
    CHECK(contains(checked_error_of([&] { egeot::parse_scene(scene, "s.json"); }), "field 'replay.capacity'"));
  }

  TEST_CASE("config file names stay in their directory and on one line") {
    for (const std::string& name : std::vector<std::string>{"../potential.pt", "", "..", "a\nb", std::string(300, 'a')}) {
      const egeot::JsonFields root(nlohmann::json{{"weights", name}}, "c/config.json");
      CHECK(contains(checked_error_of([&] { root.file_name("weights"); }), "field 'weights'"));
    }
    CHECK(egeot::JsonFields(nlohmann::json{{"weights", "potential-3.pt"}}, "c").file_name("weights") ==
          "potential-3.pt");
  }

  TEST_CASE("a config describing more parameters than its weights file holds builds nothing") {
    const auto dir = egeot::test::temp_dir("limits_weights");
    const auto weights = write(dir, "decoder.pt", std::string(1000, 'x'));
    CHECK_NOTHROW(egeot::check_weights_can_hold(weights, 500, "config.json"));
    CHECK(contains(checked_error_of([&] { egeot::check_weights_can_hold(weights, 4096.0 * 1024 * 4096, "c.json"); }),
                   "1000 bytes, too few"));
  }

  TEST_CASE("an IDX header claiming 268 M bytes over 16 data bytes is truncated, not allocated") {
    const auto dir = egeot::test::temp_dir("limits_idx");
    std::string bytes = {0, 0, 8, 3, 0x10, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1};
    bytes += std::string(16, 'x');
    const auto path = write(dir, "claim-idx3-ubyte", bytes);
    CHECK(contains(checked_error_of([&] { egeot::read_idx_ubyte(path, 3); }), "holds 16)"));
  }

  TEST_CASE("images with no pixels, missing pixels or unprintable reasons are refused") {
    const auto dir = egeot::test::temp_dir("limits_images");
    const egeot::ImageShape shape{1, 4, 4};
    const auto empty = write(dir, "empty.pgm", std::string("P5\n0 1\n255\n") + '\0');
    CHECK(contains(checked_error_of([&] { egeot::load_image_file(empty, shape); }), "no pixels"));
    const auto cut = write(dir, "cut.pgm", "P5\n65535 255\n255\n0123456789");
    CHECK(contains(checked_error_of([&] { egeot::load_image_file(cut, shape); }), "pixels in a file of"));
    const auto short_rows = write(dir, "short.pgm", "P5\n100 100\n255\n" + std::string(5000, 'x'));
    CHECK(contains(checked_error_of([&] { egeot::load_image_file(short_rows, shape); }), "truncated"));
    // stb_image quotes a PNG chunk's type, bytes of the file.
    std::string png = "\x89PNG\r\n\x1a\n";
    png += std::string("\0\0\0\0\n\r\x01\x02", 8) + std::string(4, '\0');
    const auto odd = write(dir, "odd.png", png);
    checked_error_of([&] { egeot::load_image_file(odd, shape); });
  }

  TEST_CASE("a JPEG scan naming a Huffman table the file never defines is refused") {
    std::string jpeg;
    const unsigned char pixels[8 * 8 * 3] = {};
    stbi_write_jpg_to_func([](void* out, void* data, int size) {
      static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
    }, &jpeg, 8, 8, 3, pixels, 90);
    CHECK(egeot::jpeg_tables_problem(jpeg).empty());
    const size_t dht = jpeg.find("\xff\xc4");
    REQUIRE(dht != std::string::npos);
    jpeg[dht + 4] = static_cast<char>(0x03);  // the first table becomes DC table 3, not 0
    CHECK(contains(egeot::jpeg_tables_problem(jpeg), "Huffman table"));
    // A binary PNM's pixels are counted after its header (comments included).
    const auto dir = egeot::test::temp_dir("limits_pnm");
    const auto ppm = write(dir, "short.ppm", "P6\n# c\n10 7\n255\n" + std::string(200, 'x'));
    CHECK(contains(checked_error_of([&] { egeot::load_image_file(ppm, egeot::ImageShape{3, 4, 4}); }), "truncated"));
    const auto whole = write(dir, "whole.ppm", "P6\n# c\n10 7\n255\n" + std::string(210, 'x'));
    CHECK(egeot::load_image_file(whole, egeot::ImageShape{3, 4, 4}).size(0) == 3);
  }

  TEST_CASE("pickles that would unbalance torch's unpickler are refused") {
    using egeot::pickle_problem;
    CHECK(pickle_problem(std::string("\x80\x02K\x01.", 5), no_records).empty());
    CHECK(contains(pickle_problem(std::string("\x80\x02\x85.", 4), no_records), "TUPLE1 on a stack of 0"));
    CHECK(contains(pickle_problem(std::string("\x80\x02(K\x01" "d.", 7), no_records), "odd number"));
    CHECK(contains(pickle_problem(std::string("\x80\x02K\x01r\xff\xff\xff\xff.", 10), no_records), "memo PUT"));
    CHECK(contains(pickle_problem(std::string("\x80\x02X\xff\xff\xff\x7f.", 9), no_records), "longer than"));
    CHECK(contains(pickle_problem(std::string("\x80\x02K\x01", 4), no_records), "cut short"));
    // A storage of 100 floats whose record holds 8 bytes.
    std::string storage = "\x80\x02(";
    storage += "X" + std::string("\x07\0\0\0", 4) + "storage";
    storage += "ctorch\nFloatStorage\n";
    storage += "X" + std::string("\x01\0\0\0", 4) + "0";
    storage += "X" + std::string("\x03\0\0\0", 4) + "cpu";
    storage += "Kd";  // 100 elements
    storage += "tQ.";
    const auto eight = [](const std::string& key) -> int64_t { return key == "0" ? 8 : -1; };
    CHECK(contains(pickle_problem(storage, eight), "a storage of 100 elements in a record of 8 bytes"));
  }

  TEST_CASE("TorchScript class bodies torch does not write, and classes holding themselves") {
    using egeot::torchscript_code_problem;
    const std::string good = "class Module(Module):\n  __parameters__ = [\"w\", ]\n  __buffers__ = []\n  w : Tensor\n";
    CHECK(torchscript_code_problem({{"code/__torch__.py", good}}, true).empty());
    CHECK(contains(torchscript_code_problem({{"code/__torch__.py", good + "  __buffers_W = []\n"}}, false),
                   "class body line"));
    CHECK(contains(torchscript_code_problem({{"code/__torch__.py", good + "  def f(self):\n    return 1\n"}}, true),
                   "not a data class"));
    const std::string a = "class Module(Module):\n  b : __torch__.b.Module\n";
    const std::string b = "class Module(Module):\n  a : __torch__.Module\n";
    CHECK(contains(torchscript_code_problem({{"code/__torch__.py", a}, {"code/__torch__/b.py", b}}, true),
                   "holds itself"));
    CHECK(contains(torchscript_code_problem({{"code/__torch__.py", good + "  x : " + std::string(100, '[')}}, false),
                   "nests brackets"));
  }

  TEST_CASE("a zip entry claiming 4 GiB in a small torch file is refused before torch reads it") {
    const auto dir = egeot::test::temp_dir("limits_archive");
    torch::jit::Module m("Tiny");
    m.register_parameter("w", torch::ones({2, 2}), false);
    const std::string path = dir + "/tiny.pt";
    m.save(path);
    CHECK_NOTHROW(egeot::check_torch_archive(path, egeot::TorchArchive::kData));
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), {});
    const size_t central = bytes.find("PK\x01\x02");
    REQUIRE(central != std::string::npos);
    f.seekp(static_cast<std::streamoff>(central + 24));
    f.write("\xff\xff\xff\x7f", 4);  // the first entry's unpacked size
    f.close();
    CHECK(contains(checked_error_of([&] { egeot::check_torch_archive(path, egeot::TorchArchive::kData); }), "claims"));
  }
}
