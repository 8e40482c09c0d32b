/**
 * IBM System/360 single precision: 1 sign bit, a 7-bit base-16 exponent biased by 64 and a
 * 24-bit fraction, value = (-1)^s * 0.fraction * 16^(exponent - 64).
 *
 * `ibmFloatScale[topByte]` is the factor that turns the 24-bit fraction into the value:
 * (-1)^s * 2^(4 * (exponent - 64) - 24). fraction * factor is exact in a double (a 24-bit
 * integer times a power of two well inside the double range), so storing it in a Float32Array
 * rounds once, to the nearest float32 — the exact conversion wherever float32 can hold it.
 */
export const ibmFloatScale: Float64Array = (() => {
  const table = new Float64Array(256);
  for (let top = 0; top < 256; top++) {
    const sign = top & 0x80 ? -1 : 1;
    table[top] = sign * 2 ** (4 * ((top & 0x7f) - 64) - 24);
  }
  return table;
})();
