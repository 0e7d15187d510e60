#include "runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace egeot::fuzz {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kFuzzerFailed = 95;

// What a child tells its parent around each case (steady_clock is shared across fork).
struct Record {
  char tag;  // 'B': start-up done (rss_mb holds its address space), 'S': case started, 'E': ended
  int32_t outcome;
  uint64_t index;
  uint32_t micros;
  uint32_t rss_mb;
};

void send(int fd, const Record& r) {
  if (::write(fd, &r, sizeof r) != static_cast<ssize_t>(sizeof r)) ::_exit(97);
}

int64_t vm_size_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmSize:", 0) == 0) return std::atoll(line.c_str() + 7);
  }
  return 0;
}

void arm_timer(double seconds) {
  itimerval t{};
  t.it_value.tv_sec = static_cast<time_t>(seconds);
  t.it_value.tv_usec = static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6);
  ::setitimer(ITIMER_REAL, &t, nullptr);
}

// Redirects the child's stdout and stderr to log, so a failure can quote its last words.
void redirect_output(const std::string& log) {
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) ::_exit(96);
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  ::close(fd);
}

// Fixes the memory limit after start-up: LibTorch and the first harness call reserve address
// space of their own (measured, not guessed), and a case may add limits.memory_mb to it.
void limit_memory(const Loader& loader, const Limits& limits, int fd) {
  static const uint8_t nothing = 0;
  loader.harness(&nothing, 0);
  const int64_t base_kb = vm_size_kb();
  send(fd, {'B', 0, 0, 0, static_cast<uint32_t>(base_kb / 1024)});
  rlimit r{};
  r.rlim_cur = r.rlim_max = static_cast<rlim_t>((base_kb + limits.memory_mb * 1024) * 1024);
  ::setrlimit(RLIMIT_AS, &r);
}

// A mutator that fails is a bug of the fuzzer, not of a loader: reported apart.
Bytes make_case_or_exit(const Loader& loader, const std::vector<Bytes>& corpus, uint64_t seed, uint64_t i) {
  try {
    return make_case(loader.shape, corpus, loader.name, seed, i);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "egeot_fuzz: the mutator failed: %s\n", e.what());
    std::fflush(stderr);
    ::_exit(kFuzzerFailed);
  }
}

[[noreturn]] void child_main(const Loader& loader, const std::vector<Bytes>& corpus,
                             const RunPlan& plan, const Limits& limits, uint64_t from, uint64_t to,
                             Clock::time_point deadline, int fd, bool until_deadline) {
  prepare_process(plan.work_dir);
  limit_memory(loader, limits, fd);
  for (uint64_t i = from; i < to; ++i) {
    if (until_deadline && Clock::now() > deadline) break;
    send(fd, {'S', 0, i, 0, 0});
    const Bytes data = make_case_or_exit(loader, corpus, plan.seed, i);
    const auto start = Clock::now();
    arm_timer(limits.case_seconds);
    const int outcome = loader.harness(data.data(), data.size());
    arm_timer(0);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    send(fd, {'E', outcome, i, static_cast<uint32_t>(std::min(seconds * 1e6, 4e9)),
              static_cast<uint32_t>(usage.ru_maxrss / 1024)});
  }
  std::fflush(nullptr);
  ::_exit(0);
}

std::string tail(const std::string& path, size_t lines) {
  std::ifstream in(path, std::ios::binary);
  std::string text(std::istreambuf_iterator<char>(in), {});
  while (!text.empty() && text.back() == '\n') text.pop_back();
  size_t start = text.size();
  for (size_t n = 0; n < lines && start > 0; ++n) {
    const size_t newline = text.rfind('\n', start - 1);
    start = newline == std::string::npos ? 0 : newline;
  }
  std::string out = text.substr(start < text.size() && text[start] == '\n' ? start + 1 : start);
  if (out.size() > 3000) out = "..." + out.substr(out.size() - 3000);
  return out;
}

std::string describe(int status, const Limits& limits) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == kFuzzerFailed) {
    return "the fuzzer itself failed (a bug of tests/fuzz, not of the loader)";
  }
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status)) + " in the middle of a case";
  if (!WIFSIGNALED(status)) return "stopped";
  const int sig = WTERMSIG(status);
  char text[80];
  if (sig == SIGALRM) {
    std::snprintf(text, sizeof text, "hang (over %g s)", limits.case_seconds);
    return text;
  }
  if (sig == SIGABRT) return "unexpected outcome (abort)";
  if (sig == SIGKILL) return "killed (SIGKILL: out of memory?)";
  std::snprintf(text, sizeof text, "crash (SIG%s)", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
  return text;
}

