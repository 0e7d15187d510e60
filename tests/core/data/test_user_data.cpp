// A user's own distributions: a CSV of points and a grayscale PNG as a density.
#include "test_prelude.h"

#include "core/data/density_image.h"
#include "core/data/distribution_factory.h"
#include "core/data/point_cloud.h"
#include "core/scenes/scene.h"

#include <stb_image_write.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace egeot;
using egeot::test::contains;
using egeot::test::error_of;

namespace {

std::string write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string write_png(const std::string& path, int w, int h, int channels,
                      const std::vector<uint8_t>& pixels) {
  REQUIRE(stbi_write_png(path.c_str(), w, h, channels, pixels.data(), w * channels) != 0);
  return path;
}

// |count - n p| within 5 binomial standard deviations (a false alarm about once in 3.5 M).
void check_count(int64_t count, int64_t n, double p) {
  CAPTURE(count);
  CAPTURE(p);
  CHECK(std::abs(double(count) - double(n) * p) <= 5 * std::sqrt(double(n) * p * (1 - p)) + 1e-9);
}

}  // namespace

TEST_SUITE("user_data") {
  TEST_CASE("a CSV of points: header, comments and blank lines; rows drawn uniformly") {
    const auto dir = test::temp_dir("user_data_csv");
    const auto file =
        write_file(dir + "/p.csv", "x,y\n# four points\n0,0\n\n1, 0\r\n0,1\n-2.5,3e-1\n");
    auto points = read_point_csv(file);
    REQUIRE(points.sizes() == torch::IntArrayRef({4, 2}));
    CHECK(points[3][0].item<float>() == -2.5f);
    CHECK(points[3][1].item<float>() == doctest::Approx(0.3));
    // Headerless too.
    CHECK(read_point_csv(write_file(dir + "/q.csv", "1,2\n3,4\n")).size(0) == 2);

    torch::manual_seed(7);
    auto d = make_distribution({{"type", "points"}, {"file", file}}, "test", "target");
    CHECK(d->dim() == 2);
    const int64_t n = 40000;
    auto s = d->sample(n);
    for (int64_t k = 0; k < 4; ++k) {
      const auto hit = (s - points[k]).abs().sum(1).eq(0).sum().item<int64_t>();
      check_count(hit, n, 0.25);
    }
    CHECK(std::get<0>((s.unsqueeze(1) - points.unsqueeze(0)).abs().sum(2).min(1))
              .max()
              .item<float>() == 0);
  }

  TEST_CASE("a bandwidth jitters each drawn point by N(0, h^2 I)") {
    const auto dir = test::temp_dir("user_data_bandwidth");
    const auto file = write_file(dir + "/p.csv", "0,0\n10,10\n");
    torch::manual_seed(8);
    const double h = 0.2;
    auto s =
        make_distribution({{"type", "points"}, {"file", file}, {"bandwidth", h}}, "t", "target")
            ->sample(20000);
    auto residual = s - (s > 5).to(torch::kFloat32) * 10;  // offset from the nearer point
    // The sample std of 40000 normals is within 2% of h with overwhelming probability (sd 0.35%).
    CHECK(residual.std().item<double>() == doctest::Approx(h).epsilon(0.02));
    CHECK(residual.mean().abs().item<double>() < 5 * h / std::sqrt(40000.0));
  }

  TEST_CASE("every bad CSV is one line naming the file, the row and the column") {
    const auto dir = test::temp_dir("user_data_bad_csv");
    auto err = [&](const std::string& name, const std::string& text) {
      return error_of([&] { read_point_csv(write_file(dir + "/" + name, text)); });
    };
    CHECK(err("word.csv", "x,y\n1,2\n3,abc\n") ==
          dir + "/word.csv: row 3, column 2: expected a number, got 'abc'");
    CHECK(err("nan.csv", "1,2\nnan,1\n") ==
          dir + "/nan.csv: row 2, column 1: expected a finite number, got 'nan'");
    CHECK(err("inf.csv", "1,2\n1,-inf\n") ==
          dir + "/inf.csv: row 2, column 2: expected a finite number, got '-inf'");
    CHECK(err("huge.csv", "1,2\n1,1e999\n") ==
          dir + "/huge.csv: row 2, column 2: expected a number, got '1e999'");
    CHECK(err("cols.csv", "1,2\n1,2,3\n") ==
          dir + "/cols.csv: row 2: expected 2 columns (x,y), got 3");
    CHECK(err("one.csv", "1\n") == dir + "/one.csv: row 1: expected 2 columns (x,y), got 1");
    CHECK(err("empty.csv", "1,\n") ==
          dir + "/empty.csv: row 1, column 2: expected a number, got ''");
    CHECK(err("few.csv", "x,y\n1,2\n") ==
          dir + "/few.csv: expected at least 2 points (rows of x,y), got 1");
    CHECK(err("none.csv", "") ==
          dir + "/none.csv: expected at least 2 points (rows of x,y), got 0");
    CHECK(error_of([&] { read_point_csv(dir + "/missing.csv"); }) ==
          dir + "/missing.csv: cannot read the points (no such file)");
    for (const auto& m : {err("word.csv", "x,y\n1,2\n3,abc\n"), err("few.csv", "1,2\n")}) {
      CHECK(m.find('\n') == std::string::npos);
    }
  }

  TEST_CASE("a grayscale PNG: dark pixels carry mass, sampled exactly per pixel") {
    const auto dir = test::temp_dir("user_data_png");
    // 4 x 2 pixels; masses (255 - v) / 255.
    const std::vector<uint8_t> grey = {255, 0, 128, 255, 191, 255, 64, 0};
    const auto file = write_png(dir + "/d.png", 4, 2, 1, grey);
    const auto mass = read_density_png(file, false);
    REQUIRE(mass.sizes() == torch::IntArrayRef({2, 4}));
    CHECK(mass[0][1].item<double>() == 1.0);
    CHECK(mass[0][0].item<double>() == 0.0);

    torch::manual_seed(9);
    auto d = make_distribution({{"type", "density-image"}, {"file", file}}, "t", "target");
    const int64_t n = 40000;
    auto s = d->sample(n);
    // Default extent: the longer side spans [-1, 1], the aspect ratio is kept.
    CHECK(s.select(1, 0).min().item<float>() >= -1.0f);
    CHECK(s.select(1, 0).max().item<float>() <= 1.0f);
    CHECK(s.select(1, 1).min().item<float>() >= -0.5f);
    CHECK(s.select(1, 1).max().item<float>() <= 0.5f);
    const auto col = ((s.select(1, 0) + 1) / 0.5).floor().clamp(0, 3).to(torch::kLong);
    const auto row = ((0.5 - s.select(1, 1)) / 0.5).floor().clamp(0, 1).to(torch::kLong);
    const auto cell = row * 4 + col;
    const double total = mass.sum().item<double>();
    for (int64_t k = 0; k < 8; ++k) {
      CAPTURE(k);
      const double p = mass.reshape({-1})[k].item<double>() / total;
      const auto count = cell.eq(k).sum().item<int64_t>();
      if (p == 0) {
        CHECK(count == 0);  // never a pixel without mass
      } else {
        check_count(count, n, p);
      }
    }
    // Uniform within a pixel: the heaviest pixel's x offsets fill it evenly (mean 1/2, sd of
    // the mean 0.29 / sqrt(count)).
    const auto in = cell.eq(1);
    const auto u = ((s.select(1, 0).masked_select(in) + 1) / 0.5 - 1);
    CHECK(std::abs(u.mean().item<double>() - 0.5) <
          5 * 0.29 / std::sqrt(double(in.sum().item<int64_t>())));
  }

  TEST_CASE("invert, alpha and an extent") {
    const auto dir = test::temp_dir("user_data_png_options");
    const auto file = write_png(dir + "/d.png", 2, 1, 1, {0, 255});
    CHECK(read_density_png(file, true)[0][1].item<double>() == 1.0);
    CHECK(read_density_png(file, true)[0][0].item<double>() == 0.0);
    // Grey + alpha: a transparent black pixel is empty.
    const auto alpha = write_png(dir + "/a.png", 2, 1, 2, {0, 0, 0, 255});
    const auto m = read_density_png(alpha, false);
    CHECK(m[0][0].item<double>() == 0.0);
    CHECK(m[0][1].item<double>() == 1.0);
    torch::manual_seed(10);
    auto s = make_distribution({{"type", "density-image"},
                                {"file", file},
                                {"invert", true},
                                {"extent", {2, 4, -3, -1}}},
                               "t", "target")
                 ->sample(1000);
    CHECK(s.select(1, 0).min().item<float>() >= 3.0f);  // only the right-hand pixel: x in [3, 4]
    CHECK(s.select(1, 0).max().item<float>() <= 4.0f);
    CHECK(s.select(1, 1).min().item<float>() >= -3.0f);
    CHECK(s.select(1, 1).max().item<float>() <= -1.0f);
  }

  TEST_CASE("every bad PNG is one line naming the file and what was expected") {
    const auto dir = test::temp_dir("user_data_bad_png");
    CHECK(error_of([&] { read_density_png(write_file(dir + "/text.png", "x,y\n1,2\n"), false); }) ==
          dir + "/text.png: not a PNG file (no PNG signature); expected a grayscale PNG");
    CHECK(error_of([&] {
            read_density_png(write_png(dir + "/rgb.png", 1, 1, 3, {1, 2, 3}), false);
          }) ==
          dir +
              "/rgb.png: expected a grayscale PNG (1 channel, or 2 with alpha), got 3 channels "
              "(RGB): save it as grayscale");
    CHECK(contains(
        error_of([&] {
          read_density_png(write_png(dir + "/white.png", 2, 2, 1, {255, 255, 255, 255}), false);
        }),
        dir + "/white.png: every pixel has zero mass"));
    // A PNG cut short after its signature.
    const auto good = write_png(dir + "/good.png", 8, 8, 1, std::vector<uint8_t>(64, 0));
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    CHECK(contains(error_of([&] {
                     read_density_png(write_file(dir + "/cut.png", bytes.substr(0, 30)), false);
                   }),
                   dir + "/cut.png: not a readable PNG ("));
    CHECK(error_of([&] {
            make_distribution({{"type", "density-image"}, {"file", good}, {"extent", {1, 0, 0, 1}}},
                              "s.json", "target");
          }) ==
          "s.json: field 'target.extent': expected [xmin, xmax, ymin, ymax] with xmin < xmax and "
          "ymin < ymax, got [1,0,0,1]");
  }

  TEST_CASE("a scene names its data files relative to itself; checkpoints keep finding them") {
    namespace fs = std::filesystem;
    const auto dir = test::temp_dir("user_data_scene");
    fs::create_directories(dir + "/data");
    write_file(dir + "/data/p.csv", "0,0\n1,1\n2,0\n");
    write_png(dir + "/data/d.png", 2, 2, 1, {0, 255, 255, 0});
    const nlohmann::json doc = {{"source", {{"type", "points"}, {"file", "data/p.csv"}}},
                                {"target", {{"type", "density-image"}, {"file", "data/d.png"}}},
                                {"eps", 0.1}};
    write_file(dir + "/s.json", doc.dump());
    Scene s = load_scene(dir + "/s.json");
    CHECK(s.source["file"] == fs::absolute(dir + "/data/p.csv").lexically_normal().string());
    Scene again = parse_scene(scene_to_json(s), "elsewhere/config.json (scene)");
    CHECK(again.target["file"] == s.target["file"]);
    CHECK(make_distribution(again.source, "t", "source")->sample(5).size(0) == 5);
    // A wrong name says which file is missing.
    write_file(dir + "/bad.json",
               nlohmann::json{{"source", {{"type", "gaussian"}}},
                              {"target", {{"type", "points"}, {"file", "nope.csv"}}},
                              {"eps", 0.1}}
                   .dump());
    CHECK(error_of([&] { load_scene(dir + "/bad.json"); }) ==
          fs::absolute(dir + "/nope.csv").lexically_normal().string() +
              ": cannot read the points (no such file)");
  }
}
