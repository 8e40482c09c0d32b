/**
 * Reduced time t − |x|/v: subtracting the travel time of a reduction velocity v over the
 * offset x flattens a refractor of that velocity, so its first breaks line up horizontally
 * and small kinks (statics, mispicks) stand out. Returns the shift |x|/v (s) of one trace;
 * 0 when reduction is off (v null) or the trace has no offset.
 */
export function reductionShift(offset: number | null, velocity: number | null): number {
  if (velocity === null || !(velocity > 0) || offset === null) return 0;
  return Math.abs(offset) / velocity;
}
