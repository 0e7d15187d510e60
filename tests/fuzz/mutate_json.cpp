// JSON: mutations of the parsed document (wrong types, removed and duplicated fields, NaN and
// Inf, huge numbers and arrays, deep nesting) and of its text (truncation, stray tokens).
#include "mutator_parts.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace egeot::fuzz {
namespace {

using nlohmann::json;

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Raw text standing in for a value: what JSON cannot express, or too big to build as a DOM.
std::string raw_token(Rng& rng) {
  const size_t deep = rng.chance(0.5) ? 100000 : 1000 + rng.below(4000);
  switch (rng.below(14)) {
    case 0: return "NaN";
    case 1: return "Infinity";
    case 2: return "-Infinity";
    case 3: return "1e400";
    case 4: return "-1e400";
    case 5: return "1e-400";
    case 6: return repeat("[", deep) + "1" + repeat("]", deep);
    case 7: return repeat("{\"a\":", deep) + "1" + repeat("}", deep);
    case 8: return repeat("[", deep);  // never closed
    case 9: return "\"\\ud800\"";        // a lone surrogate
    case 10: return "\"\xff\xfe\"";      // not UTF-8
    case 11: return "18446744073709551616";  // one past uint64
    case 12: return "-0";
    default: return "1" + repeat("0", 400);
  }
}

json other_value(const json& current, Rng& rng) {
  switch (rng.below(22)) {
    case 0: return nullptr;
    case 1: return true;
    case 2: return "";
    case 3: return "x";
    case 4: return json::array();
    case 5: return json::object();
    case 6: return 0;
    case 7: return -1;
    case 8: return 1;
    case 9: return 0.5;
    case 10: return INT64_MAX;
    case 11: return INT64_MIN;
    case 12: return UINT64_MAX;
    case 13: return 1e308;
    case 14: return -1e308;
    case 15: return 5e-324;
    case 16: return 4097;
    case 17: return 1 << 24;
    case 18: return (int64_t{1} << 53) + 1;
    case 19: return std::string(1 << 16, 'a');
    case 20: return json::array({current, current});
    default: return json{{"a", current}};
  }
}

json tweaked_number(const json& v, Rng& rng) {
  const double d = v.get<double>();
  // Casting a double outside int64's range is undefined behaviour.
  const auto as_integer = [](double x) {
    return std::abs(x) < 9e18 ? json(static_cast<int64_t>(x)) : json(x);
  };
  switch (rng.below(9)) {
    case 0: return v.is_number_integer() ? as_integer(-d) : json(-d);
    case 1: return v.is_number_integer() ? as_integer(d * 1e6) : json(d * 1e6);
    case 2: return v.is_number_integer() ? as_integer(d + 1) : json(d + 1);
    case 3: return v.is_number_integer() ? as_integer(d - 1) : json(d - 1);
    case 4: return d / 1e6;
    case 5: return v.is_number_integer() ? json(d + 0.5) : as_integer(d);
    case 6: return v.is_number_integer() ? as_integer(d * 65536) : json(d * 65536);
    case 7: return 0;
    default: return int64_t{1} << rng.below(63);
  }
}

void collect(json& node, std::vector<json*>& out, size_t depth) {
  out.push_back(&node);
  if (depth > 64) return;
  if (node.is_object() || node.is_array()) {
    for (auto& child : node) collect(child, out, depth + 1);
  }
}

void collect_keys(const json& node, std::vector<std::string>& keys, size_t depth) {
  if (depth > 64) return;
  if (node.is_object()) {
    for (const auto& item : node.items()) keys.push_back(item.key());
  }
  if (node.is_object() || node.is_array()) {
    for (const auto& child : node) collect_keys(child, keys, depth + 1);
  }
}

// Placeholders survive dump() as "\u0001<k>\u0001" and are then replaced by raw text.
struct RawTokens {
  std::vector<std::string> texts;
  json placeholder(std::string text) {
    texts.push_back(std::move(text));
    return std::string("\x01") + std::to_string(texts.size() - 1) + "\x01";
  }
  std::string apply(std::string dumped) const {
    for (size_t k = 0; k < texts.size(); ++k) {
      const std::string key = "\"\\u0001" + std::to_string(k) + "\\u0001\"";
      for (size_t at = dumped.find(key); at != std::string::npos; at = dumped.find(key, at)) {
        dumped.replace(at, key.size(), texts[k]);
        at += texts[k].size();
      }
    }
    // Duplicated keys were stored as "\u0001D<key>".
    const std::string dup = "\"\\u0001D";
    for (size_t at = dumped.find(dup); at != std::string::npos; at = dumped.find(dup, at)) {
      dumped.replace(at, dup.size(), "\"");
    }
    return dumped;
  }
};

void mutate_document(json& doc, RawTokens& raw, Rng& rng) {
  std::vector<json*> nodes;
  collect(doc, nodes, 0);
  std::vector<std::string> keys;
  collect_keys(doc, keys, 0);
  json& node = *nodes[rng.below(nodes.size())];
  switch (rng.below(10)) {
    case 0:
    case 1:
      node = other_value(node, rng);
      return;
    case 2:
      node = raw.placeholder(raw_token(rng));
      return;
    case 3:  // remove a field or an element
      if (node.is_object() && !node.empty()) {
        auto it = node.begin();
        std::advance(it, rng.below(node.size()));
        node.erase(it);
      } else if (node.is_array() && !node.empty()) {
        node.erase(rng.below(node.size()));
      }
      return;
    case 4:  // a field twice, the second time with another value
      if (node.is_object() && !node.empty()) {
        auto it = node.begin();
        std::advance(it, rng.below(node.size()));
        node[std::string("\x01") + "D" + it.key()] = other_value(it.value(), rng);
      }
      return;
    case 5:  // a field from elsewhere in the document, or an unknown one
      if (node.is_object()) {
        const std::string key = keys.empty() || rng.chance(0.2) ? "unknown" : rng.pick(keys);
        node[key] = rng.chance(0.5) ? other_value(nullptr, rng) : *nodes[rng.below(nodes.size())];
      }
      return;
    case 6:
      if (node.is_number()) node = tweaked_number(node, rng);
      return;
    case 7:  // arrays: emptied, or one element repeated many times
      if (node.is_array()) {
        if (node.empty() || rng.chance(0.3)) {
          node = json::array();
        } else {
          const json item = node[rng.below(node.size())];
          // Long arrays of scalars; a repeated object stays under about a megabyte.
          const size_t copies = rng.chance(0.5) ? 1 + rng.below(8) : (1u << 20) / (item.dump().size() + 8);
          for (size_t i = 0; i < copies; ++i) node.push_back(item);
        }
      }
      return;
    case 8:  // strings swapped for other strings of the document (keys, enum values)
      if (node.is_string() && !keys.empty()) node = rng.pick(keys);
      return;
    default:  // the whole document replaced or wrapped
      doc = rng.chance(0.5) ? json::array({doc}) : other_value(doc, rng);
      return;
  }
}

std::string mutate_text(std::string text, Rng& rng) {
  static const char* kTokens[] = {"[", "]", "{", "}", ",", ":", "\"", "\\", "NaN", "-",
                                  "1e999", "/*", "\xef\xbb\xbf", "null", "\\u0000", "0x1"};
  const size_t at = rng.below(text.size() + 1);
  switch (rng.below(4)) {
    case 0:
      text.insert(at, kTokens[rng.below(sizeof kTokens / sizeof *kTokens)]);
      break;
    case 1:
      text.insert(at, repeat("[", rng.chance(0.5) ? 100000 : 1 + rng.below(3000)));
      break;
    case 2:
      text.insert(at, raw_token(rng));
      break;
    default:
      text.resize(at);
      break;
  }
  return text;
}

}  // namespace

size_t json_nesting(const std::string& text) {
  size_t depth = 0, deepest = 0;
  for (char c : text) {
    if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  return deepest;
}

Bytes mutate_json(const Bytes& input, Rng& rng) {
  std::string text(input.begin(), input.end());
  // Deep documents are mutated as text only: building and dumping them recurses.
  const bool structured = json_nesting(text) < kMaxDomDepth && rng.chance(0.75);
  json doc = structured ? json::parse(text, nullptr, false) : json(json::value_t::discarded);
  if (!doc.is_discarded()) {
    RawTokens raw;
    mutate_document(doc, raw, rng);
    text = raw.apply(rng.chance(0.5) ? doc.dump(2) : doc.dump());
  } else {
    text = mutate_text(std::move(text), rng);
  }
  return Bytes(text.begin(), text.end());
}

}  // namespace egeot::fuzz
