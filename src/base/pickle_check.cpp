#include "base/pickle_check.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

namespace egeot {
namespace {

// What the replay knows of a value: enough to follow a tensor storage's arguments.
struct Value {
  enum Kind { kOther, kInt, kString, kGlobal, kTuple } kind = kOther;
  int64_t number = 0;
  std::string text;           // a string's value, or a global's "module.name"
  std::vector<Value> items;   // a small tuple's elements, one level deep
};

// Bytes per element of the storage types torch's pickles name.
int64_t storage_item_size(const std::string& global) {
  static const std::map<std::string, int64_t> sizes = {
      {"torch.FloatStorage", 4},   {"torch.DoubleStorage", 8},      {"torch.HalfStorage", 2},
      {"torch.BFloat16Storage", 2}, {"torch.LongStorage", 8},       {"torch.IntStorage", 4},
      {"torch.ShortStorage", 2},   {"torch.CharStorage", 1},        {"torch.ByteStorage", 1},
      {"torch.BoolStorage", 1},    {"torch.ComplexFloatStorage", 8}, {"torch.ComplexDoubleStorage", 16},
      {"torch.QInt8Storage", 1},   {"torch.QUInt8Storage", 1},      {"torch.QInt32Storage", 4}};
  const auto it = sizes.find(global);
  return it == sizes.end() ? 0 : it->second;
}

bool python_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = c == '_' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                    (c >= 'A' && c <= 'Z');
    if (!ok) return false;
  }
  return true;
}

class Replay {
 public:
  Replay(const std::string& pickle, const std::function<int64_t(const std::string&)>& record_size)
      : in_(pickle), record_size_(record_size) {}

  std::string run() {
    if (in_.size() < 2 || byte(0) != 0x80 || byte(1) != 2) return "not a protocol-2 pickle";
    at_ = 2;
    while (at_ < in_.size()) {
      const uint8_t op = byte(at_++);
      if (op == '.') return stack_.size() == 1 ? "" : "ends with " + std::to_string(stack_.size()) + " values, not 1";
      const std::string problem = step(op);
      if (!problem.empty()) return problem + " (at byte " + std::to_string(at_ - 1) + ")";
    }
    return "cut short (no STOP)";
  }

 private:
  uint8_t byte(size_t i) const { return static_cast<uint8_t>(in_[i]); }

  bool take(size_t n, uint64_t& value) {  // little-endian
    if (in_.size() - at_ < n) return false;
    value = 0;
    for (size_t i = n; i-- > 0;) value = (value << 8) | byte(at_ + i);
    at_ += n;
    return true;
  }

  bool line(std::string& out) {
    const size_t end = in_.find('\n', at_);
    if (end == std::string::npos) return false;
    out = in_.substr(at_, end - at_);
    at_ = end + 1;
    return python_name(out);
  }

  bool pop_to_mark(size_t& mark, bool below_mark_needed) {
    if (marks_.empty()) return false;
    mark = marks_.back();
    marks_.pop_back();
    return mark <= stack_.size() && (!below_mark_needed || mark > 0);
  }

  void push(Value v) { stack_.push_back(std::move(v)); }

  Value tuple_of(size_t from) {
    Value t;
    t.kind = Value::kTuple;
    if (stack_.size() - from <= 8) {
      for (size_t i = from; i < stack_.size(); ++i) {
        t.items.push_back(stack_[i]);
        t.items.back().items.clear();
      }
    }
    stack_.resize(from);
    return t;
  }

  std::string persistent_id(const Value& id) {
    const auto& a = id.items;
    if (id.kind != Value::kTuple || a.size() != 5 || a[0].kind != Value::kString || a[0].text != "storage" ||
        a[1].kind != Value::kGlobal || a[2].kind != Value::kString || a[4].kind != Value::kInt) {
      return "a tensor storage reference of a form torch does not write";
    }
    const int64_t item = storage_item_size(a[1].text);
    if (item == 0) return "an unknown storage type " + a[1].text.substr(0, 40);
    const int64_t numel = a[4].number;
    const int64_t record = record_size_(a[2].text);
    if (numel < 0 || (record >= 0 && numel > record / item)) {
      return "a storage of " + std::to_string(numel) + " elements in a record of " + std::to_string(record) + " bytes";
    }
    return "";
  }

