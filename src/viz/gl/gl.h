#pragma once
// Our own GL calls use the prototypes libGL exports (GL_GLEXT_PROTOTYPES): ImGui's bundled
// loader only covers the functions ImGui itself needs. Include this before GLFW.
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
