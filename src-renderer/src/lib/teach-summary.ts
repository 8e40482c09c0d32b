import type { ResidualSummary, TeachReport } from '../../../src-main/api/contract';

/** "median +0.83 ms, 66 % within 2 ms": how a model sat against a person's picks. */
export function agreement(s: ResidualSummary): string {
  const median =
    s.median === null ? '–' : `${s.median >= 0 ? '+' : ''}${(s.median * 1000).toFixed(1)} ms`;
  return `median ${median}, ${Math.round(100 * s.within2)} % within 2 ms`;
}

/** What a teaching did, in one sentence for the gather's status line. */
export function teachSummary(r: TeachReport): string {
  const repicked = r.repicked
    ? `; ${r.repicked.picks.P} P proposals on ${r.repicked.shots} other shots`
    : '';
  return (
    `${r.model.name} learnt from ${r.taughtReceivers} receivers: on them ${agreement(r.before)} ` +
    `before, ${agreement(r.after)} after${repicked}. Manual and accepted picks are as they were.`
  );
}
