import type { JobRecord } from '../../../src-main/api/contract';

/**
 * Seconds a running job still needs, from its progress and the time it has run: the rate so
 * far, extrapolated. Null until the estimate means something: before 2 % progress or 1 s of
 * work the rate is dominated by start-up (loading the model, the first shot).
 */
export function remainingSeconds(progress: number, elapsedSeconds: number): number | null {
  if (!(progress >= 0.02 && progress < 1) || !(elapsedSeconds >= 1)) return null;
  return (elapsedSeconds * (1 - progress)) / progress;
}

/** A short, rounded duration for people: "8 s", "2 min 05 s", "1 h 20 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Seconds since a job started, by the clock `now` (ms since the epoch). */
export function elapsedSeconds(job: Pick<JobRecord, 'startedAt' | 'endedAt'>, now: number): number {
  const end = job.endedAt ? Date.parse(job.endedAt) : now;
  return Math.max(0, (end - Date.parse(job.startedAt)) / 1000);
}

export function isActive(job: Pick<JobRecord, 'state'>): boolean {
  return job.state === 'queued' || job.state === 'running';
}
