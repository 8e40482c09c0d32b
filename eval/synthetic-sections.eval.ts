import { refractionLine } from '../src-main/training/synth/refraction-line';
import { measureSections } from '../src-main/services/synthetic-sections';
import { Floors, type EvalSuite } from './suite';
import { formatTable } from './table';

/**
 * Issue 19's checks on simulated lines with their truth: P and S first arrivals of a 48-receiver,
 * 10-shot line over a model from the simulator (a water table on odd seeds), 0.5 ms and 1 ms
 * pick errors, each section method measured against the model (services/synthetic-sections).
 * The floors guard only what a method meets on every line today (docs/velocity-sections.md):
 * the time-term sections mark Vp/Vs ≥ 2.5 almost nowhere the model does not have it, and fit
 * their picks at chi² 0.8-1.1 (2 allowed), since a weak contrast (seed 2: 637 over 808 m/s)
 * is kept as its own layer when the picks resolve it; tomography from a gradient fits them
 * at 0.9-1.7 (2 allowed), since a stalled fit is tried again on finer cells.
 */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
/**
 * Vp RMS held on the lines whose saturated layer P alone misses (54 and 38 % from P's layers):
 * within the 10 % on seed 3 (6.9 %), 19.5 % on seed 7, whose 0.8 m layer's speed
 * the few picks that see it hardly fix.
 */
const HIDDEN: Record<number, { vp: number }> = { 3: { vp: 0.1 }, 7: { vp: 0.25 } };
const pct = (v: number) => (Number.isFinite(v) ? (v * 100).toFixed(1) : '–');
const num = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

export const synthSections: EvalSuite = {
  name: 'synth-sections',
  title: 'velocity sections of simulated P and S lines against their model',
  needs: [],
  async run({ print }) {
    const floors = new Floors();
    const rows = [];
    for (const seed of SEEDS) {
      const line = refractionLine({ seed, waterTable: seed % 2 === 1 });
      const model = line.model.layers
        .map((l) => `${l.kind[0]} ${l.vp.toFixed(0)}/${l.vs.toFixed(0)}`)
        .join(', ');
      const depths = line.model.interfaces.map((f) => f.depth.toFixed(1)).join(', ');
      for (const r of measureSections(line)) {
        rows.push({
          seed,
          'model (Vp/Vs m/s)': model,
          'interfaces at x=0 (m)': depths,
          method: r.method,
          'Vp %': pct(r.vp),
          'Vs %': pct(r.vs),
          'Vp/Vs %': pct(r.vpVs),
          'depth P %': pct(r.depth.P),
          'depth S %': pct(r.depth.S),
          'marked in %': pct(r.marked.inside),
          'marked out %': pct(r.marked.outside),
          'chi² P': num(r.chi2.P),
          'chi² S': num(r.chi2.S),
          'S bedrock offered': r.hint === null ? '–' : r.hint ? 'a hidden layer' : 'nothing',
        });
        const layered = r.method === 'time-terms' || r.method === 'time-terms, S bedrock';
        // An S line with no refractor gives no time-terms (NaN): nothing to hold it to.
        if (layered && Number.isFinite(r.marked.outside)) {
          floors.atMost(`seed ${seed} ${r.method} Vp/Vs ≥ 2.5 outside`, r.marked.outside, 0.05);
        }
        // The saturated layers hidden from P (seeds 3, 7), placed with the S bedrock.
        if (r.method === 'time-terms, S bedrock' && HIDDEN[seed]) {
          floors.atMost(`seed ${seed} ${r.method} Vp`, r.vp, HIDDEN[seed].vp);
          floors.atLeast(`seed ${seed} ${r.method} marked inside`, r.marked.inside, 0.85);
        }
        // The P layers offer the S bedrock's hidden layer on exactly the lines that have one.
        if (r.method === 'time-terms') {
          floors.equal(
            `seed ${seed} P time-terms offer a hidden layer`,
            r.hint ? 1 : 0,
            seed in HIDDEN ? 1 : 0,
          );
        }
        if (layered || r.method === 'tomography') {
          for (const wave of ['P', 'S'] as const) {
            if (Number.isFinite(r.chi2[wave])) {
              floors.atMost(`seed ${seed} ${r.method} chi² ${wave}`, r.chi2[wave], 2);
            }
          }
        }
      }
    }
    print(formatTable(rows));
    return floors.missed;
  },
};
