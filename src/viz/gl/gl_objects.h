#pragma once
// The GL object kinds egeot uses, each a GLResource with its deleter, and their makers.
#include "viz/gl/gl.h"
#include "viz/gl/gl_resource.h"

namespace egeot::viz {

struct BufferDeleter {
  void operator()(GLuint id) const { glDeleteBuffers(1, &id); }
};
struct VaoDeleter {
  void operator()(GLuint id) const { glDeleteVertexArrays(1, &id); }
};
struct TextureDeleter {
  void operator()(GLuint id) const { glDeleteTextures(1, &id); }
};
struct ShaderDeleter {
  void operator()(GLuint id) const { glDeleteShader(id); }
};
struct ProgramDeleter {
  void operator()(GLuint id) const { glDeleteProgram(id); }
};

using Buffer = GLResource<BufferDeleter>;
using Vao = GLResource<VaoDeleter>;
using Texture = GLResource<TextureDeleter>;
using Shader = GLResource<ShaderDeleter>;
using Program = GLResource<ProgramDeleter>;

inline Buffer make_buffer() {
  GLuint id = 0;
  glGenBuffers(1, &id);
  return Buffer(id);
}
inline Vao make_vao() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  return Vao(id);
}
inline Texture make_texture() {
  GLuint id = 0;
  glGenTextures(1, &id);
  return Texture(id);
}

}  // namespace egeot::viz
