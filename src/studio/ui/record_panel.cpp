#include "studio/ui/record_panel.h"

#include "studio/ui/theme.h"

#include <imgui.h>

#include <cstdio>
#include <filesystem>

namespace egeot::studio {
namespace {

const char* const kExtensions[] = {".mp4", ".gif"};

// recordings/egeot-N.EXT, the first N not taken; the folder is made for it.
std::string next_free_name(const char* extension) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories("recordings", ec);
  for (int k = 1;; ++k) {
    const std::string path = "recordings/egeot-" + std::to_string(k) + extension;
    if (!fs::exists(path, ec)) return path;
  }
}

}  // namespace

std::string RecordPanel::target() const {
  if (!path_[0]) return next_free_name(kExtensions[format_]);
  VideoFormat format{};
  if (video_format_of(path_, &format)) return path_;
  return std::string(path_) + kExtensions[format_];  // a bare name gets the chosen format
}

std::string RecordPanel::window_title(const ScreenRecording::Status& s) {
  char text[160] = "egeot studio";
  if (s.capturing) {
    std::snprintf(text, sizeof(text), "egeot studio \xe2\x80\x94 \xe2\x97\x8f REC %.1f s%s",
                  s.seconds, s.queued >= s.capacity && s.capacity > 0 ? " (encoder behind)" : "");
  } else if (s.finishing) {
    std::snprintf(text, sizeof(text),
                  "egeot studio \xe2\x80\x94 finishing the recording: %lld of %lld frames",
                  static_cast<long long>(s.written), static_cast<long long>(s.captured));
  }
  return text;
}

void RecordPanel::toggle(ScreenRecording& recording, NoticeLog& log) {
  if (recording.capturing()) {
    recording.stop();
  } else if (!recording.busy()) {
    recording.request(target(), area_, /*scripted=*/false, log);
  }
}

void RecordPanel::draw(ScreenRecording& recording, NoticeLog& log) {
  const bool idle = !recording.busy();
  if (!idle) ImGui::SetNextItemOpen(true);  // the progress shows while recording (F9 too)
  if (!ImGui::CollapsingHeader("Record")) return;
  const auto& colours = theme_colours();
  if (!idle) ImGui::BeginDisabled();
  ImGui::InputTextWithHint("file", "recordings/egeot-N.mp4", path_, sizeof(path_));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Empty: a new file under recordings/");
  // Picking a format renames the file's extension to match.
  for (int f = 0; f < 2; ++f) {
    if (f > 0) ImGui::SameLine();
    if (ImGui::RadioButton(f == 0 ? "MP4" : "GIF", &format_, f) && path_[0]) {
      const std::string p = std::filesystem::path(path_).replace_extension(kExtensions[f]).string();
      std::snprintf(path_, sizeof(path_), "%s", p.c_str());
    }
  }
  int area = static_cast<int>(area_);
  ImGui::SameLine();
  ImGui::RadioButton("window", &area, 0);
  ImGui::SameLine();
  ImGui::RadioButton("canvas", &area, 1);
  area_ = static_cast<RecordArea>(area);
  if (!idle) ImGui::EndDisabled();

  const auto s = recording.status();
  if (s.finishing) ImGui::BeginDisabled();  // a new recording waits for this file
  if (ImGui::Button(s.capturing ? "Stop (F9)" : "Record (F9)", ImVec2(ImGui::GetFontSize() * 7, 0)))
    toggle(recording, log);
  if (s.finishing) ImGui::EndDisabled();
  if (s.capturing) {
    ImGui::SameLine();
    ImGui::TextColored(colours.error, "\xe2\x97\x8f REC %.1f s", s.seconds);
    ImGui::TextColored(colours.dim, "%s  \xc2\xb7  %dx%d  \xc2\xb7  %lld frames", s.path.c_str(),
                       s.width, s.height, static_cast<long long>(s.captured));
  }
  if (s.capturing || s.finishing) {
    char label[96];
    std::snprintf(label, sizeof(label), "%lld written, %zu of %zu queued",
                  static_cast<long long>(s.written), s.queued, s.capacity);
    const float done = s.finishing ? float(s.written) / float(std::max<int64_t>(1, s.captured))
                                   : float(s.queued) / float(std::max<size_t>(1, s.capacity));
    if (s.finishing) ImGui::TextUnformatted("finishing the file\xe2\x80\xa6");
    ImGui::ProgressBar(done, ImVec2(-1, 0), label);
    if (s.capturing && (s.skipped > 0 || s.queued >= s.capacity)) {
      ImGui::TextColored(colours.warn, "encoder behind: %zu frames waiting, %lld skipped", s.queued,
                         static_cast<long long>(s.skipped));
    }
  }
}

}  // namespace egeot::studio
