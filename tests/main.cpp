// doctest's main, plus a guard: a run that executes tests but counts no assertion fails,
// since that is what a glog CHECK shadowing doctest's looks like.
#define DOCTEST_CONFIG_IMPLEMENT
#include "test_prelude.h"

#include "base/allocator.h"
#include "core/nets/device.h"

#include <atomic>
#include <cstdio>
#include <filesystem>

namespace {

std::atomic<int> g_asserts{0};
std::atomic<int> g_cases{0};

struct AssertCounter : doctest::IReporter {
  explicit AssertCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override {
    g_asserts = stats.numAsserts;
    g_cases = stats.numTestCasesPassingFilters;
  }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("assert-counter", 1, AssertCounter);

}  // namespace

namespace egeot::test {

std::string temp_dir(const std::string& name) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("egeot-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

}  // namespace egeot::test

int main(int argc, char** argv) {
  egeot::keep_freed_memory();
  egeot::configure_cpu_threads();
  doctest::Context context(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) return rc;
  if (g_cases > 0 && g_asserts == 0) {
    std::fprintf(stderr, "error: %d test cases ran but no assertion was counted "
                         "(is glog's CHECK shadowing doctest's?)\n", g_cases.load());
    return 1;
  }
  std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                              ("egeot-test-" + std::to_string(::getpid())));
  return rc;
}
