#version 330 core
// Paths grow up to step u_head and fade behind it: the newest segment is opaque, a segment
// u_fade steps old is at 1/e.
in vec4 v_colour;
in float v_step;
uniform float u_head;
uniform float u_fade;
out vec4 frag_colour;

void main() {
  if (v_step > u_head) discard;
  float age = u_head - v_step;
  float alpha = v_colour.a * max(exp(-age / u_fade), 0.12);
  frag_colour = vec4(v_colour.rgb, alpha);
}
