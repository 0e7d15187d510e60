#pragma once
// One GLSL program from a file pair, <dir>/<name>.vert and <dir>/<name>.frag. Errors (a
// missing file, a compile or link log) come back as text naming the file, never as a throw:
// the studio shows them and keeps running without that drawable.
#include "viz/gl/gl_objects.h"

#include <string>
#include <unordered_map>

namespace egeot::viz {

class ShaderProgram {
 public:
  ShaderProgram() = default;
  // Empty program and *error set when loading fails.
  static ShaderProgram load(const std::string& dir, const std::string& name, std::string* error);

  explicit operator bool() const { return static_cast<bool>(program_); }
  void use() const { glUseProgram(program_.get()); }
  GLint uniform(const char* name);  // -1 when the program has no such active uniform
  void set(const char* name, float v) { glUniform1f(uniform(name), v); }
  void set(const char* name, int v) { glUniform1i(uniform(name), v); }
  void set(const char* name, float a, float b) { glUniform2f(uniform(name), a, b); }
  void set(const char* name, float a, float b, float c, float d) {
    glUniform4f(uniform(name), a, b, c, d);
  }

 private:
  Program program_;
  std::unordered_map<std::string, GLint> uniforms_;
};

}  // namespace egeot::viz
