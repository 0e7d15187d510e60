// egeot_fuzz: runs mutated cases of each loader's seed corpus (harnesses.h, mutator.h) in
// child processes with a time and memory limit per case, prints per loader what happened, and
// exits 1 with a reproducer for anything but a result or a one-line InputError.
#include "harnesses.h"
#include "runner.h"
#include "seeds.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace egeot::fuzz;

namespace {

const char* kUsage = R"(usage: egeot_fuzz [options]
  --loader NAME      a loader to fuzz (repeatable; default: all): scene, checkpoint, idx,
                     image, torchscript, metrics_csv, generator_dir, classifier_dir,
                     points_csv, density_png
  --seconds S        time budget per loader (default 10)
  --cases N          at most N cases per loader (default: as many as the time allows)
  --seed S           run seed (default 1); case i of a loader is the same for the same seed
  --case I           run case I only (with one --loader): the reproducer of a failure
  --first I          start at case I (with --cases N: cases I to I+N-1, one process per --batch)
  --dump FILE        with --case: write the case's bytes to FILE instead of running it
  --in-process       with --case (or --first and --cases): run in this process, for a
                     debugger; prints the last case's InputError; no time or memory limit
  --corpus DIR       seed corpus, DIR/<loader>/* (default: the source tree's tests/fuzz/corpus)
  --case-timeout S   a case running longer is a hang (default 10)
  --memory-mb M      address space a case may add to the process's start-up size (default 2048)
  --batch B          cases per child process (default 250)
  --work DIR         scratch directory (default: a new one under $TMPDIR, removed at exit)
  --write-seeds DIR  write the generated seeds (checkpoints, TorchScript files) and exit
)";

struct Options {
  std::vector<std::string> loaders;
  double seconds = 10;
  uint64_t cases = UINT64_MAX;
  uint64_t seed = 1;
  bool one_case = false;
  uint64_t case_index = 0;
  uint64_t first = 0;
  std::string dump;
  bool in_process = false;
  std::string corpus = EGEOT_FUZZ_CORPUS;
  std::string work;
  std::string write_seeds;
  Limits limits;
};

[[noreturn]] void usage_error(const std::string& what) {
  std::fprintf(stderr, "egeot_fuzz: %s\n%s", what.c_str(), kUsage);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::printf("%s", kUsage);
      std::exit(0);
    }
    if (arg == "--in-process") {
      o.in_process = true;
      continue;
    }
    if (i + 1 >= argc) usage_error(arg + " needs a value (or is unknown)");
    const std::string value = argv[++i];
    try {
      if (arg == "--loader") {
        if (!find_loader(value)) usage_error("no loader '" + value + "'");
        o.loaders.push_back(value);
      } else if (arg == "--seconds") {
        o.seconds = std::stod(value);
      } else if (arg == "--cases") {
        o.cases = std::stoull(value);
      } else if (arg == "--seed") {
        o.seed = std::stoull(value);
      } else if (arg == "--case") {
        o.one_case = true;
        o.case_index = std::stoull(value);
      } else if (arg == "--first") {
        o.first = std::stoull(value);
      } else if (arg == "--dump") {
        o.dump = value;
      } else if (arg == "--corpus") {
        o.corpus = value;
      } else if (arg == "--case-timeout") {
        o.limits.case_seconds = std::stod(value);
      } else if (arg == "--memory-mb") {
        o.limits.memory_mb = std::stoll(value);
      } else if (arg == "--batch") {
        o.limits.batch = std::max<uint64_t>(1, std::stoull(value));
      } else if (arg == "--work") {
        o.work = value;
      } else if (arg == "--write-seeds") {
        o.write_seeds = value;
      } else {
        usage_error("unknown option " + arg);
      }
    } catch (const std::logic_error&) {
      usage_error(arg + ": not a number: " + value);
    }
  }
  if (o.loaders.empty()) {
    for (const auto& l : all_loaders()) o.loaders.push_back(l.name);
  }
  if (o.one_case && o.loaders.size() != 1) usage_error("--case needs exactly one --loader");
  if (!o.dump.empty() && !o.one_case) usage_error("--dump needs --case");
  if (o.in_process && !o.one_case && o.cases == UINT64_MAX) usage_error("--in-process needs --case or --cases");
  return o;
}

Bytes read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

// The committed seeds, then the generated ones, each in name order: case indices depend on it.
std::vector<Bytes> load_corpus(const std::string& loader, const std::vector<fs::path>& roots) {
  std::vector<Bytes> corpus;
  for (const auto& root : roots) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root / loader, ec)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) corpus.push_back(read_bytes(f));
  }
  return corpus;
}

void write_seeds(const std::string& dir) { write_generated_seeds(dir); }

// The limits a failure was seen under, when not the defaults.
std::string limit_flags(const Limits& limits) {
  const Limits defaults;
  std::string out;
  char text[64];
  if (limits.case_seconds != defaults.case_seconds) {
    std::snprintf(text, sizeof text, " --case-timeout %g", limits.case_seconds);
    out += text;
  }
  if (limits.memory_mb != defaults.memory_mb) out += " --memory-mb " + std::to_string(limits.memory_mb);
  return out;
}

std::string reproducer(const char* self, const std::string& loader, uint64_t seed, uint64_t index) {
  return std::string(self) + " --loader " + loader + " --seed " + std::to_string(seed) + " --case " +
         std::to_string(index);
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  const bool own_work = o.work.empty();
  if (own_work) {
    std::string pattern = (fs::temp_directory_path() / "egeot-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) usage_error("cannot make a scratch directory in " + fs::temp_directory_path().string());
    o.work = pattern;
  }
  fs::create_directories(o.work);
  o.work = fs::canonical(o.work).string();
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) fs::remove_all(dir, ec);
    }
  } cleanup{own_work ? o.work : ""};

  if (!o.write_seeds.empty()) {
    return run_in_child(o.work, write_seeds, o.write_seeds) ? 0 : 1;
  }
  std::vector<fs::path> roots = {o.corpus};
  const bool needs_generated = std::any_of(o.loaders.begin(), o.loaders.end(), [](const std::string& l) {
    return l == "checkpoint" || l == "torchscript" || l == "generator_dir" || l == "classifier_dir";
  });
  if (needs_generated) {
    const auto generated = fs::path(o.work) / "generated-seeds";
    if (!run_in_child(o.work, write_seeds, generated.string())) {
      std::fprintf(stderr, "egeot_fuzz: could not generate the checkpoint and TorchScript seeds\n");
      return 1;
    }
    roots.push_back(generated);
  }

  uint64_t failures = 0;
  for (const auto& name : o.loaders) {
    const Loader& loader = *find_loader(name);
    const auto corpus = load_corpus(name, roots);
    if (corpus.empty()) {
      std::fprintf(stderr, "egeot_fuzz: %s: no seed in %s/%s\n", name.c_str(), o.corpus.c_str(), name.c_str());
      return 1;
    }
    RunPlan plan;
    plan.seed = o.seed;
    plan.work_dir = o.work;
    plan.seconds = o.seconds;
    plan.max_cases = o.cases;
    plan.first_case = o.first;
    if (o.one_case) {
      const Bytes data = make_case(loader.shape, corpus, name, o.seed, o.case_index);
      if (!o.dump.empty()) {
        std::ofstream(o.dump, std::ios::binary).write(reinterpret_cast<const char*>(data.data()),
                                                      static_cast<std::streamsize>(data.size()));
        std::printf("%s case %llu (%zu bytes) written to %s\n", name.c_str(),
                    static_cast<unsigned long long>(o.case_index), data.size(), o.dump.c_str());
        return 0;
      }
      plan.first_case = o.case_index;
      plan.max_cases = 1;
      plan.seconds = 1e9;
    }
    if (o.in_process) {  // no child, no limits: for a debugger, one case or a batch
      prepare_process(o.work);
      const uint64_t last = plan.max_cases == UINT64_MAX ? plan.first_case : plan.first_case + plan.max_cases - 1;
      for (uint64_t i = plan.first_case; i <= last; ++i) {
        set_verbose(i == last);
        const Bytes data = make_case(loader.shape, corpus, name, o.seed, i);
        const int outcome = loader.harness(data.data(), data.size());
        if (i == last) {
          std::printf("%s case %llu: %s\n", name.c_str(), static_cast<unsigned long long>(i),
                      outcome == kLoaded ? "loaded" : "rejected with a one-line InputError");
        }
      }
      return 0;
    }
    LoaderRun run;
    try {
      run = run_loader(loader, corpus, plan, o.limits);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "egeot_fuzz: %s\n", e.what());
      return 1;
    }
    std::size_t crashes = 0, hangs = 0, unexpected = 0;
    for (const auto& f : run.failures) {
      (f.kind.rfind("hang", 0) == 0 ? hangs : f.kind.rfind("unexpected", 0) == 0 ? unexpected : crashes) += 1;
    }
    std::printf("%-12s cases %6llu  %5.1f s  loaded %5llu  rejected (InputError, one line) %6llu  "
                "crashes %zu  hangs %zu  unexpected %zu  slowest %.2f s (case %llu)  peak RSS %lld MB  "
                "address space %lld + %lld MB\n",
                name.c_str(), static_cast<unsigned long long>(run.cases), run.seconds,
                static_cast<unsigned long long>(run.loaded), static_cast<unsigned long long>(run.rejected),
                crashes, hangs, unexpected, run.slowest_case,
                static_cast<unsigned long long>(run.slowest_index), static_cast<long long>(run.peak_rss_mb),
                static_cast<long long>(run.base_vm_mb), static_cast<long long>(o.limits.memory_mb));
    if (run.seeds_rejected > 0) {
      std::printf("  FAIL %s: %llu of the unmutated seeds did not load (cases 0 to %zu; a broken harness or seed)\n",
                  name.c_str(), static_cast<unsigned long long>(run.seeds_rejected), corpus.size() - 1);
      ++failures;
    }
    for (const auto& f : run.failures) {
      const std::string batch = " --first " + std::to_string(f.batch_first) + " --cases " +
                                std::to_string(f.index - f.batch_first + 1) + " --batch 1000000";
      std::printf("  FAIL %s case %llu: %s%s\n    reproduce: %s\n",
                  name.c_str(), static_cast<unsigned long long>(f.index), f.kind.c_str(),
                  f.alone ? "" : " (only after the cases before it in its process)",
                  f.alone ? (reproducer(argv[0], name, o.seed, f.index) + limit_flags(o.limits) +
                             "  (--dump FILE: its bytes)").c_str()
                          : (std::string(argv[0]) + " --loader " + name + " --seed " + std::to_string(o.seed) +
                             batch + limit_flags(o.limits)).c_str());
      std::string indented = "    | " + f.output;
      for (size_t at = indented.find('\n'); at != std::string::npos; at = indented.find('\n', at + 1)) {
        indented.insert(at + 1, "    | ");
      }
      std::printf("%s\n", indented.c_str());
      ++failures;
    }
    std::fflush(stdout);
  }
  if (failures > 0) {
    std::printf("egeot_fuzz: %llu failure(s) (seed %llu)\n", static_cast<unsigned long long>(failures),
                static_cast<unsigned long long>(o.seed));
    return 1;
  }
  std::printf("egeot_fuzz: every case ended in a result or a one-line InputError (seed %llu)\n",
              static_cast<unsigned long long>(o.seed));
  return 0;
}