struct ChildResult {
  bool clean = false;  // exited 0
  bool started = false;
  uint64_t open_case = 0;  // started, not ended: the case it died in
  uint64_t next = 0;       // the first case it did not run
  int status = 0;
};

ChildResult run_child(const Loader& loader, const std::vector<Bytes>& corpus, const RunPlan& plan,
                      const Limits& limits, uint64_t from, uint64_t to, Clock::time_point deadline,
                      bool until_deadline, LoaderRun* run, const std::string& log) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    redirect_output(log);
    try {
      child_main(loader, corpus, plan, limits, from, to, deadline, fds[1], until_deadline);
    } catch (const std::exception& e) {  // outside any harness: the fuzzer's own failure
      std::fprintf(stderr, "egeot_fuzz: %s\n", e.what());
    }
    std::fflush(nullptr);
    ::_exit(kFuzzerFailed);
  }
  ::close(fds[1]);
  ChildResult result;
  result.next = from;
  bool open = false;
  Record r{};
  while (::read(fds[0], &r, sizeof r) == static_cast<ssize_t>(sizeof r)) {
    if (r.tag == 'B') {
      if (run) run->base_vm_mb = std::max<int64_t>(run->base_vm_mb, r.rss_mb);
      continue;
    }
    if (r.tag == 'S') {
      open = true;
      result.started = true;
      result.open_case = r.index;
      continue;
    }
    open = false;
    result.next = r.index + 1;
    if (!run) continue;
    ++run->cases;
    if (r.index < corpus.size() && r.outcome != kLoaded) ++run->seeds_rejected;
    (r.outcome == kLoaded ? run->loaded : run->rejected) += 1;
    if (r.micros / 1e6 > run->slowest_case) {
      run->slowest_case = r.micros / 1e6;
      run->slowest_index = r.index;
    }
    run->peak_rss_mb = std::max<int64_t>(run->peak_rss_mb, r.rss_mb);
  }
  ::close(fds[0]);
  ::waitpid(pid, &result.status, 0);
  result.clean = WIFEXITED(result.status) && WEXITSTATUS(result.status) == 0 && !open;
  if (!open) result.started = false;
  return result;
}

}  // namespace

LoaderRun run_loader(const Loader& loader, const std::vector<Bytes>& corpus, const RunPlan& plan,
                     const Limits& limits) {
  LoaderRun run;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(plan.seconds));
  const uint64_t end = plan.max_cases == UINT64_MAX ? UINT64_MAX : plan.first_case + plan.max_cases;
  const std::string log = (fs::path(plan.work_dir) / (loader.name + ".log")).string();
  uint64_t next = plan.first_case;
  while (next < end && Clock::now() < deadline) {
    const uint64_t to = end - next > limits.batch ? next + limits.batch : end;
    const auto child = run_child(loader, corpus, plan, limits, next, to, deadline, true, &run, log);
    if (child.clean) {
      if (child.next == next) break;  // the deadline came before its first case
      next = child.next;
      continue;
    }
    if (!child.started) {
      throw std::runtime_error(loader.name + ": a child died outside any case (" +
                               describe(child.status, limits) + "):\n" + tail(log, 20));
    }
    Failure f;
    f.index = child.open_case;
    f.batch_first = next;
    f.kind = describe(child.status, limits);
    f.output = tail(log, 12);
    ++run.cases;
    // Alone in a fresh process: a failure that needs earlier cases is still a failure, but
    // its reproducer is then the whole batch.
    const auto again = run_child(loader, corpus, plan, limits, f.index, f.index + 1, deadline, false,
                                 nullptr, log + ".alone");
    f.alone = !again.clean && again.started;
    run.failures.push_back(std::move(f));
    next = child.open_case + 1;
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

bool run_in_child(const std::string& work_dir, void (*fn)(const std::string&), const std::string& arg) {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    try {
      prepare_process(work_dir);
      fn(arg);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "egeot_fuzz: %s\n", e.what());
      ::_exit(1);
    }
    std::fflush(nullptr);
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace egeot::fuzz
