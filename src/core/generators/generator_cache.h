#pragma once
// The built-in generator is fitted once per (dataset, class, settings) and kept under
// $XDG_CACHE_HOME/egeot/generators (or ~/.cache/egeot/generators); later calls reuse it.
#include "core/data/image_set.h"
#include "core/generators/generator_fit.h"

#include <string>

namespace egeot {

// $XDG_CACHE_HOME/egeot, else $HOME/.cache/egeot; InputError when neither is set.
std::string egeot_cache_dir();

// The images the built-in generator is fitted on: one class of a dataset's train split.
// dataset: "fashion-mnist" (the only one with a built-in generator); class by name.
ImageSet builtin_training_images(const std::string& dataset, const std::string& class_name);

// The cached generator directory for these settings, fitted (with `progress`) if missing.
// Safe against concurrent callers: each fits into its own temporary and the first rename wins.
// Throws FitCancelled, caching nothing, when `progress` stops the fit.
// cache_root overrides egeot_cache_dir() (tests).
std::string ensure_builtin_generator(const std::string& dataset, const std::string& class_name,
                                     const FitOptions& options = {},
                                     const FitProgress& progress = {},
                                     const std::string& cache_root = "");

}  // namespace egeot
