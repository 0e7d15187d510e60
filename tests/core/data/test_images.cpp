// Image loaders: Fashion-MNIST's IDX files (checked against known labels and pixels, and fed
// corrupt files), any folder of images and the AFHQ layout (written here with stb_image_write,
// with one corrupt file that must be skipped with a warning), resizing and PNG grids.
#include "test_prelude.h"

#include "core/data/afhq.h"
#include "base/error.h"
#include "core/data/fashion_mnist.h"
#include "base/idx_file.h"
#include "core/data/image_folder.h"
#include "core/data/image_png.h"

#include <stb_image.h>
#include <stb_image_write.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using egeot::InputError;

namespace {

void write_gz(const std::string& path, const std::vector<uint8_t>& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == int(bytes.size()));
  gzclose(f);
}

std::vector<uint8_t> idx_header(uint8_t rank, std::vector<uint32_t> dims) {
  std::vector<uint8_t> out{0, 0, 8, rank};
  for (auto d : dims) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(d >> s));
  }
  return out;
}

// A small Fashion-MNIST-shaped dataset: n images with pixel value 10 * label.
void write_fake_fashion(const std::string& root, const std::string& prefix, uint32_t n,
                        uint32_t n_labels) {
  auto images = idx_header(3, {n, 28, 28});
  for (uint32_t i = 0; i < n; ++i)
    images.insert(images.end(), 784, static_cast<uint8_t>(10 * (i % 10)));
  auto labels = idx_header(1, {n_labels});
  for (uint32_t i = 0; i < n_labels; ++i) labels.push_back(static_cast<uint8_t>(i % 10));
  write_gz(root + "/" + prefix + "-images-idx3-ubyte.gz", images);
  write_gz(root + "/" + prefix + "-labels-idx1-ubyte.gz", labels);
}

using egeot::test::error_of;

using egeot::test::contains;

// A w x h RGB image of one colour.
void write_solid(const std::string& path, int w, int h, uint8_t r, uint8_t g, uint8_t b) {
  std::vector<uint8_t> px;
  for (int i = 0; i < w * h; ++i) px.insert(px.end(), {r, g, b});
  const bool png = fs::path(path).extension() == ".png";
  const int ok = png ? stbi_write_png(path.c_str(), w, h, 3, px.data(), w * 3)
                     : stbi_write_jpg(path.c_str(), w, h, 3, px.data(), 95);
  REQUIRE(ok != 0);
}

}  // namespace

