#pragma once
// Typed, validated reads from JSON that name the file and the field in every error,
// e.g. "scenes/x.json: field 'sampler.steps': expected an integer >= 1, got -3".
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace egeot {

class JsonFields {
 public:
  // origin names the file (or "flag --x") for messages; path is the dotted prefix.
  JsonFields(const nlohmann::json& object, std::string origin, std::string path = "");

  bool has(const std::string& key) const;
  JsonFields child(const std::string& key) const;  // required object
  JsonFields child_or_empty(const std::string& key) const;

  std::string string(const std::string& key) const;
  bool boolean(const std::string& key) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;
  // The name of a file beside the JSON file: no '/', no control character, not "." or "..",
  // at most 255 bytes (messages quote it, and a config must not reach outside its directory).
  std::string file_name(const std::string& key) const;
  double number(const std::string& key, double min, double max) const;
  double number_or(const std::string& key, double fallback, double min, double max) const;
  // Bounds are inclusive unless exclusive_min is set (for quantities like eps > 0).
  double positive(const std::string& key) const;
  double positive_or(const std::string& key, double fallback) const;
  int64_t integer(const std::string& key, int64_t min, int64_t max) const;
  int64_t integer_or(const std::string& key, int64_t fallback, int64_t min, int64_t max) const;
  std::vector<int64_t> integers(const std::string& key, int64_t min, int64_t max) const;
  std::vector<std::vector<double>> matrix(const std::string& key) const;

  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;
  const nlohmann::json& raw() const { return object_; }
  std::string field(const std::string& key) const;

 private:
  const nlohmann::json& at(const std::string& key, const std::string& expected) const;
  nlohmann::json object_;
  std::string origin_;
  std::string path_;
};

// Parses a whole file; throws InputError naming the file if unreadable or not JSON.
nlohmann::json read_json_file(const std::string& path);

// True when dir/config.json is a readable JSON object whose "format" is `format`: how a cache
// tells a finished directory (generator, classifier) from anything else.
bool has_config_format(const std::string& dir, const std::string& format);

}  // namespace egeot
