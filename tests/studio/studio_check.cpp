// Checks for the studio smoke test, reading what egeot-studio wrote (--screenshot PNG and
// --dump-state JSON); no GL, no torch.
//   studio_check pixel STATE.json X,Y            window pixel of world point (X, Y)
//   studio_check frame FRAME.png STATE.json      heat map varies; source and target points
//                                                 drawn in their colours where P and Q are
//   studio_check queries STATE.json X,Y [X,Y..]  the dump's query points, 0.06 tolerance
//   studio_check ellipse FRAME.png STATE.json    the first query's closed-form 1-sigma
//                                                 ellipse is drawn where the dump says
//   studio_check sinkhorn FRAME.png STATE.json   Sinkhorn converged; its rings are drawn on
//                                                 the Swiss roll near the query
//   studio_check differ A.png B.png STATE.json   the canvases of two frames differ (mean
//                                                 absolute difference >= 4 of 255)
//   studio_check varied FRAME.png STATE.json KEY image mode: the rectangle images.KEY of the
//                                                 dump (e.g. gallery_rect) holds a picture,
//                                                 not a uniform fill
#include <stb/stb_image.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct View {
  double cx = 0, cy = 0, ppu = 1, vx0 = 0, vy0 = 0, vx1 = 0, vy1 = 0, fb_scale = 1;
  // window pixel <-> world, as egeot::viz::CanvasView defines them (y up in world)
  void to_window(double wx, double wy, double* px, double* py) const {
    *px = (vx0 + vx1) / 2 + (wx - cx) * ppu;
    *py = (vy0 + vy1) / 2 - (wy - cy) * ppu;
  }
  void to_world(double px, double py, double* wx, double* wy) const {
    *wx = cx + (px - (vx0 + vx1) / 2) / ppu;
    *wy = cy - (py - (vy0 + vy1) / 2) / ppu;
  }
};

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  return nlohmann::json::parse(in);
}

View read_view(const nlohmann::json& state) {
  const auto& v = state.at("view");
  View out;
  out.cx = v.at("center")[0];
  out.cy = v.at("center")[1];
  out.ppu = v.at("pixels_per_unit");
  out.vx0 = v.at("viewport")[0];
  out.vy0 = v.at("viewport")[1];
  out.vx1 = v.at("viewport")[2];
  out.vy1 = v.at("viewport")[3];
  out.fb_scale = v.at("framebuffer_scale");
  return out;
}

bool parse_point(const std::string& text, double* x, double* y) {
  return std::sscanf(text.c_str(), "%lf,%lf", x, y) == 2;
}

bool near_colour(const unsigned char* p, int r, int g, int b, int tol) {
  return std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol;
}

int fail(const std::string& why) {
  std::fprintf(stderr, "studio_check: FAIL: %s\n", why.c_str());
  return 1;
}

