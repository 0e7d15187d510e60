// egeot-studio: trains EgEOT live and draws what the model is. The loop is the frame.
#include "base/allocator.h"
#include "studio/ui/studio_app.h"
#include "studio/ui/studio_options.h"

int main(int argc, char** argv) {
  egeot::keep_freed_memory();
  egeot::studio::StudioOptions options;
  bool run = false;
  const int code = egeot::studio::parse_studio_options(argc, argv, &options, &run);
  if (!run) return code;
  egeot::studio::StudioApp app(options);
  if (!app.start()) return 1;
  while (app.frame()) {
  }
  return app.finish();
}
