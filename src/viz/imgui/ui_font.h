#pragma once
// The UI font: DejaVu Sans from fonts-dejavu-core (scripts/setup installs it) with the Greek
// and maths glyphs egeot's labels use (ε, π, ∼, ∇, ⁺, ⁻); ImGui's built-in font when the
// file is missing, which shows those glyphs as '?'.
#include <imgui.h>

namespace egeot::viz {

// Adds the font to io.Fonts at `pixels` size (the glyphs egeot uses, or `ranges`); true when
// DejaVu Sans was found.
bool load_ui_font(ImGuiIO& io, float pixels, const ImWchar* ranges = nullptr);

}  // namespace egeot::viz