int check_frame(const std::string& png, const std::string& state_path) {
  const auto state = read_json(state_path);
  const View view = read_view(state);
  int w = 0, h = 0, n = 0;
  unsigned char* img = stbi_load(png.c_str(), &w, &h, &n, 3);
  if (!img) return fail(png + ": not a readable PNG");
  auto px = [&](int x, int y) { return img + 3 * (size_t(y) * w + x); };
  const double s = view.fb_scale;
  const int x0 = int(view.vx0 * s), x1 = int(view.vx1 * s), y0 = int(view.vy0 * s),
            y1 = int(view.vy1 * s);
  if (x1 > w || y1 > h || x1 - x0 < 100 || y1 - y0 < 100) return fail("canvas outside the image");

  // Heat map: sample a coarse lattice over the canvas; the landscape must not be flat.
  double sum = 0, sum2 = 0;
  int count = 0, distinct = 0;
  std::vector<int> seen;
  for (int y = y0 + 40; y < y1 - 40; y += 23) {
    for (int x = x0 + 40; x < x1 - 40; x += 23) {
      const unsigned char* p = px(x, y);
      const double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
      sum += l;
      sum2 += l * l;
      ++count;
      const int key = (p[0] / 16) << 8 | (p[1] / 16) << 4 | (p[2] / 16);
      bool found = false;
      for (int k : seen) found |= k == key;
      if (!found) {
        seen.push_back(key);
        ++distinct;
      }
    }
  }
  const double mean = sum / count, sd = std::sqrt(std::max(0.0, sum2 / count - mean * mean));
  std::printf("heat map: %d samples, luminance sd %.1f, %d distinct colours\n", count, sd,
              distinct);
  if (sd < 12 || distinct < 12) return fail("the heat map looks uniform");

  // Points by colour (the studio's palette): source orange, target pink.
  struct Tally {
    int total = 0, inner = 0, ring = 0, outer = 0;
    double sx = 0, sy = 0;
  } source, target;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = px(x, y);
      Tally* t = near_colour(p, 255, 140, 40, 30)   ? &source
                 : near_colour(p, 255, 70, 200, 30) ? &target
                                                    : nullptr;
      if (!t) continue;
      double wx = 0, wy = 0;
      view.to_world((x + 0.5) / s, (y + 0.5) / s, &wx, &wy);
      const double r = std::hypot(wx, wy);
      ++t->total;
      t->sx += wx;
      t->sy += wy;
      t->inner += r < 0.3;
      t->ring += r >= 0.3 && r <= 2.1;
      t->outer += r > 3.0;
    }
  }
  stbi_image_free(img);
  std::printf("source (orange) pixels %d: centroid (%.2f, %.2f), beyond r=3: %d\n", source.total,
              source.total ? source.sx / source.total : 0,
              source.total ? source.sy / source.total : 0, source.outer);
  std::printf("target (pink) pixels %d: in the roll's ring 0.3<=r<=2.1: %d, inside r<0.3: %d\n",
              target.total, target.ring, target.inner);
  if (source.total < 300) return fail("too few source-coloured pixels");
  if (std::hypot(source.sx / source.total, source.sy / source.total) > 0.4) {
    return fail("source points are not centred on the Gaussian's mean (0, 0)");
  }
  if (source.outer > source.total / 20) return fail("source points far outside N(0, I)");
  if (target.total < 300) return fail("too few target-coloured pixels");
  if (target.ring < 0.9 * target.total) return fail("target points outside the Swiss roll");
  if (target.inner > target.total / 50) return fail("target points in the roll's empty centre");
  return 0;
}

int check_queries(const std::string& state_path, const std::vector<std::string>& expected) {
  const auto state = read_json(state_path);
  const auto& q = state.at("queries");
  std::printf("queries in %s: %s\n", state_path.c_str(), q.dump().c_str());
  if (q.size() != expected.size()) {
    return fail("expected " + std::to_string(expected.size()) + " query points, got " +
                std::to_string(q.size()));
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    double x = 0, y = 0;
    if (!parse_point(expected[i], &x, &y)) return fail("bad point " + expected[i]);
    const double dx = double(q[i][0]) - x, dy = double(q[i][1]) - y;
    if (std::hypot(dx, dy) > 0.06) {
      return fail("query " + std::to_string(i) + " is " + q[i].dump() + ", expected near " +
                  expected[i]);
    }
  }
  return 0;
}

struct Image {
  int w = 0, h = 0;
  unsigned char* data = nullptr;
  explicit Image(const std::string& png) {
    int n = 0;
    data = stbi_load(png.c_str(), &w, &h, &n, 3);
    if (!data) throw std::runtime_error(png + ": not a readable PNG");
  }
  ~Image() { stbi_image_free(data); }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  const unsigned char* at(int x, int y) const { return data + 3 * (size_t(y) * w + x); }
};

// The first query's colour in the studio's palette (red).
bool query_colour(const unsigned char* p) {
  return near_colour(p, 255, 50, 50, 45);
}

