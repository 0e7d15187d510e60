#include "base/weights_size.h"

#include "base/error.h"

#include <filesystem>
#include <sstream>

namespace egeot {

void check_weights_can_hold(const std::string& weights, double parameters, const std::string& config) {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(weights, ec);
  // Twice the file's float32 capacity: an honest mismatch (another width) is left to the
  // tensor-by-tensor check, whose message names the tensor; a claim far beyond the file is not.
  if (ec || 2.0 * static_cast<double>(bytes) >= 4.0 * parameters) return;
  std::ostringstream message;
  message << weights << ": " << bytes << " bytes, too few for the " << parameters
          << " parameters the network in " << config << " has (the file or its config.json is damaged)";
  throw InputError(message.str());
}

}  // namespace egeot
