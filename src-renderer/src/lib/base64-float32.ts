/** True when this machine stores numbers little-endian, as the API's sample blobs are. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes a trace's samples as the API sends them (base64 of little-endian float32) into a
 * Float32Array with its own buffer. Done once per trace when a gather loads: every redraw
 * reads the decoded arrays.
 */
export function decodeFloat32Base64(base64: string): Float32Array {
  const text = atob(base64);
  if (text.length % 4 !== 0) {
    throw new RangeError(`trace samples of ${text.length} bytes are not whole float32 values`);
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  if (HOST_IS_LITTLE_ENDIAN) return new Float32Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