  std::string step(uint8_t op) {
    uint64_t v = 0;
    size_t mark = 0;
    Value value;
    switch (op) {
      case ']': case '}': case 'N': case 0x88: case 0x89:  // empty list/dict, None, True, False
        push({});
        return "";
      case ')':
        value.kind = Value::kTuple;
        push(value);
        return "";
      case 'G':  // BINFLOAT
        if (!take(8, v)) return "cut short";
        push({});
        return "";
      case 'K': case 'M': case 'J': {  // BININT1, BININT2, BININT (signed)
        const size_t n = op == 'K' ? 1 : op == 'M' ? 2 : 4;
        if (!take(n, v)) return "cut short";
        value.kind = Value::kInt;
        value.number = n == 4 ? static_cast<int32_t>(v) : static_cast<int64_t>(v);
        push(value);
        return "";
      }
      case 0x8a:  // LONG1: torch reads 8-byte ones only
        if (!take(1, v) || v != 8 || !take(8, v)) return "a LONG1 torch cannot read";
        value.kind = Value::kInt;
        value.number = static_cast<int64_t>(v);
        push(value);
        return "";
      case 'X':  // BINUNICODE
        if (!take(4, v) || v > in_.size() - at_) return "a string longer than the pickle";
        value.kind = Value::kString;
        value.text = in_.substr(at_, std::min<uint64_t>(v, 256));
        at_ += v;
        push(value);
        return "";
      case 'c': {  // GLOBAL: two newline-terminated names
        std::string module, name;
        if (!line(module) || !line(name)) return "a GLOBAL without two newline-terminated names";
        value.kind = Value::kGlobal;
        value.text = module + "." + name;
        push(value);
        return "";
      }
      case '(':
        marks_.push_back(stack_.size());
        return "";
      case 't':
        if (!pop_to_mark(mark, false)) return "TUPLE without its MARK";
        push(tuple_of(mark));
        return "";
      case 0x85: case 0x86: case 0x87: {  // TUPLE1..3
        const size_t n = op - 0x84;
        if (stack_.size() < n) return "TUPLE" + std::to_string(n) + " on a stack of " + std::to_string(stack_.size());
        push(tuple_of(stack_.size() - n));
        return "";
      }
      case 'l': case 'd':  // LIST, DICT
        if (!pop_to_mark(mark, false)) return "LIST or DICT without its MARK";
        if (op == 'd' && (stack_.size() - mark) % 2 != 0) return "DICT of an odd number of items";
        stack_.resize(mark);
        push({});
        return "";
      case 'e': case 'u':  // APPENDS, SETITEMS: into the container below the MARK
        if (!pop_to_mark(mark, true)) return "APPENDS or SETITEMS without a container and its MARK";
        if (op == 'u' && (stack_.size() - mark) % 2 != 0) return "SETITEMS of an odd number of items";
        stack_.resize(mark);
        return "";
      case 'q': case 'r':  // BINPUT, LONG_BINPUT
        if (!take(op == 'q' ? 1 : 4, v)) return "cut short";
        // Ids are handed out in order: one past the pickle's size is no honest id, and
        // torch grows its memo to whatever id it reads.
        if (stack_.empty() || v > in_.size()) return "a memo PUT of id " + std::to_string(v);
        memo_[v] = stack_.back();
        return "";
      case 'h': case 'j': {  // BINGET, LONG_BINGET
        if (!take(op == 'h' ? 1 : 4, v)) return "cut short";
        const auto it = memo_.find(v);
        if (it == memo_.end()) return "a memo GET of id " + std::to_string(v) + " never PUT";
        push(it->second);
        return "";
      }
      case 0x81:  // NEWOBJ pops its (empty) arguments
        if (stack_.empty()) return "NEWOBJ on an empty stack";
        stack_.pop_back();
        return "";
      case 'R': case 'b':  // REDUCE, BUILD: a callable's index and its argument
        if (stack_.size() < 2) return "REDUCE or BUILD on a stack of " + std::to_string(stack_.size());
        stack_.resize(stack_.size() - 2);
        push({});
        return "";
      case 'Q': {  // BINPERSID: a tensor storage
        if (stack_.empty()) return "BINPERSID on an empty stack";
        const std::string problem = persistent_id(stack_.back());
        if (!problem.empty()) return problem;
        stack_.back() = Value{};
        return "";
      }
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        return std::string("opcode ") + hex + " that LibTorch's unpickler does not read";
      }
    }
  }

  const std::string& in_;
  const std::function<int64_t(const std::string&)>& record_size_;
  size_t at_ = 0;
  std::vector<Value> stack_;
  std::vector<size_t> marks_;
  std::map<uint64_t, Value> memo_;
};

}  // namespace

std::string pickle_problem(const std::string& pickle,
                           const std::function<int64_t(const std::string&)>& record_size) {
  return Replay(pickle, record_size).run();
}

}  // namespace egeot
