#pragma once
// `egeot bench samplers`, registered under `egeot bench`.
#include <CLI/CLI.hpp>

namespace egeot::cli {

void add_bench_samplers(CLI::App* bench);

}  // namespace egeot::cli
