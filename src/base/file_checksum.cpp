#include "base/file_checksum.h"

#include "base/error.h"
#include "base/json_fields.h"

#include <zlib.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace fs = std::filesystem;

namespace egeot {
namespace {

std::string hex8(uint32_t v) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(v));
  return text;
}

bool is_hex8(const std::string& s) {
  return s.size() == 8 && s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

}  // namespace

FileDigest digest_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw InputError(path + ": cannot read (" + std::strerror(errno) + ")");
  FileDigest d;
  uLong crc = ::crc32(0L, Z_NULL, 0);
  // zlib's crc32 takes a uInt length: chunks well below 4 GiB keep every file size exact.
  std::array<unsigned char, 1 << 16> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    crc = ::crc32(crc, buffer.data(), static_cast<uInt>(n));
    d.bytes += n;
  }
  if (std::ferror(file.get())) throw InputError(path + ": cannot read (I/O error)");
  d.crc32 = static_cast<uint32_t>(crc);
  return d;
}

nlohmann::json digest_files(const std::string& dir, const std::vector<std::string>& names) {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& name : names) {
    const auto d = digest_file((fs::path(dir) / name).string());
    files[name] = {{"bytes", d.bytes}, {"crc32", hex8(d.crc32)}};
  }
  return files;
}

CommittedFiles::CommittedFiles(const nlohmann::json& doc, std::string config_path,
                               std::string owner)
    : config_path_(std::move(config_path)),
      dir_(fs::path(config_path_).parent_path().string()),
      owner_(std::move(owner)) {
  if (!doc.is_object() || !doc.contains("files")) {
    note_ = config_path_ + " records no checksums (written by an older egeot); " + owner_ +
            "'s files are loaded unverified";
    return;
  }
  JsonFields root(doc, config_path_);
  const auto files = root.child("files");
  for (const auto& [name, entry] : files.raw().items()) {
    const auto fields = files.child(name);
    fields.integer("bytes", 0, int64_t{1} << 53);
    if (!is_hex8(fields.string("crc32"))) fields.fail("crc32", "8 hexadecimal digits");
  }
  files_ = files.raw();
  recorded_ = true;
}

void CommittedFiles::verify(const std::string& name) const {
  if (!recorded_) return;
  const std::string path = (fs::path(dir_) / name).string();
  if (!files_.contains(name)) {
    throw InputError(config_path_ + ": field 'files' has no entry for " + name +
                     " (expected the size and checksum of every file it names)");
  }
  const auto& entry = files_.at(name);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw InputError(path + ": missing (" + owner_ + " was written with it)");
  }
  const auto expected_bytes = entry.at("bytes").get<uint64_t>();
  const auto bytes = fs::file_size(path, ec);
  const std::string why = "the file is damaged or was changed after " + owner_ + " was written";
  if (!ec && bytes != expected_bytes) {
    throw InputError(path + ": size mismatch (" + std::to_string(bytes) + " bytes, " +
                     fs::path(config_path_).filename().string() + " records " +
                     std::to_string(expected_bytes) + ": " + why + ")");
  }
  const auto d = digest_file(path);
  auto recorded = entry.at("crc32").get<std::string>();
  for (auto& c : recorded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (d.bytes != expected_bytes || hex8(d.crc32) != recorded) {
    throw InputError(path + ": checksum mismatch (" + why + ")");
  }
}

}  // namespace egeot
