import path from 'node:path';
import { ensureBackend } from '../src-main/ml/backend';
import { loadModel } from '../src-main/picking/model-dir';
import { decideLineTimeBases } from '../src-main/picking/time-base';
import type { HumSetting } from '../src-main/dsp/hum';
import type { Trace } from '../src-main/formats/record';
import { butterworth, sosfilt } from '../src-main/dsp/butterworth';
import { fileTimeBases } from '../src-main/services/seismic-input';
import { RESOURCES } from './built';
import { LINE_NAMES, loadLine, type FieldLine, type LineName } from './field/lines';
import { scoreLine, type LineScore } from './field/score';
import { Floors, type EvalSuite } from './suite';
import { formatTable, residualCells } from './table';

/**
 * Field accuracy on the real lines with an analyst's P picks (docs/field-accuracy.md): each
 * line's time base as the first breaks decide it, then P picks against the analyst's, by the
 * model that never saw the line (eval/models/lolo-<line>, made by `npm run field:lolo`) and by
 * the bundled model (the same recipe trained on every line), gather by gather (the default, with and without the neighbour stacks) and
 * trace by trace.
 *
 * Floors are what the shipped models measured, rounded down, and the hard rules: no
 * pick before the shot, every formikoj shot on its true DELAY reading.
 */
export const LOLO_MODELS = path.resolve(__dirname, 'models');

/**
 * Shares within 2 ms of the analyst, gather by gather, as measured (docs/field-accuracy.md)
 * and rounded down: what a regression must not lose. GeoStack's low floors are its analyst's
 * convention, 3 ms off the others' (the document says why); the bundled model, trained on all
 * three lines with the same recipe, learned it from a sixth of its windows only.
 */
const FLOORS: Record<LineName, { lolo: number; bundled: number }> = {
  'refrapy-ex01': { lolo: 0.85, bundled: 0.93 },
  'geostack-dataset1': { lolo: 0.17, bundled: 0.21 },
  'formikoj-soda-lakes': { lolo: 0.79, bundled: 0.83 },
};

/** Shares missed or off by more than 10 ms, gather by gather, as measured and rounded up. */
const GROSS_CEILINGS: Record<LineName, { lolo: number; bundled: number }> = {
  'refrapy-ex01': { lolo: 0.01, bundled: 0.01 },
  'geostack-dataset1': { lolo: 0.04, bundled: 0.09 },
  'formikoj-soda-lakes': { lolo: 0.005, bundled: 0.005 },
};

/** The default, the gather's path without the neighbour stacks, and each trace alone. */
const STRATEGIES = [
  { label: 'gather', options: { strategy: 'gather' } },
  { label: 'gather, path only', options: { strategy: 'gather', neighbourStack: false } },
  { label: 'trace', options: { strategy: 'trace' } },
] as const;

/**
 * Shares within 2 ms and gross errors with the sources mixed up (mixedUpSources), the models
 * that never saw the line, as measured and rounded.
 */
const MIXED_UP: Partial<Record<LineName, { within2: number; gross: number }>> = {
  'refrapy-ex01': { within2: 0.85, gross: 0.01 },
  'formikoj-soda-lakes': { within2: 0.79, gross: 0.005 },
};

/**
 * Geometry as it goes wrong in the field: every record of a line given the source position of
 * the record a fifth of the line later (a shot list out of step with the files), scored with
 * the models that never saw the line. The picker takes the source where each gather's first
 * breaks put it when they contradict the headers (picking/gather/source-check.ts).
 */
async function mixedUpSources(dataDir: string, floors: Floors) {
  const rows = [];
  for (const [name, floor] of Object.entries(MIXED_UP) as [
    LineName,
    { within2: number; gross: number },
  ][]) {
    const line = loadLine(name, dataDir);
    const sources = line.files.map((f) => f.records[0]!.traces[0]!.source);
    const step = Math.max(1, Math.round(line.files.length / 5));
    line.files.forEach((f, i) => {
      const source = sources[(i + step) % sources.length]!;
      for (const t of f.records[0]!.traces) t.source = source;
    });
    const model = loadModel(path.join(LOLO_MODELS, `lolo-${name}`));
    try {
      const s = await scoreLine(line, model);
      rows.push(row(name, `never saw the line, sources ${step} records off`, s));
      floors.atLeast(`${name} sources mixed up: within 2 ms`, s.within2, floor.within2);
      floors.atMost(`${name} sources mixed up: gross errors`, s.gross, floor.gross);
      floors.equal(`${name} sources mixed up: picks before 0 s`, s.beforeShot, 0);
    } finally {
      model.model.dispose();
    }
  }
  return rows;
}

