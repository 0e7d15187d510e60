#pragma once
// The byte size and CRC-32 of each file a config.json commits (a checkpoint's weights,
// optimiser state and chains; a generator's or a classifier's weights), recorded when the
// directory is written and checked before torch reads a file, so a truncated or damaged file
// is refused by name instead of being read as other numbers. CRC-32 detects accidental damage
// (a torn copy, a failing disk, a file swapped by hand); it is no defence against deliberate
// tampering, since anyone can make a file with a chosen CRC-32.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace egeot {

struct FileDigest {
  uint64_t bytes = 0;
  uint32_t crc32 = 0;
};

// Reads the file in fixed-size chunks, so memory stays bounded whatever its size; InputError
// naming path when it cannot be read.
FileDigest digest_file(const std::string& path);

// config.json's "files" object for `names` in dir: {"name": {"bytes": N, "crc32": "8 hex"}}.
nlohmann::json digest_files(const std::string& dir, const std::vector<std::string>& names);

// The "files" a config.json records, checked against the files beside it.
class CommittedFiles {
 public:
  // doc is the parsed config_path; owner names what the files make up, for messages ("the
  // checkpoint"). A doc without "files" (written by an egeot from before they were recorded)
  // verifies nothing and says so in note(); a malformed one is an InputError naming the field.
  CommittedFiles(const nlohmann::json& doc, std::string config_path, std::string owner);

  // Throws InputError naming the file when it is missing, or its size or checksum is not the
  // recorded one, or when config.json records files but not this one.
  void verify(const std::string& name) const;

  bool recorded() const { return recorded_; }
  // One line for the user when nothing is recorded; "" otherwise.
  const std::string& note() const { return note_; }

 private:
  nlohmann::json files_;
  std::string config_path_;
  std::string dir_;
  std::string owner_;
  bool recorded_ = false;
  std::string note_;
};

}  // namespace egeot
