#include "cli/bench_output.h"

#include "cli/common_options.h"

#include <cstdio>
#include <iostream>

namespace egeot::cli {

void add_bench_output_options(CLI::App* cmd, std::string& device, bool& json) {
  add_device_option(cmd, device);
  cmd->add_flag("--json", json, "One JSON object on stdout");
}

void print_bench_json(const std::string& key, const nlohmann::json& body) {
  std::cout << nlohmann::json{{key, body}}.dump() << "\n";
}

void print_bench_json(const std::string& key, nlohmann::json body, const MachineLoad& before,
                      const MachineLoad& after) {
  body["load_before"] = before.text();
  body["load_after"] = after.text();
  print_bench_json(key, body);
}

void print_machine_loads(const MachineLoad& before, const MachineLoad& after) {
  std::printf("machine before: %s\nmachine after:  %s\n", before.text().c_str(), after.text().c_str());
}

std::function<void(const std::string&)> stage_printer(const std::string& prefix, bool quiet) {
  return [prefix, quiet](const std::string& line) {
    if (!quiet) std::fprintf(stderr, "%s: %s\n", prefix.c_str(), line.c_str());
  };
}

std::function<void(int64_t, int64_t)> count_printer(const std::string& unit, bool quiet) {
  return [unit, quiet](int64_t k, int64_t n) {
    if (!quiet) {
      std::fprintf(stderr, "  %s %lld/%lld done\n", unit.c_str(), static_cast<long long>(k),
                   static_cast<long long>(n));
    }
  };
}

}  // namespace egeot::cli
