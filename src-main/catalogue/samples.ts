/**
 * Trace samples are stored as little-endian float32 BLOBs (the byte order of every platform
 * Pickline runs on). Copying on read also gives the array its own aligned buffer.
 */
export function samplesBlob(samples: Float32Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

export function readSamples(blob: Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0) {
    throw new Error(`trace samples of ${blob.byteLength} bytes are not whole float32 values`);
  }
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
