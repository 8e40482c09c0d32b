import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src-main/api/contract';
import { JobRunner } from '../../../src-main/jobs/runner';
import { BUILT_WORKER, requireBuild } from '../../helpers/built';

describe('job runner (worker threads)', () => {
  it('runs a task in a worker and reports progress, then the result', async () => {
    requireBuild();
    const updates: JobRecord[] = [];
    const runner = new JobRunner(BUILT_WORKER, (job) => updates.push(job));
    const job = runner.start('ml.selfcheck', { iterations: 5, windowSamples: 512 });
    const final = await runner.wait(job.id);
    expect(final.state).toBe('done');
    expect(final.progress).toBe(1);
    expect(final.result).toMatchObject({ iterations: 5, windowSamples: 512 });
    expect((final.result as { windowsPerSecond: number }).windowsPerSecond).toBeGreaterThan(0);
    expect(updates[0]!.state).toBe('running');
    expect(updates.at(-1)!.state).toBe('done');
    expect(runner.list()).toEqual([final]);
    await runner.close();
  });

  it('cancels a running job', async () => {
    requireBuild();
    const runner = new JobRunner(BUILT_WORKER, () => undefined);
    const job = runner.start('ml.selfcheck', { iterations: 10_000, windowSamples: 3000 });
    expect(runner.cancel(job.id)).toBe(true);
    const final = await runner.wait(job.id);
    expect(final.state).toBe('cancelled');
    expect(runner.cancel(job.id)).toBe(false);
    await runner.close();
  });

  it('reports a task failure with its message', async () => {
    requireBuild();
    const runner = new JobRunner(BUILT_WORKER, () => undefined);
    const job = runner.start('ml.selfcheck', { iterations: -1 });
    const final = await runner.wait(job.id);
    expect(final.state).toBe('failed');
    expect(final.error).toMatch(/iterations/);
    await runner.close();
  });

  it('names an unknown job id', () => {
    const runner = new JobRunner(BUILT_WORKER, () => undefined);
    expect(() => runner.cancel('nope')).toThrow('no job nope');
  });

  it('runs exclusive kinds one at a time: the second waits queued, and can be cancelled there', async () => {
    requireBuild();
    const updates: JobRecord[] = [];
    const runner = new JobRunner(BUILT_WORKER, (job) => updates.push(job), {
      exclusive: ['ml.selfcheck'],
    });
    const first = runner.start('ml.selfcheck', { iterations: 3, windowSamples: 512 });
    const second = runner.start('ml.selfcheck', { iterations: 3, windowSamples: 512 });
    const third = runner.start('ml.selfcheck', { iterations: 3, windowSamples: 512 });
    expect([first.state, second.state, third.state]).toEqual(['running', 'queued', 'queued']);
    expect(runner.cancel(third.id)).toBe(true);
    const [a, b, c] = await Promise.all([first, second, third].map((j) => runner.wait(j.id)));
    expect([a!.state, b!.state, c!.state]).toEqual(['done', 'done', 'cancelled']);
    // The second started only after the first ended.
    const startOfSecond = updates.findIndex((u) => u.id === second.id && u.state === 'running');
    const endOfFirst = updates.findIndex((u) => u.id === first.id && u.state === 'done');
    expect(startOfSecond).toBeGreaterThan(endOfFirst);
    await runner.close();
  });
});
