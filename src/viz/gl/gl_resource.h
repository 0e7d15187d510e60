#pragma once
// A move-only owner of one GL object name: the Deleter frees it when the owner dies, so a
// GL object can neither leak nor be freed twice. Aliases for each kind are in gl_objects.h.
#include <utility>

namespace egeot::viz {

template <class Deleter>
class GLResource {
 public:
  GLResource() = default;
  explicit GLResource(unsigned int id) : id_(id) {}
  ~GLResource() { reset(); }

  GLResource(const GLResource&) = delete;
  GLResource& operator=(const GLResource&) = delete;
  GLResource(GLResource&& other) noexcept : id_(std::exchange(other.id_, 0u)) {}
  GLResource& operator=(GLResource&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, 0u);
    }
    return *this;
  }

  unsigned int get() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void reset() {
    if (id_ != 0) Deleter{}(std::exchange(id_, 0u));
  }

 private:
  unsigned int id_ = 0;
};

}  // namespace egeot::viz
