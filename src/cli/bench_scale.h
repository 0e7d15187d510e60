#pragma once
// `egeot bench scale`, registered under `egeot bench`.
#include <CLI/CLI.hpp>

namespace egeot::cli {

void add_bench_scale(CLI::App* bench);

}  // namespace egeot::cli
