// Directories (checkpoints) as bundles: one file mutated as what it is (config.json as JSON,
// .pt files as torch archives), files dropped, swapped or repeated. config.json records each
// file's size and CRC-32; most .pt mutations update the record, so the damaged file reaches
// torch's reader instead of stopping at the checksum.
#include "bundle.h"
#include "mutator_parts.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace egeot::fuzz {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void refresh_digest(std::vector<BundleFile>& files, const BundleFile& changed) {
  for (auto& f : files) {
    if (f.name != "config.json") continue;
    if (json_nesting(std::string(f.data.begin(), f.data.end())) >= kMaxDomDepth) return;
    auto doc = nlohmann::json::parse(f.data.begin(), f.data.end(), nullptr, false);
    if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_object()) return;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", crc32_of(changed.data.data(), changed.data.size()));
    doc["files"][changed.name] = {{"bytes", changed.data.size()}, {"crc32", hex}};
    const std::string text = doc.dump(2) + "\n";
    f.data.assign(text.begin(), text.end());
  }
}

}  // namespace

Bytes mutate_bundle(const Bytes& input, Rng& rng) {
  auto files = decode_bundle(input.data(), input.size());
  if (files.empty()) {
    Bytes out = input;
    mutate_bytes(out, rng);
    return out;
  }
  const size_t which = rng.below(files.size());
  BundleFile& f = files[which];
  switch (rng.below(8)) {
    case 4:
      files.erase(files.begin() + which);
      break;
    case 5: {
      BundleFile& other = files[rng.below(files.size())];
      std::swap(f.data, other.data);
      if (rng.chance(0.8)) {
        refresh_digest(files, f);
        refresh_digest(files, other);
      }
      break;
    }
    case 6: {
      BundleFile copy = f;
      copy.name = rng.chance(0.5) ? "extra.pt" : "potential-0.pt";
      files.push_back(std::move(copy));
      break;
    }
    default:
      if (ends_with(f.name, ".json")) {
        f.data = mutate_json(f.data, rng);
      } else {
        if (ends_with(f.name, ".pt")) {
          f.data = mutate_zip(f.data, rng);
        } else {
          mutate_bytes(f.data, rng);
        }
        if (rng.chance(0.85)) refresh_digest(files, f);
      }
      break;
  }
  return encode_bundle(files);
}

}  // namespace egeot::fuzz
