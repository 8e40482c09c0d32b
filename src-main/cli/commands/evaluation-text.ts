import type { ModelEvaluation } from '../../api/contract';
import { pct, ratio, table } from './evaluate';

const ms = (v: number | undefined) => (v === undefined ? '-' : (v * 1000).toFixed(2));

/** A stored model evaluation as `pickline models --evaluate` prints it. */
export function evaluationText(name: string, e: ModelEvaluation): string {
  const sources = e.dataset.reference
    .map((r) => `${r.phase}: ${r.manual} manual, ${r.accepted} accepted, ${r.imported} imported`)
    .join('; ');
  const first = e.phases[0];
  const header = [
    'phase',
    'labels',
    'picks',
    'TP',
    'FP',
    'FN',
    'precision',
    'recall',
    'F1',
    'mean ms',
    'MAE ms',
    ...(first?.withinMs ?? []).map((w) => `≤${w.limit} ms`),
  ];
  const rows = e.phases.map((s) => [
    s.phase,
    ...[s.labels, s.picks, s.tp, s.fp, s.fn].map(String),
    ratio(s.precision),
    ratio(s.recall),
    ratio(s.f1),
    ms(s.residual?.mean),
    ms(s.residual?.mae),
    ...s.withinMs.map((w) => pct(w.share)),
  ]);
  return [
    `${name} on ${e.dataset.project} (${e.dataset.shots} shots; reference ${sources}), ` +
      `tolerance ${e.tolerance} s, in ${e.seconds.toFixed(1)} s; stored with the model`,
    ...(e.dataset.trainedOnProject
      ? ["the model was trained on this project's picks: not an independent test"]
      : []),
    table([header, ...rows]),
  ].join('\n');
}
