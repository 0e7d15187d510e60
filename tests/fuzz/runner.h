#pragma once
// Runs a loader's cases in child processes, a batch per child, so a crash, a hang or an
// allocation past the memory limit kills only that child and is pinned on the case that was
// running; the next child carries on after it. The parent never runs torch.
#include "harnesses.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace egeot::fuzz {

struct Limits {
  double case_seconds = 10;  // a case running longer is a hang
  int64_t memory_mb = 2048;  // address space a case may add to what the child had at start-up
  uint64_t batch = 250;      // cases per child process
};

struct Failure {
  uint64_t index = 0;
  std::string kind;       // e.g. "crash (SIGSEGV)", "hang (over 10 s)", "unexpected outcome"
  std::string output;     // the child's last lines of output
  bool alone = false;     // whether it failed again when run alone in a fresh process
  uint64_t batch_first = 0;  // the first case its process ran (the reproducer when not alone)
};

struct LoaderRun {
  uint64_t cases = 0;
  uint64_t loaded = 0;
  uint64_t rejected = 0;  // InputError, one line, naming the file
  uint64_t seeds_rejected = 0;  // unmutated seeds that did not load: a broken harness or corpus
  double seconds = 0;
  double slowest_case = 0;
  uint64_t slowest_index = 0;
  int64_t peak_rss_mb = 0;
  int64_t base_vm_mb = 0;  // a child's address space after start-up, before the limit is added
  std::vector<Failure> failures;
};

struct RunPlan {
  uint64_t seed = 1;
  uint64_t first_case = 0;
  uint64_t max_cases = UINT64_MAX;
  double seconds = 10;    // this loader's time budget
  std::string work_dir;   // scratch space; children write their inputs and output here
};

LoaderRun run_loader(const Loader& loader, const std::vector<Bytes>& corpus, const RunPlan& plan,
                     const Limits& limits);

// Runs fn() in a child process with prepare_process(work_dir) done; true when it exited 0.
bool run_in_child(const std::string& work_dir, void (*fn)(const std::string&), const std::string& arg);

}  // namespace egeot::fuzz
