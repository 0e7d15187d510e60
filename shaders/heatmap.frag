#version 330 core
// The heat map's cells, already coloured through the colour map (on the CPU, when the grid
// changes); bilinear filtering blends neighbouring cells. Transparent cells are not drawn.
uniform sampler2D u_colours;
uniform float u_opacity;
in vec2 v_uv;
out vec4 frag_colour;

void main() {
  vec4 colour = texture(u_colours, v_uv);
  if (colour.a <= 0.0) discard;
  frag_colour = vec4(colour.rgb, colour.a * u_opacity);
}
