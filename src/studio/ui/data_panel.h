#pragma once
// The panel's "Your data" section: the brush (off, P or Q; erase; clear), a CSV or PNG file to
// load as P or Q, and "Train on drawn points", which writes the scene directory
// (user_scene.h) and has the trainer load it like any scene file; a refused file or scene is
// reported in the panel and the running model is kept.
#include "studio/protocol/snapshot.h"
#include "studio/ui/brush_tool.h"
#include "studio/ui/hit_regions.h"
#include "studio/ui/notice_log.h"
#include "studio/ui/user_scene.h"
#include "studio/worker/training_worker.h"

namespace egeot::studio {

class DataPanel {
 public:
  void draw(const Snapshot& s, BrushTool& brush, TrainingWorker& worker, NoticeLog& log,
            HitRegions& hits);
  // What P and Q will be when the user trains: drawn points follow the brush.
  const UserDistribution& side(BrushSide s) const { return s == BrushSide::kP ? p_ : q_; }

 private:
  // Points drawn since the last look make their side "drawn".
  void sync(const BrushTool& brush);
  bool train(const Snapshot& s, const BrushTool& brush, TrainingWorker& worker, NoticeLog& log);
  UserDistribution p_, q_;
  size_t seen_[2] = {0, 0};
  char file_[512] = "";
  char dir_[512] = "";
};

}  // namespace egeot::studio
