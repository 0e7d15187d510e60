#pragma once
// A studio session on disk, the model's half: one directory holding session.json (the UI's
// part: queries, layers, view, colour map, playing; written by the UI's session_state),
// scene.json (the running scene in full, which `egeot train --scene` accepts), checkpoint/
// (the CLI's format) and data/ (copies of the data files the scene names). It is written
// into a temporary directory beside the target and swapped in only once complete, so a
// failed save leaves whatever session was there before untouched.
#include "core/train/egeot_trainer.h"

#include <string>

namespace egeot::studio {

constexpr const char* kSessionFile = "session.json";
constexpr const char* kSessionCheckpoint = "checkpoint";

// Throws InputError naming dir when it cannot be written, or when dir exists and is not a
// session (a non-empty directory without session.json is never replaced).
void write_session(const std::string& dir, const std::string& session_json, EgeotTrainer& trainer);

}  // namespace egeot::studio
