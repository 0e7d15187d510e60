#include "viz/gl/shader_program.h"

#include <fstream>
#include <sstream>

namespace egeot::viz {
namespace {

bool read_text(const std::string& path, std::string* text) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

Shader compile(GLenum kind, const std::string& path, std::string* error) {
  std::string source;
  if (!read_text(path, &source)) {
    *error = path + ": cannot read shader source";
    return {};
  }
  Shader shader(glCreateShader(kind));
  const char* text = source.c_str();
  glShaderSource(shader.get(), 1, &text, nullptr);
  glCompileShader(shader.get());
  GLint ok = 0;
  glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {0};
    glGetShaderInfoLog(shader.get(), sizeof(log), nullptr, log);
    *error = path + ": does not compile: " + log;
    return {};
  }
  return shader;
}

}  // namespace

ShaderProgram ShaderProgram::load(const std::string& dir, const std::string& name,
                                  std::string* error) {
  const std::string base = dir + "/" + name;
  Shader vert = compile(GL_VERTEX_SHADER, base + ".vert", error);
  if (!vert) return {};
  Shader frag = compile(GL_FRAGMENT_SHADER, base + ".frag", error);
  if (!frag) return {};
  ShaderProgram out;
  out.program_ = Program(glCreateProgram());
  const GLuint id = out.program_.get();
  glAttachShader(id, vert.get());
  glAttachShader(id, frag.get());
  glLinkProgram(id);
  glDetachShader(id, vert.get());
  glDetachShader(id, frag.get());
  GLint ok = 0;
  glGetProgramiv(id, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {0};
    glGetProgramInfoLog(id, sizeof(log), nullptr, log);
    *error = base + ".{vert,frag}: do not link: " + log;
    return {};
  }
  return out;
}

GLint ShaderProgram::uniform(const char* name) {
  auto it = uniforms_.find(name);
  if (it != uniforms_.end()) return it->second;
  const GLint location = glGetUniformLocation(program_.get(), name);
  uniforms_.emplace(name, location);
  return location;
}

}  // namespace egeot::viz
