/**
 * A test-only miniSEED 2 writer, from the SEED 2.4 manual: fixed header, blockette 1000 (and
 * optionally 100), data from byte 64, Steim1/Steim2 frames built from first differences with
 * the forward and reverse integration constants in words 1 and 2 of the first frame.
 */

export interface RecordSpec {
  network?: string;
  station?: string;
  location?: string;
  channel?: string;
  /** Start time, ms since 1970 UTC; whole 0.1 ms. */
  start: number;
  /** Sample rate in Hz, as factor and multiplier (e.g. 100 or 0.5 = factor -2). */
  rate: number;
  encoding: 1 | 3 | 4 | 5 | 10 | 11;
  samples: ArrayLike<number>;
  /** Record length exponent (2^n bytes). */
  exponent?: number;
  /** Header and data byte order. */
  little?: boolean;
  /** The sample before this record, for the first Steim difference (0 for the first record). */
  previous?: number;
  /** Write blockette 100 with this exact rate. */
  exactRate?: number;
  sequence?: number;
}

const DATA_OFFSET = 64;

/** Packs differences into Steim words: [nibble, word] pairs, greedy, largest count first. */
function steimWords(diffs: number[], level: 1 | 2): [number, number][] {
  const fits = (v: number, bits: number) => v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1);
  // [count, bits, nibble, dnib (Steim2), first shift]
  const layouts: [number, number, number, number, number][] =
    level === 1
      ? [
          [4, 8, 1, -1, 24],
          [2, 16, 2, -1, 16],
          [1, 32, 3, -1, 0],
        ]
      : [
          [7, 4, 3, 2, 24],
          [6, 5, 3, 1, 25],
          [5, 6, 3, 0, 24],
          [4, 8, 1, -1, 24],
          [3, 10, 2, 3, 20],
          [2, 15, 2, 2, 15],
          [1, 30, 2, 1, 0],
        ];
  const words: [number, number][] = [];
  for (let i = 0; i < diffs.length;) {
    const layout = layouts.find(
      ([count, bits]) =>
        i + count <= diffs.length && diffs.slice(i, i + count).every((d) => fits(d, bits)),
    );
    if (!layout) throw new Error(`difference ${diffs[i]} does not fit Steim${level}`);
    const [count, bits, nibble, dnib, shift] = layout;
    let word = dnib >= 0 ? dnib << 30 : 0;
    for (let k = 0; k < count; k++) {
      const mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
      word |= (diffs[i + k]! & mask) << (shift - bits * k);
    }
    words.push([nibble, word >>> 0]);
    i += count;
  }
  return words;
}

function rateFields(rate: number): [number, number] {
  return Number.isInteger(rate) ? [rate, 1] : [-Math.round(1 / rate), 1];
}

export function encodeRecord(spec: RecordSpec): Uint8Array {
  const exponent = spec.exponent ?? 9;
  const length = 2 ** exponent;
  const little = spec.little ?? false;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string, width: number) => {
    for (let i = 0; i < width; i++) out[at + i] = i < text.length ? text.charCodeAt(i) : 32;
  };
  ascii(0, String(spec.sequence ?? 1).padStart(6, '0'), 6);
  ascii(6, 'D ', 2);
  ascii(8, spec.station ?? 'STA', 5);
  ascii(13, spec.location ?? '', 2);
  ascii(15, spec.channel ?? 'HHZ', 3);
  ascii(18, spec.network ?? 'XX', 2);
  const date = new Date(spec.start);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  view.setUint16(20, date.getUTCFullYear(), little);
  view.setUint16(22, Math.floor((spec.start - yearStart) / 86400000) + 1, little);
  out[24] = date.getUTCHours();
  out[25] = date.getUTCMinutes();
  out[26] = date.getUTCSeconds();
  view.setUint16(28, Math.round((spec.start % 1000) * 10), little);
  view.setUint16(30, spec.samples.length, little);
  const [factor, multiplier] = rateFields(spec.rate);
  view.setInt16(32, factor, little);
  view.setInt16(34, multiplier, little);
  out[39] = spec.exactRate === undefined ? 1 : 2;
  view.setUint16(44, DATA_OFFSET, little);
  view.setUint16(46, 48, little);
  // Blockette 1000 at 48, then 100 at 56 if asked.
  view.setUint16(48, 1000, little);
  view.setUint16(50, spec.exactRate === undefined ? 0 : 56, little);
  out[52] = spec.encoding;
  out[53] = little ? 0 : 1;
  out[54] = exponent;
  if (spec.exactRate !== undefined) {
    view.setUint16(56, 100, little);
    view.setFloat32(60, spec.exactRate, little);
  }
  const n = spec.samples.length;
  const at = (i: number) => DATA_OFFSET + i;
  const room = length - DATA_OFFSET;
  const fixed = (size: number, write: (offset: number, v: number) => void) => {
    if (n * size > room) throw new Error(`${n} samples do not fit`);
    for (let i = 0; i < n; i++) write(at(size * i), spec.samples[i]!);
  };
  switch (spec.encoding) {
    case 1:
      fixed(2, (o, v) => view.setInt16(o, v, little));
      break;
    case 3:
      fixed(4, (o, v) => view.setInt32(o, v, little));
      break;
    case 4:
      fixed(4, (o, v) => view.setFloat32(o, v, little));
      break;
    case 5:
      fixed(8, (o, v) => view.setFloat64(o, v, little));
      break;
    default: {
      const samples = Array.from(spec.samples);
      const diffs = samples.map(
        (v, i) => (v - (i === 0 ? (spec.previous ?? 0) : samples[i - 1]!)) | 0,
      );
      const words = steimWords(diffs, spec.encoding === 10 ? 1 : 2);
      const frames = Math.floor(room / 64);
      let w = 0;
      for (let f = 0; f < frames; f++) {
        const base = at(64 * f);
        let control = 0;
        for (let k = 1; k < 16; k++) {
          if (f === 0 && k === 1) view.setInt32(base + 4, samples[0] ?? 0, little);
          else if (f === 0 && k === 2) view.setInt32(base + 8, samples[n - 1] ?? 0, little);
          else if (w < words.length) {
            const [nibble, word] = words[w++]!;
            control |= nibble << (30 - 2 * k);
            view.setUint32(base + 4 * k, word, little);
          }
        }
        view.setUint32(base, control >>> 0, little);
      }
      if (w < words.length) throw new Error(`${n} samples do not fit in ${frames} Steim frames`);
    }
  }
  return out;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
