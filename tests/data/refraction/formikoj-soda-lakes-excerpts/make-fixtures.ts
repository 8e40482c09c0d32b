/**
 * Makes this folder's SEG-2 files from the formikoj "soda lakes" survey (MIT, see LICENSE):
 * `npx jiti tests/data/refraction/formikoj-soda-lakes-excerpts/make-fixtures.ts [SHARED_DATA_DIR]`.
 *
 * Each file is 24 neighbouring channels of one shot, the first 0.15 s (600 samples at 0.25 ms,
 * 10 ms of them before the trigger), with the survey's positions (geometry.csv, moved so the
 * first station is at 0, 0) written into the headers, which the originals lack, and the
 * analyst's picks of those traces in `picks.csv` (seconds after the shot).
 */
import fs from 'node:fs';
import path from 'node:path';
import { readAny } from '../../../../src-main/formats/registry';
import { writeSeg2 } from '../../../../src-main/formats/seg2-writer';

const shared = path.resolve(process.argv[2] ?? path.join(__dirname, '../../../../../shared/data'));
const root = path.join(shared, 'refraction/formikoj-soda-lakes');
const here = __dirname;
/** Shot number → first channel of its 24: shot 1070 among its receivers, 1100 off the spread. */
const SHOTS: Record<number, number> = { 1070: 58, 1100: 1 };
const SAMPLES = 600;

const geometry = fs
  .readFileSync(path.join(root, 'geometry.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((l) => l.split(',').map(Number));
const [x0, y0] = geometry[0]!;
const station = (n: number) => ({
  x: Math.round((geometry[n - 1]![0]! - x0!) * 1000) / 1000,
  y: Math.round((geometry[n - 1]![1]! - y0!) * 1000) / 1000,
  z: 0,
});
const picks = fs
  .readFileSync(path.join(root, 'picks.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(','));

const rows = ['file,trace,channel,phase,time_s'];
for (const [shot, first] of Object.entries(SHOTS)) {
  const name = `Shot_0${shot}.sg2`;
  const record = readAny(path.join(root, 'data', name)).records[0]!;
  const chosen = record.traces.slice(first - 1, first - 1 + 24);
  const out = `shot-${shot}.sg2`;
  fs.writeFileSync(
    path.join(here, out),
    writeSeg2({
      coding: 'float32',
      keywords: {
        NOTE: `formikoj soda lakes ${name}, channels ${first}-${first + 23}, first 0.15 s`,
      },
      traces: chosen.map((t) => ({
        samples: t.samples.slice(0, SAMPLES),
        sampleInterval: t.sampleInterval,
        startTime: t.startTime,
        channel: t.channel,
        receiver: station(t.channel),
        source: station(Number(shot) - 1000),
        keywords: { SHOT_SEQUENCE_NUMBER: shot },
      })),
    }),
  );
  chosen.forEach((t, i) => {
    const pick = picks.find((p) => p[0] === name && Number(p[2]) === t.channel);
    if (pick) rows.push(`${out},${i},${t.channel},P,${pick[4]}`);
  });
}
fs.writeFileSync(path.join(here, 'picks.csv'), `${rows.join('\n')}\n`);
