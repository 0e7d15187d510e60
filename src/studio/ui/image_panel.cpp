#include "studio/ui/image_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace egeot::studio {
namespace {

const ImVec4 kDimColour(0.65f, 0.67f, 0.72f, 1.0f);
const ImVec4 kWarnColour(1.0f, 0.7f, 0.35f, 1.0f);
const ImU32 kSelectedColour = IM_COL32(255, 140, 40, 255);
const ImU32 kHoverColour = IM_COL32(230, 230, 230, 200);

// The largest width <= limit at which a tile `tile` pixels wide is drawn crisply: a whole
// multiple of it when one fits (nearest-neighbour magnification keeps pixels square), else
// scaled down.
float crisp(float limit, int tile) {
  if (tile <= 0) return std::max(8.0f, limit);
  if (limit >= float(tile)) return std::floor(limit / float(tile)) * float(tile);
  return std::max(8.0f, std::floor(limit));
}

float tile_aspect(const viz::TileAtlas* a) {
  return a && a->tile_width > 0 ? float(a->tile_height) / float(a->tile_width) : 1.0f;
}

HitRect hit_rect(ImVec2 a, ImVec2 b) { return {a.x, a.y, b.x, b.y}; }

// Tile i of a texture at the current cursor, as one item of size `size`.
void tile_image(const viz::AtlasTexture& t, int i, ImVec2 size) {
  float uv[4];
  t.atlas()->uv(i, uv);
  ImGui::Image(t.imgui_id(), size, ImVec2(uv[0], uv[1]), ImVec2(uv[2], uv[3]));
}

}  // namespace

void ImagePanel::draw(const Snapshot& s, const viz::Rect& area, HitRegions& hits,
                      TrainingWorker& worker) {
  if (!s.images) return;
  const ImageModeView& v = *s.images;
  gallery_.update(v.gallery);
  source_.update(v.source);
  translations_.update(v.translations);

  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoBackground |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::SetNextWindowPos(ImVec2(float(area.x0), float(area.y0)), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(float(area.width()), float(area.height())), ImGuiCond_Always);
  ImGui::Begin("images", nullptr, flags);
  status(s, v);

  // Sizes: the gallery takes about 40 % of the height, the translations the rest.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetFrameHeightWithSpacing();
  const float gallery_rows = float((v.per_page + 5) / 6);
  const float g_aspect = tile_aspect(gallery_.atlas());
  const int tile_w = gallery_.atlas() ? gallery_.atlas()->tile_width : 0;
  const float g = crisp(std::min((avail.x - 5 * style.ItemSpacing.x) / 6,
                                 (0.4f * avail.y - line) / gallery_rows / g_aspect -
                                     style.ItemSpacing.y),
                        tile_w);
  const float gallery_height = line + gallery_rows * (g * g_aspect + style.ItemSpacing.y);
  const float rest = avail.y - gallery_height - 2.5f * line;  // caption and progress bar
  // Translations: 4 columns beside a source twice their size.
  const float c = crisp(std::min((avail.x - 7 * style.ItemSpacing.x) / 6,
                                 rest / 4 / tile_aspect(translations_.atlas()) -
                                     style.ItemSpacing.y),
                        tile_w);
  gallery(v, g, hits, worker);
  ImGui::Separator();
  translations(v, c, hits);
  ImGui::End();
}

void ImagePanel::status(const Snapshot& s, const ImageModeView& v) {
  ImGui::Text("dataset: %s \xc2\xb7 %lld images", v.dataset.c_str(),
              static_cast<long long>(v.count));
  ImGui::PushStyleColor(ImGuiCol_Text, kDimColour);
  ImGui::TextWrapped("generator: %s", v.generator.c_str());
  ImGui::PopStyleColor();
  ImGui::TextColored(kDimColour, "device: %s", s.device.c_str());
  if (!v.message.empty()) ImGui::TextColored(kWarnColour, "%s", v.message.c_str());
}