/**
 * The lines as other instruments and sites record them, scored with the models that never saw
 * the line: records cut at 100 ms (every formikoj first break is before 60 ms), shorter than
 * the network's window; 50 Hz power-line hum at 5 and 20 % of each trace's RMS, its phase
 * turning along the spread, picked as recorded and with the hum found and subtracted (`--hum
 * auto`); receivers thinned to every second or third (a sparser spread); and through another
 * instrument's response (a 40 Hz geophone's or recorder's low cut, an accelerometer).
 * Floors are what was measured, rounded down.
 */
const RECORDED_OTHERWISE: {
  line: LineName;
  label: string;
  change: (line: FieldLine) => void;
  hum?: HumSetting;
  floor?: number;
}[] = [
  {
    line: 'formikoj-soda-lakes',
    label: 'records cut at 100 ms',
    change: eachTrace(cutAt(0.1)),
    floor: 0.83,
  },
  { line: 'refrapy-ex01', label: 'hum at 5 % RMS, left in', change: eachTrace(addHum(0.05)) },
  {
    line: 'refrapy-ex01',
    label: 'hum at 5 % RMS, --hum auto',
    change: eachTrace(addHum(0.05)),
    hum: 'auto',
    floor: 0.85,
  },
  { line: 'refrapy-ex01', label: 'hum at 20 % RMS, left in', change: eachTrace(addHum(0.2)) },
  {
    line: 'refrapy-ex01',
    label: 'hum at 20 % RMS, --hum auto',
    change: eachTrace(addHum(0.2)),
    hum: 'auto',
    floor: 0.85,
  },
  {
    line: 'formikoj-soda-lakes',
    label: 'hum at 5 % RMS, left in',
    change: eachTrace(addHum(0.05)),
  },
  {
    line: 'formikoj-soda-lakes',
    label: 'hum at 5 % RMS, --hum auto',
    change: eachTrace(addHum(0.05)),
    hum: 'auto',
    floor: 0.75,
  },
  {
    line: 'formikoj-soda-lakes',
    label: 'hum at 20 % RMS, left in',
    change: eachTrace(addHum(0.2)),
  },
  {
    line: 'formikoj-soda-lakes',
    label: 'hum at 20 % RMS, --hum auto',
    change: eachTrace(addHum(0.2)),
    hum: 'auto',
    floor: 0.79,
  },
  { line: 'refrapy-ex01', label: 'every 2nd receiver (8 m)', change: thinned(2), floor: 0.83 },
  { line: 'refrapy-ex01', label: 'every 3rd receiver (12 m)', change: thinned(3), floor: 0.77 },
  {
    line: 'formikoj-soda-lakes',
    label: 'every 2nd receiver (4 m)',
    change: thinned(2),
    floor: 0.81,
  },
  {
    line: 'formikoj-soda-lakes',
    label: 'every 4th receiver (8 m)',
    change: thinned(4),
    floor: 0.78,
  },
  {
    line: 'refrapy-ex01',
    label: '40 Hz low cut',
    change: eachTrace(lowCut(40, 2)),
    floor: 0.87,
  },
  { line: 'refrapy-ex01', label: 'accelerometer', change: eachTrace(accelerometer), floor: 0.81 },
  {
    line: 'formikoj-soda-lakes',
    label: '40 Hz low cut',
    change: eachTrace(lowCut(40, 2)),
    floor: 0.64,
  },
  {
    line: 'formikoj-soda-lakes',
    label: 'accelerometer',
    change: eachTrace(accelerometer),
    floor: 0.56,
  },
];

function eachTrace(change: (t: Trace, channel: number) => void) {
  return (line: FieldLine) => {
    for (const f of line.files) for (const r of f.records) r.traces.forEach(change);
  };
}

/** Every `k`-th receiver of each record kept, the analyst's picks on them with them. */
function thinned(k: number) {
  return (line: FieldLine) => {
    for (const f of line.files) {
      const record = f.records[0]!;
      record.traces = record.traces.filter((_, i) => i % k === 0);
      record.timeReadings = record.timeReadings?.map((r) => ({
        ...r,
        startTimes: r.startTimes.filter((_, i) => i % k === 0),
      }));
    }
    line.reference = line.reference
      .filter((r) => r.trace % k === 0)
      .map((r) => ({ ...r, trace: r.trace / k }));
  };
}

/** Through a causal Butterworth high-pass: a stiffer geophone or a recorder's low cut. */
function lowCut(hz: number, order: number) {
  return (t: Trace) => {
    const sos = butterworth({ type: 'highpass', order, cutoff: hz, fs: 1 / t.sampleInterval });
    t.samples = Float32Array.from(sosfilt(sos, t.samples));
  };
}

