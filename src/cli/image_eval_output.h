#pragma once
// How `egeot eval` shows an image scene's report: a table for people, or JSON.
#include "eval/image_evaluation.h"

#include <nlohmann/json.hpp>

#include <string>

namespace egeot::cli {

void print_image_eval(const ImageEvalReport& r, const std::string& dir);
nlohmann::json image_eval_to_json(const ImageEvalReport& r);

}  // namespace egeot::cli