int check_ellipse(const std::string& png, const std::string& state_path) {
  const auto state = read_json(state_path);
  const View view = read_view(state);
  const auto& forms = state.at("truth").at("closed_form");
  if (forms.empty()) return fail("the dump has no closed-form conditional");
  const double mx = forms[0].at("mean")[0], my = forms[0].at("mean")[1];
  const double a = forms[0].at("cov")[0], b = forms[0].at("cov")[1], c = forms[0].at("cov")[2];
  if (!(a > 0) || !(a * c - b * b > 0)) return fail("the closed-form covariance is not positive");
  // The 1-sigma contour as mean + L (cos t, sin t), L the Cholesky factor of the covariance
  // (independent of how the studio parametrises it).
  const double l11 = std::sqrt(a), l21 = b / l11, l22 = std::sqrt(c - l21 * l21);
  const Image img(png);
  const double s = view.fb_scale;
  int hits = 0, total = 0;
  for (int i = 0; i < 90; ++i) {
    const double t = 2 * M_PI * i / 90;
    const double wx = mx + l11 * std::cos(t), wy = my + l21 * std::cos(t) + l22 * std::sin(t);
    double px = 0, py = 0;
    view.to_window(wx, wy, &px, &py);
    const int cx = int(px * s), cy = int(py * s);
    if (cx < 3 || cy < 3 || cx >= img.w - 3 || cy >= img.h - 3) continue;
    ++total;
    bool found = false;
    for (int dy = -3; dy <= 3 && !found; ++dy) {
      for (int dx = -3; dx <= 3 && !found; ++dx) found = query_colour(img.at(cx + dx, cy + dy));
    }
    hits += found;
  }
  // Half way between the mean and the contour nothing is drawn: a contour, not a blob.
  double px = 0, py = 0;
  view.to_window(mx + 0.5 * l11, my + 0.5 * l21, &px, &py);
  const bool hollow = !query_colour(img.at(int(px * s), int(py * s)));
  std::printf("closed-form ellipse: mean (%.3f, %.3f), %d of %d contour points drawn, %s inside\n",
              mx, my, hits, total, hollow ? "hollow" : "filled");
  if (total < 60) return fail("the ellipse is mostly outside the image");
  if (hits < 0.85 * total) return fail("the 1-sigma ellipse is not drawn where the dump says");
  if (!hollow) return fail("the ellipse's inside is painted");
  return 0;
}

int check_sinkhorn(const std::string& png, const std::string& state_path) {
  const auto state = read_json(state_path);
  const View view = read_view(state);
  const auto& k = state.at("truth").at("sinkhorn");
  std::printf("sinkhorn: %s\n", k.dump().c_str());
  if (k.at("state") != "ready") return fail("the Sinkhorn reference is not ready");
  if (!k.at("converged").get<bool>() || !(k.at("marginal_error").get<double>() < 1e-3)) {
    return fail("the Sinkhorn reference did not converge");
  }
  if (k.at("atoms").get<int>() < 5) return fail("too few Sinkhorn atoms for the query");
  const double qx = state.at("queries")[0][0], qy = state.at("queries")[0][1];
  const Image img(png);
  const double s = view.fb_scale;
  const int x0 = int(view.vx0 * s), x1 = int(view.vx1 * s), y0 = int(view.vy0 * s),
            y1 = int(view.vy1 * s);
  int total = 0, ring = 0, near = 0;
  for (int y = y0; y < std::min(y1, img.h); ++y) {
    for (int x = x0; x < std::min(x1, img.w); ++x) {
      if (!query_colour(img.at(x, y))) continue;
      double wx = 0, wy = 0;
      view.to_world((x + 0.5) / s, (y + 0.5) / s, &wx, &wy);
      const double r = std::hypot(wx, wy);
      ++total;
      ring += r >= 0.25 && r <= 2.2;
      near += std::hypot(wx - qx, wy - qy) < 1.5;
    }
  }
  std::printf("sinkhorn rings: %d pixels, on the roll %d, within 1.5 of x %d\n", total, ring, near);
  if (total < 100) return fail("the Sinkhorn rings are not drawn");
  if (ring < 0.9 * total) return fail("Sinkhorn's atoms are off the Swiss roll");
  if (near < 0.9 * total) return fail("Sinkhorn's conditional is not near its query");
  return 0;
}

int check_differ(const std::string& a_png, const std::string& b_png, const std::string& state_path) {
  const View view = read_view(read_json(state_path));
  int w = 0, h = 0, n = 0, w2 = 0, h2 = 0;
  unsigned char* a = stbi_load(a_png.c_str(), &w, &h, &n, 3);
  unsigned char* b = stbi_load(b_png.c_str(), &w2, &h2, &n, 3);
  if (!a || !b) return fail("not readable PNGs: " + a_png + ", " + b_png);
  if (w != w2 || h != h2) return fail("the two frames differ in size");
  const double s = view.fb_scale;
  const int x0 = int(view.vx0 * s), x1 = std::min(w, int(view.vx1 * s));
  const int y0 = int(view.vy0 * s), y1 = std::min(h, int(view.vy1 * s));
  double sum = 0;
  long count = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      for (int c = 0; c < 3; ++c) sum += std::abs(int(a[3 * (size_t(y) * w + x) + c]) - b[3 * (size_t(y) * w + x) + c]);
      count += 3;
    }
  }
  stbi_image_free(a);
  stbi_image_free(b);
  const double mean = count ? sum / count : 0;
  std::printf("studio_check: canvases differ by %.2f of 255 on average\n", mean);
  return mean >= 4.0 ? 0 : fail("the canvas did not change");
}

