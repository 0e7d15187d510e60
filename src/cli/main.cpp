// egeot: the headless command line (train, sample, ...); uses egeot_core only.
#include "base/allocator.h"
#include "base/error.h"
#include "cli/commands.h"
#include "core/nets/device.h"

#include <torch/torch.h>

#include <iostream>

namespace egeot::cli {
int exit_code = 0;
}

int main(int argc, char** argv) {
  egeot::keep_freed_memory();
  CLI::App app{"egeot: energy-guided entropic optimal transport (EgEOT), headless"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");
  egeot::cli::add_scenes_command(app);
  egeot::cli::add_train_command(app);
  egeot::cli::add_sample_command(app);
  egeot::cli::add_truth_command(app);
  egeot::cli::add_eval_command(app);
  egeot::cli::add_diagnose_command(app);
  egeot::cli::add_bench_command(app);
  egeot::cli::add_fit_generator_command(app);
  egeot::cli::add_fit_classifier_command(app);
  egeot::cli::add_translate_command(app);
  egeot::configure_cpu_threads();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "egeot: error: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const egeot::InputError& e) {
    std::cerr << "egeot: error: " << e.what() << "\n";
    return 2;
  } catch (const c10::Error& e) {
    std::string what = e.what();
    std::cerr << "egeot: internal error: " << what.substr(0, what.find('\n')) << "\n";
    return 1;
  }
  return egeot::cli::exit_code;
}