void ImagePanel::gallery(const ImageModeView& v, float cell, HitRegions& hits,
                         TrainingWorker& worker) {
  ImGui::AlignTextToFramePadding();
  ImGui::Text("held-out sources x \xe2\x80\x94 click one to translate it");
  ImGui::SameLine();
  ImGui::BeginDisabled(v.page <= 0);
  if (ImGui::ArrowButton("##previous", ImGuiDir_Left)) worker.send(cmd::SetImagePage{v.page - 1});
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Text("page %d / %d", v.page + 1, std::max(1, v.pages));
  ImGui::SameLine();
  ImGui::BeginDisabled(v.page + 1 >= v.pages);
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) worker.send(cmd::SetImagePage{v.page + 1});
  ImGui::EndDisabled();

  hits.thumbnails.clear();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const viz::TileAtlas* a = gallery_.atlas();
  const ImVec2 size(cell, cell * tile_aspect(a));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int count = gallery_.ready() ? a->count : 0;
  for (int i = 0; i < count; ++i) {
    const int64_t index = v.first + i;
    if (i % 6 != 0) ImGui::SameLine();
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("##thumb", size)) worker.send(cmd::SelectImage{index});
    const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
    float uv[4];
    a->uv(i, uv);
    draw->AddImage(gallery_.imgui_id(), p0, p1, ImVec2(uv[0], uv[1]), ImVec2(uv[2], uv[3]));
    if (index == v.selected) {
      draw->AddRect(ImVec2(p0.x - 2, p0.y - 2), ImVec2(p1.x + 2, p1.y + 2), kSelectedColour, 0, 0,
                    2.5f);
    } else if (ImGui::IsItemHovered()) {
      draw->AddRect(p0, p1, kHoverColour);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("source #%lld", static_cast<long long>(index));
    hits.thumbnails.push_back({index, hit_rect(p0, p1)});
    ImGui::PopID();
  }
  // The gallery keeps its height on a short last page.
  const float rows = float((v.per_page + 5) / 6);
  const float height = rows * (size.y + ImGui::GetStyle().ItemSpacing.y);
  const float width = 6 * size.x + 5 * ImGui::GetStyle().ItemSpacing.x;
  hits.gallery = hit_rect(top, ImVec2(top.x + width, top.y + height - ImGui::GetStyle().ItemSpacing.y));
  ImGui::SetCursorScreenPos(top);
  ImGui::Dummy(ImVec2(width, height - ImGui::GetStyle().ItemSpacing.y));
}

void ImagePanel::translations(const ImageModeView& v, float cell, HitRegions& hits) {
  ImGui::Text("source #%lld and its translations G(z), z ~ \xcf\x80(\xc2\xb7|x) at \xce\xb5 = %.3g",
              static_cast<long long>(v.selected), v.eps);
  const int64_t shown = std::min(v.steps_run, v.steps_total);
  char label[96];
  std::snprintf(label, sizeof(label), "Langevin steps %lld / %lld", static_cast<long long>(shown),
                static_cast<long long>(v.steps_total));
  ImGui::ProgressBar(v.steps_total > 0 ? float(shown) / float(v.steps_total) : 0.0f,
                     ImVec2(ImGui::GetFontSize() * 16, 0), label);
  ImGui::SameLine();
  if (v.steps_run > v.steps_total) {
    ImGui::TextColored(kDimColour, "continuing with the training model (iteration %lld)",
                       static_cast<long long>(v.model_iteration));
  } else if (v.steps_run < v.steps_total) {
    ImGui::TextColored(kDimColour, "sampling\xe2\x80\xa6");
  } else {
    ImGui::TextColored(kDimColour, "done");
  }

  const ImGuiStyle& style = ImGui::GetStyle();
  const float aspect = tile_aspect(translations_.atlas() ? translations_.atlas() : source_.atlas());
  const ImVec2 size(cell, cell * aspect);
  if (source_.ready()) {
    ImGui::BeginGroup();
    const float large = 2 * size.x + style.ItemSpacing.x;  // as wide as two translations
    tile_image(source_, 0, ImVec2(large, large * aspect));
    hits.source = hit_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::TextColored(kDimColour, "x (source)");
    ImGui::EndGroup();
    ImGui::SameLine(0, 3 * style.ItemSpacing.x);
  }
  if (!translations_.ready()) {
    ImGui::TextColored(kDimColour, "starting the chains\xe2\x80\xa6");
    return;
  }
  ImGui::BeginGroup();
  const int columns = translations_.atlas()->columns;
  for (int i = 0; i < translations_.atlas()->count; ++i) {
    if (i % columns != 0) ImGui::SameLine();
    tile_image(translations_, i, size);
  }
  ImGui::EndGroup();
  hits.translations = hit_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

}  // namespace egeot::studio
