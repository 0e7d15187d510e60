#include "core/nets/archive_tensors.h"

#include "base/error.h"

#include <torch/csrc/jit/ir/constants.h>

namespace egeot {
namespace {

constexpr int kMaxDepth = 64;
constexpr int64_t kMaxVisits = 1 << 20;

std::string extent_problem(const at::Tensor& t) {
  if (!t.defined()) return "";
  if (t.layout() != at::kStrided || t.is_quantized() || !t.has_storage()) {
    return "a tensor of a layout egeot does not read";
  }
  const int64_t offset = t.storage_offset();
  if (offset < 0) return "a tensor with a negative storage offset";
  // The last element's index, in int64 with overflow checked: sizes and strides are the file's.
  int64_t last = offset;
  bool overflow = false;
  for (int64_t d = 0; d < t.dim(); ++d) {
    const int64_t size = t.sizes()[d], stride = t.strides()[d];
    if (size < 0 || stride < 0) return "a tensor of negative size or stride";
    if (size == 0) return "";
    int64_t step = 0;
    overflow = overflow || __builtin_mul_overflow(size - 1, stride, &step) || __builtin_add_overflow(last, step, &last);
  }
  int64_t count = 0, needed = 0;
  overflow = overflow || __builtin_add_overflow(last, 1, &count) ||
             __builtin_mul_overflow(count, static_cast<int64_t>(t.element_size()), &needed);
  if (overflow || needed > static_cast<int64_t>(t.storage().nbytes())) {
    return "a tensor of shape " + c10::str(t.sizes()) + " reaching past its storage of " +
           std::to_string(t.storage().nbytes()) + " bytes";
  }
  return "";
}

class Walk {
 public:
  std::string problem;

  void visit(const c10::IValue& v, int depth) {
    if (!problem.empty() || depth > kMaxDepth || ++visits_ > kMaxVisits) return;
    if (v.isTensor()) {
      problem = extent_problem(v.toTensor());
    } else if (v.isList()) {
      for (const auto& item : v.toListRef()) visit(item, depth + 1);
    } else if (v.isTuple()) {
      for (const auto& item : v.toTupleRef().elements()) visit(item, depth + 1);
    } else if (v.isGenericDict()) {
      for (const auto& item : v.toGenericDict()) {
        visit(item.key(), depth + 1);
        visit(item.value(), depth + 1);
      }
    } else if (v.isObject()) {
      const auto object = v.toObject();
      for (size_t i = 0; i < object->slots().size(); ++i) visit(object->getSlot(i), depth + 1);
    }
  }

  void visit_block(const torch::jit::Block* block, int depth) {
    if (depth > kMaxDepth) return;
    for (const auto* node : block->nodes()) {
      if (!problem.empty() || ++visits_ > kMaxVisits) return;
      if (node->kind() == c10::prim::Constant && node->outputs().size() == 1) {
        if (const auto value = torch::jit::toIValue(node->output())) visit(*value, depth);
      }
      for (const auto* inner : node->blocks()) visit_block(inner, depth + 1);
    }
  }

 private:
  int64_t visits_ = 0;
};

[[noreturn]] void refuse(const std::string& path, const std::string& problem) {
  throw InputError(path + ": not a readable torch file (it holds " + problem + ")");
}

}  // namespace

void check_archive_tensors(torch::serialize::InputArchive& archive, const std::string& path) {
  Walk walk;
  for (const auto& key : archive.keys()) {
    c10::IValue value;
    if (archive.try_read(key, value)) walk.visit(value, 0);
    if (!walk.problem.empty()) refuse(path, walk.problem);
  }
}

void check_module_tensors(const torch::jit::Module& module, const std::string& path) {
  Walk walk;
  walk.visit(module._ivalue(), 0);
  for (const auto& sub : module.modules()) {
    for (const auto& method : sub.get_methods()) {
      if (walk.problem.empty()) walk.visit_block(method.graph()->block(), 0);
    }
  }
  if (!walk.problem.empty()) refuse(path, walk.problem);
}

}  // namespace egeot
