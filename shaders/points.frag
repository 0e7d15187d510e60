#version 330 core
// A round sprite with a soft one-pixel edge; with u_ring > 0 a ring that many pixels thick.
in vec4 v_colour;
uniform float u_point_size;
uniform float u_ring;
out vec4 frag_colour;

void main() {
  float r = length(gl_PointCoord - vec2(0.5)) * u_point_size;
  float half_size = 0.5 * u_point_size;
  float alpha = clamp(half_size - r + 0.5, 0.0, 1.0);
  if (u_ring > 0.0) alpha *= clamp(r - (half_size - u_ring) + 0.5, 0.0, 1.0);
  if (alpha <= 0.0) discard;
  frag_colour = vec4(v_colour.rgb, v_colour.a * alpha);
}
