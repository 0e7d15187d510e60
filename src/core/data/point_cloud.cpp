#include "core/data/point_cloud.h"

#include "base/error.h"

#include <torch/torch.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace egeot {
namespace {

// Far above any drawing or export a user would train on, and bounds what a file can allocate.
constexpr int64_t kMaxPoints = int64_t{1} << 24;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    out.push_back(
        trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

// A whole field as a number (strtod accepts "nan" and "inf": the caller checks finiteness).
bool parse_number(const std::string& field, double* value) {
  if (field.empty()) return false;
  errno = 0;
  char* end = nullptr;
  *value = std::strtod(field.c_str(), &end);
  return end == field.c_str() + field.size() && errno != ERANGE;
}

// A field as a message quotes it: shortened, control characters shown as '?' (one line).
std::string quoted(const std::string& field) {
  std::string shown = field.size() > 40 ? field.substr(0, 40) + "..." : field;
  for (auto& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return "'" + shown + "'";
}

}  // namespace

PointCloud::PointCloud(torch::Tensor points, double bandwidth, std::string name)
    : points_(std::move(points)), bandwidth_(bandwidth), name_(std::move(name)) {
  TORCH_CHECK(points_.dim() == 2 && points_.size(0) >= 2,
              "PointCloud: expected [n >= 2, d] points");
}

torch::Tensor PointCloud::sample(int64_t n) const {
  auto rows = torch::randint(points_.size(0), {n}, torch::kLong);
  auto out = points_.index_select(0, rows);
  if (bandwidth_ > 0) out = out + bandwidth_ * torch::randn_like(out);
  return out;
}

torch::Tensor read_point_csv(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw InputError(path + ": cannot read the points (no such file)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the points (permission denied?)");
  std::vector<float> values;
  std::string line;
  int64_t row = 0;
  bool seen_data = false;
  while (std::getline(in, line)) {
    ++row;
    const std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    const auto fields = split_fields(text);
    std::vector<double> numbers(fields.size());
    size_t numeric = 0;
    for (size_t k = 0; k < fields.size(); ++k) numeric += parse_number(fields[k], &numbers[k]);
    // The first row may name the columns ("x,y"); a name is anything that is not a number.
    if (!seen_data && numeric == 0 && fields.size() == 2) {
      seen_data = true;
      continue;
    }
    seen_data = true;
    const std::string where = path + ": row " + std::to_string(row);
    if (fields.size() != 2) {
      throw InputError(where + ": expected 2 columns (x,y), got " + std::to_string(fields.size()));
    }
    for (size_t k = 0; k < 2; ++k) {
      const std::string column = where + ", column " + std::to_string(k + 1);
      if (!parse_number(fields[k], &numbers[k])) {
        throw InputError(column + ": expected a number, got " + quoted(fields[k]));
      }
      if (!std::isfinite(numbers[k]) || std::abs(numbers[k]) > 3.4e38) {
        throw InputError(column + ": expected a finite number, got " + quoted(fields[k]));
      }
      values.push_back(static_cast<float>(numbers[k]));
    }
    if (static_cast<int64_t>(values.size()) / 2 > kMaxPoints) {
      throw InputError(where + ": more than " + std::to_string(kMaxPoints) + " points");
    }
  }
  if (in.bad()) throw InputError(path + ": read error");
  const int64_t n = static_cast<int64_t>(values.size()) / 2;
  if (n < 2) {
    throw InputError(path + ": expected at least 2 points (rows of x,y), got " + std::to_string(n));
  }
  return torch::from_blob(values.data(), {n, 2}, torch::kFloat32).clone();
}

}  // namespace egeot
