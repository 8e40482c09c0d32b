/** A first-arrival pick of a classical picker. */
export interface FirstArrival {
  /** Sample index of the onset. */
  index: number;
  /** Seconds on the trace's clock: t0 + index·dt. */
  time: number;
}

/** Converts a duration in seconds to a whole number of samples, at least `min`. */
export function samplesOf(seconds: number, dt: number, min: number, name: string): number {
  if (!(seconds > 0 && Number.isFinite(seconds))) {
    throw new RangeError(`${name} must be a positive number of seconds, got ${seconds}`);
  }
  return Math.max(min, Math.round(seconds / dt));
}