// Two frames of one studio state (a session saved, then reopened): the canvas must be the same
// to the byte. Both are drawn by the same binary and GL from the same model, view and grid, so
// nothing but a difference in what is drawn can change a pixel; the count and the largest
// difference are printed to show what differs when it fails.
int check_same(const std::string& a_png, const std::string& b_png, const std::string& state_path) {
  const View view = read_view(read_json(state_path));
  const Image a(a_png), b(b_png);
  if (a.w != b.w || a.h != b.h) return fail("the two frames differ in size");
  const double s = view.fb_scale;
  const int x0 = std::max(0, int(view.vx0 * s)), x1 = std::min(a.w, int(view.vx1 * s));
  const int y0 = std::max(0, int(view.vy0 * s)), y1 = std::min(a.h, int(view.vy1 * s));
  long differing = 0;
  int largest = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = a.at(x, y);
      const unsigned char* q = b.at(x, y);
      int d = 0;
      for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(p[c]) - int(q[c])));
      differing += d > 0;
      largest = std::max(largest, d);
    }
  }
  std::printf("studio_check: %ld of %ld canvas pixels differ (largest difference %d of 255)\n",
              differing, long(x1 - x0) * (y1 - y0), largest);
  return differing == 0 ? 0 : fail("the canvases are not the same");
}

// Image mode: the dump's rectangle images.<key> must show varied pixels (thumbnails or
// translations), not the background or one flat colour.
int check_varied(const std::string& png, const std::string& state_path, const std::string& key) {
  const auto state = read_json(state_path);
  const View view = read_view(state);
  const auto& r = state.at("images").at(key);
  const Image img(png);
  const double s = view.fb_scale;
  const int x0 = std::max(0, int(double(r[0]) * s)), y0 = std::max(0, int(double(r[1]) * s));
  const int x1 = std::min(img.w, int(double(r[2]) * s)), y1 = std::min(img.h, int(double(r[3]) * s));
  if (x1 - x0 < 20 || y1 - y0 < 20) return fail(key + " " + r.dump() + " is empty or off the image");
  double sum = 0, sum2 = 0;
  long count = 0;
  std::vector<int> seen;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = img.at(x, y);
      const double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
      sum += l;
      sum2 += l * l;
      ++count;
      const int level = int(l) / 8;
      if (std::find(seen.begin(), seen.end(), level) == seen.end()) seen.push_back(level);
    }
  }
  const double mean = sum / count, sd = std::sqrt(std::max(0.0, sum2 / count - mean * mean));
  std::printf("%s %dx%d: luminance mean %.1f, sd %.1f, %zu of 32 grey levels\n", key.c_str(),
              x1 - x0, y1 - y0, mean, sd, seen.size());
  if (sd < 15 || seen.size() < 8) return fail(key + " looks uniform");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "pixel" && argc == 4) {
      double wx = 0, wy = 0, x = 0, y = 0;
      if (!parse_point(argv[3], &wx, &wy)) return fail("bad point");
      read_view(read_json(argv[2])).to_window(wx, wy, &x, &y);
      std::printf("%d %d\n", int(std::lround(x)), int(std::lround(y)));
      return 0;
    }
    if (cmd == "frame" && argc == 4) return check_frame(argv[2], argv[3]);
    if (cmd == "ellipse" && argc == 4) return check_ellipse(argv[2], argv[3]);
    if (cmd == "sinkhorn" && argc == 4) return check_sinkhorn(argv[2], argv[3]);
    if (cmd == "differ" && argc == 5) return check_differ(argv[2], argv[3], argv[4]);
    if (cmd == "varied" && argc == 5) return check_varied(argv[2], argv[3], argv[4]);
    if (cmd == "same" && argc == 5) return check_same(argv[2], argv[3], argv[4]);
    if (cmd == "queries" && argc >= 3) {
      return check_queries(argv[2], std::vector<std::string>(argv + 3, argv + argc));
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  std::fprintf(stderr,
               "usage: studio_check pixel STATE X,Y | frame PNG STATE | queries STATE X,Y... | "
               "ellipse PNG STATE | sinkhorn PNG STATE | differ PNG PNG STATE | varied PNG STATE KEY | same PNG PNG STATE\n");
  return 2;
}
