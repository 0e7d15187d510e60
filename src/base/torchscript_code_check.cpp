#include "base/torchscript_code_check.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace egeot {
namespace {

constexpr int kMaxNesting = 64;     // brackets anywhere in a file: exports nest a few levels
constexpr int kMaxTypeNesting = 8;  // a data class's attribute type, e.g. Tuple[float, float]

bool identifier(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Deepest bracket nesting outside string literals.
int nesting(const std::string& text) {
  int depth = 0, deepest = 0;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// A class-level attribute declaration: "  name : Type" or "  __annotations__["key"] = Type".
bool attribute_type(const std::string& line, std::string& type) {
  if (!starts_with(line, "  ") || starts_with(line, "   ")) return false;
  const std::string body = line.substr(2);
  if (starts_with(body, "__annotations__[")) {
    const size_t eq = body.rfind("] = ");
    if (eq == std::string::npos) return false;
    type = body.substr(eq + 4);
    return true;
  }
  const size_t colon = body.find(" : ");
  if (colon == std::string::npos || !identifier(body.substr(0, colon))) return false;
  type = body.substr(colon + 3);
  return true;
}

bool plain_type(const std::string& type) {
  const bool chars = std::all_of(type.begin(), type.end(), [](char c) {
    return c == '_' || c == '.' || c == ',' || c == ' ' || c == '[' || c == ']' || (c >= '0' && c <= '9') ||
           (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  return chars && !type.empty() && nesting(type) <= kMaxTypeNesting;
}

// The archive's classes a type names, e.g. "__torch__.___torch_mangle_3.Module".
std::vector<std::string> class_references(const std::string& type) {
  std::vector<std::string> out;
  for (size_t at = type.find("__torch__."); at != std::string::npos; at = type.find("__torch__.", at + 1)) {
    size_t end = at;
    while (end < type.size() && (type[end] == '_' || type[end] == '.' || std::isalnum(static_cast<unsigned char>(type[end])))) ++end;
    out.push_back(type.substr(at, end - at));
    at = end - 1;
  }
  return out;
}

// A data class body line other than an attribute: torch::save writes only these.
bool data_class_line(const std::string& body) {
  return body == "__annotations__ = []" ||
         ((starts_with(body, "__parameters__ = [") || starts_with(body, "__buffers__ = [")) && body.back() == ']');
}

// The lists LibTorch's importer reads; any other "name = value" in a class body it takes
// for a Final constant and reads the absent type of.
bool hook_list(const std::string& body) {
  return (starts_with(body, "__forward_pre_hooks__ = [") || starts_with(body, "__forward_hooks__ = [")) &&
         body.back() == ']';
}

// An enum's member: "NAME = value".
bool enum_member(const std::string& body) {
  const size_t eq = body.find(" = ");
  return eq != std::string::npos && identifier(body.substr(0, eq));
}

// "code/__torch__/a/b.py" -> "__torch__.a.b"
std::string module_of(const std::string& path) {
  std::string m = path.substr(5, path.size() - 8);
  std::replace(m.begin(), m.end(), '/', '.');
  return m;
}

std::string cycle_in(const std::map<std::string, std::vector<std::string>>& refs) {
  std::map<std::string, int> state;  // 1: on the current path, 2: done
  for (const auto& [root, unused] : refs) {
    if (state[root]) continue;
    std::vector<std::pair<std::string, size_t>> path = {{root, 0}};
    state[root] = 1;
    while (!path.empty()) {
      auto& [node, next] = path.back();
      const auto it = refs.find(node);
      if (it == refs.end() || next >= it->second.size()) {
        state[node] = 2;
        path.pop_back();
        continue;
      }
      const std::string child = it->second[next++];
      if (state[child] == 1) return child;
      if (state[child] == 0) {
        state[child] = 1;
        path.emplace_back(child, 0);
      }
    }
  }
  return "";
}

}  // namespace

std::string torchscript_code_problem(const std::vector<std::pair<std::string, std::string>>& files,
                                     bool data_only) {
  std::map<std::string, std::vector<std::string>> refs;  // class -> classes its attributes are
  for (const auto& [path, text] : files) {
    if (nesting(text) > kMaxNesting) {
      return path.substr(0, 80) + " nests brackets deeper than " + std::to_string(kMaxNesting);
    }
    std::string current;  // the class being read ("": none)
    bool enum_class = false, named_tuple = false, in_def = false;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      start = end + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t indent = line.find_first_not_of(' ');
      if (indent == std::string::npos) continue;
      if (indent == 0) {
        current.clear();
        in_def = false;
        const size_t paren = line.find('(');
        if (starts_with(line, "class ") && paren != std::string::npos && identifier(line.substr(6, paren - 6))) {
          current = module_of(path) + "." + line.substr(6, paren - 6);
          enum_class = line.substr(paren) == "(Enum):";
          named_tuple = line.substr(paren) == "(NamedTuple):";
        }
        if (data_only && (current.empty() || line.substr(paren) != "(Module):")) {
          return path.substr(0, 80) + " holds code that is not a data class";
        }
        continue;
      }
      if (in_def && indent > 2) continue;  // a method's body, or the rest of its signature
      in_def = false;
      if (current.empty()) {  // a free function's body
        if (data_only) return path.substr(0, 80) + " holds code that is not a data class";
        continue;
      }
      // A class body holds only what torch's serializer writes: LibTorch 1.13's importer
      // crashed on "__buffers_W = []", a class-level assignment of no form it knows.
      const std::string body = line.substr(std::min<size_t>(indent, 2));
      std::string type;
      if (indent == 2 && starts_with(body, "def ") && !data_only) {
        in_def = true;
      } else if (indent == 2 && attribute_type(line, type)) {
        const size_t assigned = type.find(" = ");
        if (data_only ? !plain_type(type)
                      : (assigned != std::string::npos && !named_tuple && !starts_with(type, "Final["))) {
          return path.substr(0, 80) + " declares an attribute of an odd type";
        }
        for (auto& ref : class_references(type.substr(0, assigned))) refs[current].push_back(std::move(ref));
      } else if (indent != 2 || !(data_class_line(body) || (!data_only && (hook_list(body) ||
                                                                              (enum_class && enum_member(body)))))) {
        return path.substr(0, 80) + (data_only ? " holds code that is not a data class"
                                               : " holds a class body line torch does not write");
      }
    }
  }
  const std::string looped = cycle_in(refs);
  if (!looped.empty()) return "class " + looped.substr(0, 80) + " holds itself through its attributes";
  return "";
}

}  // namespace egeot
