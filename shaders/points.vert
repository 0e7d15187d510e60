#version 330 core
// Points in world coordinates with a per-point colour.
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec4 a_colour;
uniform vec2 u_clip_scale;
uniform vec2 u_clip_offset;
uniform float u_point_size;
out vec4 v_colour;

void main() {
  v_colour = a_colour;
  gl_PointSize = u_point_size;
  gl_Position = vec4(a_position * u_clip_scale + u_clip_offset, 0.0, 1.0);
}
