#include "viz/imgui/ui_font.h"

#include <filesystem>

namespace egeot::viz {

bool load_ui_font(ImGuiIO& io, float pixels, const ImWchar* ranges) {
  // Latin-1, Greek, general punctuation, super/subscripts, arrows, maths operators.
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000, 0x206F, 0x2070,
                                    0x209F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0};
  for (const char* path :
       {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"}) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) &&
        io.Fonts->AddFontFromFileTTF(path, pixels, nullptr, ranges ? ranges : kRanges)) {
      return true;
    }
  }
  ImFontConfig config;
  config.SizePixels = pixels;
  io.Fonts->AddFontDefault(&config);
  return false;
}

}  // namespace egeot::viz
