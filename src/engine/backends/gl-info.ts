/** What a WebGL2 context runs on, for the HUD and for ranking paths. */
export function glRendererName(gl: WebGL2RenderingContext): string {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

export function isSoftwareGl(name: string): boolean {
  return /swiftshader|llvmpipe|software|softpipe|basic render/i.test(name);
}
