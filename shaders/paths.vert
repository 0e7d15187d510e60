#version 330 core
// Polyline vertices: world position and the Langevin step t they were recorded at.
layout(location = 0) in vec3 a_position_step;
layout(location = 1) in vec4 a_colour;
uniform vec2 u_clip_scale;
uniform vec2 u_clip_offset;
out vec4 v_colour;
out float v_step;

void main() {
  v_colour = a_colour;
  v_step = a_position_step.z;
  gl_Position = vec4(a_position_step.xy * u_clip_scale + u_clip_offset, 0.0, 1.0);
}
