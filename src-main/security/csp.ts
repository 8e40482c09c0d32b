/**
 * The Content-Security-Policy of the renderer, the same in Electron and in the browser:
 * only the app's own scripts, no remote content, no plugins, no framing. Inline style
 * attributes are allowed because ECharts and Svelte transitions set element styles.
 * 'self' also covers the bridge's WebSocket (same host and port) in Chromium.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
