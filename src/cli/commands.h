#pragma once
// Each subcommand registers its options on the app and runs from its callback.
// Bad input throws egeot::InputError; main turns it into one line on stderr and exit 2.
#include <CLI/CLI.hpp>

namespace egeot::cli {

void add_scenes_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_sample_command(CLI::App& app);
void add_truth_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_fit_generator_command(CLI::App& app);
void add_fit_classifier_command(CLI::App& app);
void add_translate_command(CLI::App& app);
void add_diagnose_command(CLI::App& app);

// Set by the subcommand that ran, returned by main (0 unless a command says otherwise).
extern int exit_code;
// Exit codes beside 0: 2 bad input, 130 interrupted, and this one: training diverged and was
// rolled back to its last good state (which is what the run directory then holds).
constexpr int kExitDiverged = 3;

}  // namespace egeot::cli
