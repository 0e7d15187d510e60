#include "base/notes.h"

#include <iostream>
#include <mutex>
#include <set>

namespace egeot {
namespace {

// The studio's trainer thread loads checkpoints too.
std::mutex g_mutex;
NoteSink g_sink;

void print_once(const std::string& text) {
  // A scene's generator is loaded once per use; its note is worth one line per run.
  static std::set<std::string> printed;
  if (printed.insert(text).second) std::cerr << "egeot: note: " << text << "\n";
}

}  // namespace

NoteSink set_note_sink(NoteSink sink) {
  std::lock_guard<std::mutex> lock(g_mutex);
  std::swap(g_sink, sink);
  return sink;
}

void emit_note(const std::string& text) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_sink) {
    g_sink(text);
  } else {
    print_once(text);
  }
}

}  // namespace egeot
