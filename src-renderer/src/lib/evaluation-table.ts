import type { ModelEvaluation } from '../../../src-main/api/contract';

/** One row of a model's evaluation table: a measure, and its value per phase. */
export interface EvaluationRow {
  label: string;
  values: string[];
}

const ratio = (v: number | null) => (v === null ? '–' : v.toFixed(3));
const percent = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)} %`);

/**
 * The evaluation as a table with the phases as columns and the measures as rows, so that it
 * fits the narrow models panel: counts, precision, recall, F1, the residuals of the true
 * positives and the shares within 1, 2, 5 and 10 ms.
 */
export function evaluationRows(e: ModelEvaluation): EvaluationRow[] {
  const row = (label: string, value: (p: ModelEvaluation['phases'][number]) => string) => ({
    label,
    values: e.phases.map(value),
  });
  const ms = (v: number | undefined) => (v === undefined ? '–' : `${(1000 * v).toFixed(2)} ms`);
  return [
    row('reference picks', (p) => String(p.labels)),
    row('model picks', (p) => String(p.picks)),
    row('precision', (p) => ratio(p.precision)),
    row('recall', (p) => ratio(p.recall)),
    row('F1', (p) => ratio(p.f1)),
    row('mean residual', (p) => ms(p.residual?.mean)),
    row('mean |residual|', (p) => ms(p.residual?.mae)),
    ...(e.phases[0]?.withinMs ?? []).map((w, i) =>
      row(`within ${w.limit} ms`, (p) => percent(p.withinMs[i]?.share ?? null)),
    ),
  ];
}

/** A tolerance in seconds as ms for people: 0.0033 → 3.3, without floating-point tails. */
export const toleranceMs = (seconds: number) => +(1000 * seconds).toPrecision(6);

/** The evaluation shown first: the latest. */
export function latestEvaluation(list: readonly ModelEvaluation[]): ModelEvaluation | null {
  return list.reduce<ModelEvaluation | null>((a, b) => (a === null || b.at > a.at ? b : a), null);
}