/** Differentiated, as an accelerometer records what a geophone records as velocity. */
function accelerometer(t: Trace) {
  t.samples = t.samples.map((v, i, x) => (i === 0 ? 0 : v - x[i - 1]!));
}

function cutAt(seconds: number) {
  return (t: Trace) => {
    t.samples = t.samples.slice(0, Math.round((seconds - t.startTime) / t.sampleInterval));
  };
}

function addHum(share: number) {
  return (t: Trace, channel: number) => {
    let power = 0;
    for (const v of t.samples) power += v * v;
    const a = share * Math.sqrt(power / t.samples.length);
    t.samples = t.samples.map(
      (v, i) => v + a * Math.sin(2 * Math.PI * 50 * i * t.sampleInterval + channel / 3),
    );
  };
}

async function recordedOtherwise(dataDir: string, floors: Floors) {
  const rows = [];
  for (const { line: name, label, change, hum, floor } of RECORDED_OTHERWISE) {
    const line = loadLine(name, dataDir);
    change(line);
    const model = loadModel(path.join(LOLO_MODELS, `lolo-${name}`));
    try {
      const s = await scoreLine(line, model, hum ? { hum } : {});
      rows.push(row(name, `never saw the line, ${label}`, s));
      floors.equal(`${name} ${label}: picks before 0 s`, s.beforeShot, 0);
      if (floor !== undefined) floors.atLeast(`${name} ${label}: within 2 ms`, s.within2, floor);
    } finally {
      model.model.dispose();
    }
  }
  return rows;
}

function row(line: string, picker: string, s: LineScore) {
  return { line, picker, ...residualCells(s) };
}

export const fieldAccuracy: EvalSuite = {
  name: 'field-accuracy',
  title: 'P picks on real lines against their analysts: the time base, then each line left out',
  needs: LINE_NAMES.map((n) => `refraction/${n}`),
  async run({ dataDir, print }) {
    await ensureBackend();
    const floors = new Floors();
    const timeRows = [];
    const rows = [];
    for (const name of LINE_NAMES) {
      const line = loadLine(name, dataDir);
      const decisions = decideLineTimeBases(line.files.flatMap((f) => fileTimeBases(f)));
      const tally = new Map<string, number>();
      for (const d of decisions) tally.set(d.reading, (tally.get(d.reading) ?? 0) + 1);
      const warned = decisions.filter((d) => d.warning).length;
      timeRows.push({
        line: name,
        records: decisions.length,
        readings: [...tally].map(([r, n]) => `${r} ${n}`).join(', '),
        'decided by the line': decisions.filter((d) => d.decidedBy === 'line').length,
        warnings: warned,
      });
      // Without a time header (NumPy) there is one reading; its first breaks still start early.
      if (name === 'geostack-dataset1') floors.equal('GeoStack time-base warnings', warned, 0);
      if (name === 'formikoj-soda-lakes') {
        // DELAY -0.01 with 10 ms of pre-trigger on every shot (its README); three shots whose
        // hammer shows 6-9 ms before the trigger are warned about.
        floors.equal('formikoj shots read as Geometrics', tally.get('geometrics') ?? 0, 116);
        floors.atMost('formikoj time-base warnings', warned, 3);
      }

      const pickers = [
        {
          label: 'never saw the line',
          dir: path.join(LOLO_MODELS, `lolo-${name}`),
          floor: FLOORS[name].lolo,
          gross: GROSS_CEILINGS[name].lolo,
        },
        {
          label: 'bundled (trained on it)',
          dir: path.join(RESOURCES, 'models', 'near-surface'),
          floor: FLOORS[name].bundled,
          gross: GROSS_CEILINGS[name].bundled,
        },
      ];
      for (const picker of pickers) {
        const model = loadModel(picker.dir);
        try {
          for (const strategy of STRATEGIES) {
            const s = await scoreLine(line, model, strategy.options);
            rows.push(row(name, `${picker.label}, ${strategy.label}`, s));
            const which = `${name} ${picker.label} ${strategy.label}`;
            floors.equal(`${which}: picks before 0 s`, s.beforeShot, 0);
            if (strategy.label === 'gather') {
              floors.atLeast(`${which}: within 2 ms`, s.within2, picker.floor);
              floors.atMost(`${which}: gross errors`, s.gross, picker.gross);
            }
          }
        } finally {
          model.model.dispose();
        }
      }
    }
    print(formatTable(timeRows));
    print(formatTable(rows));
    print(formatTable(await mixedUpSources(dataDir, floors)));
    print(formatTable(await recordedOtherwise(dataDir, floors)));
    return floors.missed;
  },
};
