#version 330 core
// The heat map quad, made from gl_VertexID (no vertex buffer): u_extent is the world
// rectangle (x0, y0, x1, y1) the grid's texels cover.
uniform vec2 u_clip_scale;
uniform vec2 u_clip_offset;
uniform vec4 u_extent;
out vec2 v_uv;

void main() {
  vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
  v_uv = corner;
  vec2 world = mix(u_extent.xy, u_extent.zw, corner);
  gl_Position = vec4(world * u_clip_scale + u_clip_offset, 0.0, 1.0);
}
