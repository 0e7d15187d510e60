#pragma once
// Notes: what a load wants the user to know that is not an error (a directory from an older
// egeot, loaded without its checksums verified). Loads deep inside others (a scene's
// generator, evaluation's classifier) cannot hand them back to the command that asked, so
// they go to one process-wide sink. The default sink prints each distinct note once to
// stderr as one line, "egeot: note: ...", and never changes an exit code.
#include <functional>
#include <string>

namespace egeot {

using NoteSink = std::function<void(const std::string&)>;

// Replaces the sink (an empty one restores the default) and returns the previous one.
NoteSink set_note_sink(NoteSink sink);

void emit_note(const std::string& text);

}  // namespace egeot
