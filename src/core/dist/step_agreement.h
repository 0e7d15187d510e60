#pragma once
// Ranks must stop together: a step that diverged on one rank (its chains left the data, say)
// or a stop asked on one (Ctrl-C) ends the run on all, or the others would wait in the next
// all-reduce until the timeout. One small MAX all-reduce per step carries the flags.
#include "core/dist/process_group.h"

#include <string>

namespace egeot {

struct StepAgreement {
  int diverged_rank = -1;  // the lowest rank whose step diverged, -1 when none did
  bool stop = false;       // some rank asked to stop
};

// Every rank calls it after each step with its own flags and gets the same answer.
StepAgreement agree_on_step(ProcessGroup& group, bool diverged, bool stop);

// The diverged rank leaves its one-line message here for rank 0 to print.
void publish_divergence(ProcessGroup& group, const std::string& message);
std::string divergence_of(ProcessGroup& group, int rank);

}  // namespace egeot
