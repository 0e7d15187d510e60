#pragma once
// `egeot bench train` and `egeot bench time-to-plan`, registered under `egeot bench`.
#include <CLI/CLI.hpp>

namespace egeot::cli {

void add_bench_train(CLI::App* bench);
void add_bench_time_to_plan(CLI::App* bench);

}  // namespace egeot::cli