TEST_SUITE("images") {
  TEST_CASE("Fashion-MNIST from the Debian package: known labels and pixels") {
    const auto train = egeot::load_fashion_mnist("train", "/usr/share/datasets/fashion-mnist");
    const auto test = egeot::load_fashion_mnist("test", "/usr/share/datasets/fashion-mnist");
    REQUIRE(train.size() == 60000);
    REQUIRE(test.size() == 10000);
    CHECK(train.images.sizes() == torch::IntArrayRef({60000, 1, 28, 28}));
    const std::vector<int64_t> first_train{9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
    const std::vector<int64_t> first_test{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
    for (int i = 0; i < 10; ++i) {
      CHECK(train.labels[i].item<int64_t>() == first_train[i]);
      CHECK(test.labels[i].item<int64_t>() == first_test[i]);
    }
    // Pixel facts read independently (Python's gzip): sums of bytes of the first images,
    // and single pixels.
    CHECK(train.images[0].mul(255).round().sum().item<double>() == 76247);
    CHECK(test.images[0].mul(255).round().sum().item<double>() == 33456);
    CHECK(train.images[0][0][14][14].item<float>() == doctest::Approx(217.0 / 255));
    CHECK(train.images[0][0][14][25].item<float>() == 1.0f);
    CHECK(train.images.min().item<float>() == 0.0f);
    CHECK(train.images.max().item<float>() == 1.0f);
    // Classes are balanced: 6000 of each in train.
    const auto boots = train.of_class(egeot::fashion_mnist_class("ankle-boot"));
    CHECK(boots.size() == 6000);
    CHECK((boots.labels == 9).all().item<bool>());
    CHECK(torch::equal(boots.images[0], train.images[0]));
    CHECK(train.class_names.size() == 10);
    CHECK(train.class_names[7] == "sneaker");
  }

  TEST_CASE("class names: lookup and a clear error listing them") {
    CHECK(egeot::fashion_mnist_class("t-shirt") == 0);
    CHECK(egeot::fashion_mnist_class("sneaker") == 7);
    CHECK(egeot::fashion_mnist_class("ankle-boot") == 9);
    const auto msg = error_of([] { egeot::fashion_mnist_class("boot"); });
    CHECK(contains(msg, "unknown Fashion-MNIST class 'boot'"));
    CHECK(contains(
        msg, "t-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle-boot"));
  }

  TEST_CASE("Fashion-MNIST root override and corrupt IDX files") {
    const auto root = egeot::test::temp_dir("fake-fashion");
    write_fake_fashion(root, "t10k", 30, 30);
    auto set = egeot::load_fashion_mnist("test", root);
    CHECK(set.size() == 30);
    CHECK(set.labels[13].item<int64_t>() == 3);
    CHECK(set.images[13].max().item<float>() == doctest::Approx(30.0 / 255));
    CHECK(set.of_class(3).size() == 3);

    // Missing: names the file and the package that provides the dataset.
    auto msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, root + "/train-images-idx3-ubyte.gz: missing"));
    CHECK(contains(msg, "dataset-fashion-mnist"));
    // Labels and images disagree in count.
    write_fake_fashion(root, "train", 20, 19);
    msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, "train-labels-idx1-ubyte.gz: holds 19 labels"));
    // Truncated data.
    auto images = idx_header(3, {100, 28, 28});
    images.resize(images.size() + 784 * 10);
    write_gz(root + "/train-images-idx3-ubyte.gz", images);
    msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, "train-images-idx3-ubyte.gz: truncated"));
    // Wrong magic number (a labels file where images are expected).
    write_gz(root + "/train-images-idx3-ubyte.gz", idx_header(1, {5}));
    msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, "train-images-idx3-ubyte.gz: not an IDX unsigned-byte array of rank 3"));
    // Not gzip and not IDX at all.
    std::ofstream(root + "/train-images-idx3-ubyte.gz") << "hello, I am not a dataset";
    msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, "train-images-idx3-ubyte.gz: not an IDX"));
    // A gzip stream cut in the middle.
    write_fake_fashion(root, "train", 200, 200);
    const auto path = root + "/train-images-idx3-ubyte.gz";
    fs::resize_file(path, fs::file_size(path) / 2);
    msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, "train-images-idx3-ubyte.gz"));
    CHECK((contains(msg, "truncated") || contains(msg, "corrupt")));
    // Images of the wrong size.
    write_gz(path, [] {
      auto b = idx_header(3, {2, 14, 14});
      b.resize(b.size() + 2 * 196);
      return b;
    }());
    msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, "images are 14x14, expected 28x28"));
    // A label out of range.
    write_fake_fashion(root, "train", 3, 3);
    auto labels = idx_header(1, {3});
    labels.insert(labels.end(), {1, 12, 3});
    write_gz(root + "/train-labels-idx1-ubyte.gz", labels);
    msg = error_of([&] { egeot::load_fashion_mnist("train", root); });
    CHECK(contains(msg, "label 12 at index 1"));
    // Trailing bytes after the data.
    auto longer = idx_header(1, {2});
    longer.insert(longer.end(), {1, 2, 3});
    write_gz(root + "/extra.gz", longer);
    msg = error_of([&] { egeot::read_idx_ubyte(root + "/extra.gz", 1); });
    CHECK(contains(msg, "trailing data"));
  }

  TEST_CASE("AFHQ layout: loads, labels, resizes, skips a corrupt file with a warning") {
    const auto root = egeot::test::temp_dir("afhq") + "/afhq";
    fs::create_directories(root + "/train/cat");
    fs::create_directories(root + "/train/dog");
    write_solid(root + "/train/cat/a.png", 40, 30, 255, 0, 0);
    write_solid(root + "/train/cat/b.jpg", 32, 32, 250, 10, 10);
    write_solid(root + "/train/dog/c.png", 20, 20, 0, 0, 255);
    std::ofstream(root + "/train/dog/broken.jpg") << "\xff\xd8\xff not really a jpeg";
    std::ofstream(root + "/train/dog/.hidden") << "ignored";

    egeot::ImageLoadOptions options;
    options.shape = {3, 16, 16};
    std::vector<std::string> warnings;
    auto warn = [&](const std::string& w) { warnings.push_back(w); };
    // A missing class directory is named, with where AFHQ comes from.
    auto msg = error_of([&] { egeot::load_afhq(root, "train", options, {}, warn); });
    CHECK(contains(msg, root + "/train/wild: no such directory"));
    CHECK(contains(msg, "https://github.com/clovaai/stargan-v2"));
    CHECK(contains(msg, "never downloads"));
    msg = error_of([&] { egeot::load_afhq(root, "val", options, {"cat"}, warn); });
    CHECK(contains(msg, root + "/val: no such directory"));
    msg = error_of([&] { egeot::load_afhq(root + "x", "train", options, {"cat"}, warn); });
    CHECK(contains(msg, root + "x: no such directory"));
    msg = error_of([&] { egeot::load_afhq(root, "train", options, {"horse"}, warn); });
    CHECK(contains(msg, "unknown AFHQ class 'horse'"));

    auto set = egeot::load_afhq(root, "train", options, {"cat", "dog"}, warn);
    REQUIRE(set.size() == 3);
    CHECK(set.images.sizes() == torch::IntArrayRef({3, 3, 16, 16}));
    CHECK(set.labels.equal(torch::tensor({0, 0, 1}, torch::kInt64)));
    CHECK(set.class_names == std::vector<std::string>{"cat", "dog"});
    CHECK(fs::path(set.files[2]).filename() == "c.png");
    REQUIRE(warnings.size() == 1);
    CHECK(contains(warnings[0], "broken.jpg: skipped"));
    // Colours survive decoding and resizing (JPEG within a few levels).
    CHECK(set.images[0][0].min().item<float>() == 1.0f);
    CHECK(set.images[0][2].max().item<float>() == 0.0f);
    CHECK(set.images[1][0].mean().item<float>() == doctest::Approx(250.0 / 255).epsilon(0.03));
    CHECK(set.images[2][2].min().item<float>() == 1.0f);
    CHECK(set.images[2][0].max().item<float>() == 0.0f);
    // Greyscale on request.
    options.shape = {1, 8, 8};
    auto grey = egeot::load_afhq(root, "train", options, {"dog"});
    CHECK(grey.images.sizes() == torch::IntArrayRef({1, 1, 8, 8}));
    // A folder of nothing readable is an error naming it.
    fs::remove(root + "/train/dog/c.png");
    warnings.clear();
    msg = error_of([&] { egeot::load_image_folder(root + "/train/dog", options, warn); });
    CHECK(contains(msg, root + "/train/dog: holds no readable image"));
    CHECK(warnings.size() == 1);
    // The limit option.
    options.limit = 1;
    CHECK(egeot::load_image_folder(root + "/train/cat", options).size() == 1);
  }

  TEST_CASE("fit_image: centre crop, area average down, bilinear up") {
    // A 2x2-block checkerboard of 8x8 averaged down to 2x2 is flat 0.5.
    auto board = ((torch::arange(8).div(2, "floor").unsqueeze(1) +
                   torch::arange(8).div(2, "floor").unsqueeze(0)) %
                  2)
                     .to(torch::kFloat32)
                     .unsqueeze(0);
    auto small = egeot::fit_image(board, {1, 2, 2});
    CHECK(small.sizes() == torch::IntArrayRef({1, 2, 2}));
    CHECK(torch::allclose(small, torch::full({1, 2, 2}, 0.5f)));
    // A wide image is centre-cropped: left and right thirds (0) are cut off, the middle (1) stays.
    auto wide = torch::zeros({1, 4, 12});
    wide.narrow(2, 4, 4).fill_(1);
    auto square = egeot::fit_image(wide, {1, 4, 4});
    CHECK(square.min().item<float>() == 1.0f);
    // Enlarging stays in [0, 1] and keeps the mean.
    auto big = egeot::fit_image(board, {1, 20, 20});
    CHECK(big.min().item<float>() >= 0.0f);
    CHECK(big.max().item<float>() <= 1.0f);
    CHECK(big.mean().item<float>() == doctest::Approx(0.5).epsilon(0.05));
  }

  TEST_CASE("PNG grid: written atomically and read back") {
    const auto dir = egeot::test::temp_dir("png");
    auto images = torch::zeros({3, 1, 4, 5});
    images[1].fill_(1.0);
    images[2].fill_(0.2);
    egeot::write_png_grid(dir + "/grid.png", images, 2, 2);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load((dir + "/grid.png").c_str(), &w, &h, &n, 0);
    REQUIRE(px != nullptr);
    CHECK(w == 2 * (10 + 1) + 1);
    CHECK(h == 2 * (8 + 1) + 1);
    CHECK(n == 1);
    CHECK(px[1 * w + 1] == 0);     // first image, black
    CHECK(px[1 * w + 12] == 255);  // second image, white
    CHECK(px[10 * w + 1] == 51);   // third image, 0.2
    CHECK(px[0] == 128);           // border
    stbi_image_free(px);
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename() == "grid.png");
    const auto msg = error_of([&] {
      egeot::write_png_grid(dir + "/x.png", torch::zeros({2, 2}), 1);
    });
    CHECK(contains(msg, "x.png"));
  }
}
