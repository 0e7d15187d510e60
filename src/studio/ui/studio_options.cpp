#include "studio/ui/studio_options.h"

#include "studio/protocol/layers.h"
#include "studio/ui/video_recorder.h"
#include "studio/worker/training_worker.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace egeot::studio {
namespace {

bool parse_point(const std::string& text, Point2* out) {
  double x = 0, y = 0;
  char comma = 0, rest = 0;
  std::istringstream in(text);
  if (!(in >> x >> comma >> y) || comma != ',' || (in >> rest) || !std::isfinite(x) ||
      !std::isfinite(y)) {
    return false;
  }
  *out = {x, y};
  return true;
}

}  // namespace

int parse_studio_options(int argc, char** argv, StudioOptions* o, bool* run) {
  *run = false;
  CLI::App app{
      "egeot-studio: train EgEOT live and see the model (energy landscapes, Langevin "
      "paths, conditional plans)"};
  std::string eps_text, size_text;
  std::vector<std::string> query_texts;
  app.add_option("--scene", o->scene, "Preset name or scene .json file")->capture_default_str();
  app.add_option("--eps", eps_text,
                 "Entropic regularisation eps > 0 (overrides the scene's; with --checkpoint: the "
                 "dial of an eps-conditioned model, else a warm start)");
  app.add_option("--checkpoint", o->checkpoint,
                 "Open this checkpoint directory (the CLI's format)");
  app.add_option("--watch", o->watch,
                 "Show the run directory of a training run (egeot train --out, also distributed) "
                 "read-only: its newest checkpoint and metrics.csv, reloaded as they land");
  app.add_option("SESSION_DIR", o->session,
                 "Open this session directory (saved with \"Save session\" or --save-session)");
  app.add_option("--save-session", o->save_session,
                 "At exit, save the session (scene, checkpoint, queries, layers, view) to this "
                 "directory");
  app.add_option("--sync", o->sync_steps,
                 "Synchronous mode: K training steps per frame, deterministic (tests)");
  app.add_option("--frames", o->frames, "Render N frames, then exit");
  app.add_option("--screenshot", o->screenshot, "Write the last frame to this PNG file");
  app.add_option("--dump-state", o->dump_state,
                 "At exit, write iteration, eps, query points and layer toggles to this JSON file");
  app.add_option("--bench-frames", o->bench_frames,
                 "Benchmark: render N frames while training, print the median frame time and "
                 "the training rate, exit");
  app.add_option("--size", size_text, "Window size WxH in screen coordinates (default 1280x800)");
  app.add_option("--query", query_texts, "Initial query point x,y (repeatable; default 0.5,0.5)");
  app.add_option("--heat", o->heat, "Heat map: energy E_x, density pi(.|x) or potential f")
      ->check(CLI::IsMember({"energy", "density", "potential"}))
      ->capture_default_str();
  std::string layer_keys;
  for (const auto& info : kLayers)
    layer_keys += (layer_keys.empty() ? "" : ", ") + std::string(info.key);
  app.add_option("--layers", o->layers,
                 "Layer toggles over the defaults: comma-separated keys, -key hides, +key or key "
                 "shows (" +
                     layer_keys + ")");
  app.add_flag("--paused", o->paused, "Start with training paused");
  bool no_vsync = false;
  app.add_flag("--no-vsync", no_vsync, "Do not wait for the display's refresh");
  app.add_option("--record", o->record,
                 "Record to this .mp4 or .gif file (through ffmpeg) from the first frame; with "
                 "--frames N, exactly N frames, then exit once the file is written");
  app.add_option("--record-area", o->record_area, "What --record and F9 record")
      ->check(CLI::IsMember({"window", "canvas"}))
      ->capture_default_str();
  app.add_option("--ui-scale", o->ui_scale, "UI scale (fonts and widgets) for projectors, 0.5-3")
      ->check(CLI::Range(0.5f, 3.0f));
  app.add_option("--theme", o->theme, "Panel theme")
      ->check(CLI::IsMember({"dark", "light"}))
      ->capture_default_str();
  app.add_option("--sampler", o->sampler,
                 "Kernel of the conditional views and the sampler diagnostics")
      ->check(CLI::IsMember({"ula", "mala", "hmc"}))
      ->capture_default_str();
  app.add_option("--sampler-step", o->sampler_step,
                 "Their step (MALA's proposal, HMC's leapfrog step); default: the scene's sigma")
      ->check(CLI::PositiveNumber);
  app.add_option("--leapfrog", o->leapfrog, "HMC's leapfrog steps per proposal, 1-50")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  app.add_flag("--canvas-only", o->canvas_only,
               "Start in presentation mode (P): the canvas alone, with eps and the iteration");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "egeot-studio: error: " << e.what() << " (see --help)\n";
    return 2;
  }
  o->vsync = !no_vsync;
  if (VideoFormat format{}; !o->record.empty() && !video_format_of(o->record, &format)) {
    std::cerr << "egeot-studio: error: --record '" << o->record
              << "': expected a file name ending in .mp4 or .gif\n";
    return 2;
  }
  if (!o->watch.empty()) {
    if (!o->checkpoint.empty() || !o->session.empty()) {
      std::cerr << "egeot-studio: error: --watch shows a run's own checkpoints: drop "
                << (o->session.empty() ? "--checkpoint" : "SESSION_DIR") << "\n";
      return 2;
    }
    if (const std::string problem = TrainingWorker::watch_problem(o->watch); !problem.empty()) {
      std::cerr << "egeot-studio: error: --watch " << problem << "\n";
      return 2;
    }
  }
  if (!o->session.empty()) {  // its model, queries and paused state; flags given still apply
    try {
      o->session_ui = read_session(o->session);
    } catch (const std::exception& e) {
      std::cerr << "egeot-studio: error: " << e.what() << "\n";
      return 2;
    }
    o->checkpoint = o->session + "/checkpoint";
    if (query_texts.empty()) o->queries = o->session_ui.ui.queries;
    if (!o->session_ui.playing) o->paused = true;
  }
  if (!eps_text.empty()) {
    char* end = nullptr;
    const double eps = std::strtod(eps_text.c_str(), &end);
    if (end && *end == 0 && std::isfinite(eps) && eps > 0) {
      o->eps = eps;
    } else {
      std::cerr << "egeot-studio: --eps '" << eps_text
                << "': expected a finite number > 0; using the scene's eps\n";
    }
  }
  if (!size_text.empty()) {
    int w = 0, h = 0;
    char x = 0;
    std::istringstream in(size_text);
    if ((in >> w >> x >> h) && (x == 'x' || x == 'X') && w >= 320 && h >= 240 && w <= 16384 &&
        h <= 16384) {
      o->width = w;
      o->height = h;
    } else {
      std::cerr << "egeot-studio: --size '" << size_text
                << "': expected WxH with W >= 320, H >= 240; using 1280x800\n";
    }
  }
  if (!query_texts.empty()) {
    o->queries.clear();
    for (const auto& text : query_texts) {
      Point2 p;
      if (parse_point(text, &p)) {
        o->queries.push_back(p);
      } else {
        std::cerr << "egeot-studio: --query '" << text << "': expected x,y; ignored\n";
      }
    }
  }
  if (!o->layers.empty()) {
    LayerToggles check;
    const std::string unknown = check.apply(o->layers);
    if (!unknown.empty()) {
      std::cerr << "egeot-studio: --layers: unknown layer '" << unknown << "' (expected "
                << layer_keys << "); ignored\n";
    }
  }
  for (auto* value : {&o->sync_steps, &o->frames, &o->bench_frames}) {
    if (*value < 0) {
      std::cerr << "egeot-studio: a negative count was given (--sync, --frames or "
                   "--bench-frames); using 0\n";
      *value = 0;
    }
  }
  *run = true;
  return 0;
}

}  // namespace egeot::studio
