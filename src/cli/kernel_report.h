#pragma once
// What a sampling command says about a Metropolis-corrected kernel after it ran: its mean
// acceptance on stderr, and a warning when acceptance collapsed (the chains then sit near
// their starts and are no samples of pi). Nothing for ULA.
#include "core/model/egeot_model.h"

#include <string>

namespace egeot::cli {

// Takes the model's kernel report; `command` prefixes the lines ("egeot sample").
void print_kernel_report(EgeotModel& model, const std::string& command);

}  // namespace egeot::cli
