#pragma once
// `egeot bench translate`, registered under `egeot bench`.
#include <CLI/CLI.hpp>

namespace egeot::cli {

void add_bench_translate(CLI::App* bench);

}  // namespace egeot::cli
