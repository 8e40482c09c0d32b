/** Where a trace's samples lie in time: the first sample's time and the spacing (s). */
export interface SampleClock {
  startTime: number;
  sampleInterval: number;
}

/** Index of the sample nearest to `time` (may lie outside the trace). */
export function nearestSampleIndex(clock: SampleClock, time: number): number {
  return Math.round((time - clock.startTime) / clock.sampleInterval);
}

/** The time of sample `index`. */
export function sampleTime(clock: SampleClock, index: number): number {
  return clock.startTime + index * clock.sampleInterval;
}

/**
 * `time` moved onto the sample grid, then by `samples` samples: picks sit on samples, so a
 * nudge by one sample always lands on the next one, and clicks give reproducible times.
 */
export function onSampleGrid(clock: SampleClock, time: number, samples = 0): number {
  return sampleTime(clock, nearestSampleIndex(clock, time) + samples);
}
