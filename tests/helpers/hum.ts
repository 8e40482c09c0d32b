import fs from 'node:fs';
import type { Trace } from '../../src-main/formats/record';
import { readAny } from '../../src-main/formats/registry';
import { writeSeg2 } from '../../src-main/formats/seg2-writer';
import { testData } from './test-data';

/** The trace's samples with 50 Hz hum added at `share` of their RMS, at phase `phase` (rad). */
export function withHum(trace: Trace, share: number, phase: number): Float32Array {
  let power = 0;
  for (const v of trace.samples) power += v * v;
  const a = share * Math.sqrt(power / trace.samples.length);
  return trace.samples.map(
    (v, i) => v + a * Math.sin(2 * Math.PI * 50 * i * trace.sampleInterval + phase),
  );
}

/**
 * Refrapy's shot 2001 written to `file` as SEG-2 with 50 Hz hum at a fifth of each trace's
 * RMS, its phase the channel number (rad).
 */
export function writeHummedShot2001(file: string): void {
  const record = readAny(testData('refraction/refrapy-ex01/data/2001.dat')).records[0]!;
  const traces = record.traces.map((t) => ({ ...t, samples: withHum(t, 0.2, t.channel) }));
  fs.writeFileSync(file, writeSeg2({ coding: 'float32', traces }));
}
