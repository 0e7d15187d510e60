#include "base/json_fields.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace egeot {
namespace {

constexpr int kMaxJsonDepth = 128;

std::string shown(const nlohmann::json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

// Control characters (a quoted line break) replaced, and cut to at most max characters.
std::string one_line(std::string text, size_t max) {
  for (auto& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (text.size() > max) text = text.substr(0, max - 3) + "...";
  return text;
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

JsonFields::JsonFields(const nlohmann::json& object, std::string origin, std::string path)
    : object_(object), origin_(std::move(origin)), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw InputError(origin_ + (path_.empty() ? "" : ": field '" + one_line(path_, 80) + "'") +
                     ": expected a JSON object, got " + shown(object_));
  }
}

std::string JsonFields::field(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void JsonFields::fail(const std::string& key, const std::string& expected) const {
  std::string got = has(key) ? ", got " + shown(object_.at(key)) : ", but it is missing";
  // Keys come from the file: one may be long or hold a line break.
  throw InputError(origin_ + ": field '" + one_line(field(key), 80) + "': expected " + expected + got);
}

bool JsonFields::has(const std::string& key) const {
  return object_.contains(key);
}

const nlohmann::json& JsonFields::at(const std::string& key, const std::string& expected) const {
  auto it = object_.find(key);
  if (it == object_.end()) fail(key, expected);
  return *it;
}

JsonFields JsonFields::child(const std::string& key) const {
  const auto& value = at(key, "an object");
  if (!value.is_object()) fail(key, "an object");
  return JsonFields(value, origin_, field(key));
}

JsonFields JsonFields::child_or_empty(const std::string& key) const {
  if (!has(key)) return JsonFields(nlohmann::json::object(), origin_, field(key));
  return child(key);
}

std::string JsonFields::string(const std::string& key) const {
  const auto& value = at(key, "a string");
  if (!value.is_string()) fail(key, "a string");
  return value.get<std::string>();
}

bool JsonFields::boolean(const std::string& key) const {
  const auto& value = at(key, "true or false");
  if (!value.is_boolean()) fail(key, "true or false");
  return value.get<bool>();
}

std::string JsonFields::file_name(const std::string& key) const {
  const std::string name = string(key);
  const bool plain = !name.empty() && name.size() <= 255 && name != "." && name != ".." &&
                     std::none_of(name.begin(), name.end(), [](char c) {
                       return c == '/' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                     });
  if (!plain) fail(key, "the name of a file in the same directory");
  return name;
}

std::string JsonFields::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

double JsonFields::number(const std::string& key, double min, double max) const {
  std::string range = "a number in [" + number_text(min) + ", " + number_text(max) + "]";
  const auto& value = at(key, range);
  if (!value.is_number()) fail(key, range);
  double v = value.get<double>();
  if (!std::isfinite(v) || v < min || v > max) fail(key, range);
  return v;
}

double JsonFields::number_or(const std::string& key, double fallback, double min,
                             double max) const {
  return has(key) ? number(key, min, max) : fallback;
}

double JsonFields::positive(const std::string& key) const {
  const auto& value = at(key, "a finite number > 0");
  if (!value.is_number()) fail(key, "a finite number > 0");
  double v = value.get<double>();
  if (!std::isfinite(v) || v <= 0) fail(key, "a finite number > 0");
  return v;
}

double JsonFields::positive_or(const std::string& key, double fallback) const {
  return has(key) ? positive(key) : fallback;
}

int64_t JsonFields::integer(const std::string& key, int64_t min, int64_t max) const {
  std::string range = "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  const auto& value = at(key, range);
  if (!value.is_number_integer()) fail(key, range);
  auto v = value.get<int64_t>();
  if (v < min || v > max) fail(key, range);
  return v;
}

int64_t JsonFields::integer_or(const std::string& key, int64_t fallback, int64_t min,
                               int64_t max) const {
  return has(key) ? integer(key, min, max) : fallback;
}

std::vector<int64_t> JsonFields::integers(const std::string& key, int64_t min, int64_t max) const {
  std::string expected =
      "a non-empty list of integers in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  const auto& value = at(key, expected);
  if (!value.is_array() || value.empty()) fail(key, expected);
  std::vector<int64_t> out;
  for (const auto& item : value) {
    if (!item.is_number_integer()) fail(key, expected);
    auto v = item.get<int64_t>();
    if (v < min || v > max) fail(key, expected);
    out.push_back(v);
  }
  return out;
}

std::vector<std::vector<double>> JsonFields::matrix(const std::string& key) const {
  const std::string expected = "a square matrix (list of equal-length lists of finite numbers)";
  const auto& value = at(key, expected);
  if (!value.is_array() || value.empty()) fail(key, expected);
  std::vector<std::vector<double>> rows;
  for (const auto& row : value) {
    if (!row.is_array() || row.size() != value.size()) fail(key, expected);
    std::vector<double> r;
    for (const auto& item : row) {
      if (!item.is_number() || !std::isfinite(item.get<double>())) fail(key, expected);
      r.push_back(item.get<double>());
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open (does it exist and is it readable?)");
  // nlohmann's parser does not recurse, but copying a document and dumping it (as error
  // messages quote values) do: 100000 nested '[' overflowed the stack. egeot's files nest a
  // few levels.
  const auto shallow = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxJsonDepth) {
      throw InputError(path + ": not valid JSON for egeot (nested deeper than " +
                       std::to_string(kMaxJsonDepth) + " levels)");
    }
    return true;
  };
  try {
    return nlohmann::json::parse(in, shallow);
  } catch (const nlohmann::json::exception& e) {
    // Parse errors, and out_of_range for a number such as 1e400; the message quotes the
    // input it last read, which can be long and hold line breaks.
    std::string what = e.what();
    const auto pos = what.find("parse error");
    if (pos != std::string::npos) what = what.substr(pos);
    throw InputError(path + ": not valid JSON (" + one_line(what, 160) + ")");
  }
}

bool has_config_format(const std::string& dir, const std::string& format) {
  const std::string path = dir + "/config.json";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  try {
    const auto doc = read_json_file(path);
    return doc.is_object() && doc.value("format", "") == format;
  } catch (const InputError&) {
    return false;
  }
}

}  // namespace egeot
