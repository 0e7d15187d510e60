#pragma once
// What the `egeot bench` subcommands print alike, so that every bench says it the same way:
// --device and --json, the one JSON object --json writes (with the machine's load around
// the measured work when there is one: others' jobs skew timings), the load lines of the
// table form, and progress lines on stderr that --json keeps quiet.
#include "bench/machine_load.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace egeot::cli {

// --device (cpu, cuda or auto) and --json, in that order.
void add_bench_output_options(CLI::App* cmd, std::string& device, bool& json);

// {"<key>": body} and a newline on stdout.
void print_bench_json(const std::string& key, const nlohmann::json& body);
// The same with "load_before" and "load_after" added to the object body.
void print_bench_json(const std::string& key, nlohmann::json body, const MachineLoad& before,
                      const MachineLoad& after);

// "machine before: ..." and "machine after:  ..." lines on stdout.
void print_machine_loads(const MachineLoad& before, const MachineLoad& after);

// "<prefix>: <line>" on stderr for each call, nothing when quiet.
std::function<void(const std::string&)> stage_printer(const std::string& prefix, bool quiet);
// "  <unit> k/n done" on stderr for each call, nothing when quiet.
std::function<void(int64_t, int64_t)> count_printer(const std::string& unit, bool quiet);

}  // namespace egeot::cli
