#pragma once
// One fuzz harness per loader egeot has: it writes the bytes where the loader expects them
// (a file or a directory under the work directory) and calls the loader. A loader may return
// a result or throw egeot::InputError with a one-line message naming the file; anything else
// (a crash, another exception type, a multi-line or anonymous message, an allocation failure
// passed off as bad input, a result that breaks the loader's promises) is reported on
// stderr and abort()s, so the driver or libFuzzer sees it.
#include "mutator.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace egeot::fuzz {

enum Outcome : int { kLoaded = 0, kRejected = 1 };

int fuzz_scene(const uint8_t* data, size_t size);        // load_scene on a file
int fuzz_checkpoint(const uint8_t* data, size_t size);   // load_checkpoint on a bundle (bundle.h)
int fuzz_idx(const uint8_t* data, size_t size);          // read_idx_ubyte, ranks 1 and 3
int fuzz_image(const uint8_t* data, size_t size);        // load_image_file and load_image_folder
int fuzz_torchscript(const uint8_t* data, size_t size);  // load_torchscript_generator
int fuzz_metrics_csv(const uint8_t* data, size_t size);  // the CLI's open_metrics on resume
int fuzz_generator_dir(const uint8_t* data, size_t size);   // load_builtin_generator on a bundle
int fuzz_classifier_dir(const uint8_t* data, size_t size);  // load_image_classifier on a bundle
int fuzz_points_csv(const uint8_t* data, size_t size);   // read_point_csv (a scene's "points")
int fuzz_density_png(const uint8_t* data, size_t size);  // read_density_png, then sampling

struct Loader {
  std::string name;  // also the corpus folder's name
  Shape shape;
  int (*harness)(const uint8_t*, size_t);
};

const std::vector<Loader>& all_loaders();
const Loader* find_loader(const std::string& name);

// Once per process before the first harness: one torch thread, no dataset or generator cache
// that a mutated input could make a loader read or fit, notes checked like errors. work_dir
// is where inputs are written (made if missing; empty: a new directory under $TMPDIR).
void prepare_process(const std::string& work_dir);

// Harnesses print each InputError they see to stderr (for a reproducer run).
void set_verbose(bool verbose);

}  // namespace egeot::fuzz
