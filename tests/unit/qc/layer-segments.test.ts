import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { layerSegments } from '../../../src-main/qc/layer-segments';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { SurveyService } from '../../../src-main/services/survey-service';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

describe('layer segments', () => {
  it('fit each side and layer of a shot apart, with the velocity of its slope', () => {
    // A direct wave at 500 m/s and a refraction at 2000 m/s (t0 = 20 ms) on both sides.
    const picks = [5, 10, 15, 20].flatMap((x) => [
      { shotId: 1, offset: x, time: x / 500, layer: 1 },
      { shotId: 1, offset: -x, time: x / 500, layer: 1 },
    ]);
    for (const x of [40, 50, 60])
      picks.push({ shotId: 1, offset: x, time: 0.02 + x / 2000, layer: 2 });
    picks.push({ shotId: 1, offset: 70, time: 0.05, layer: 3 }); // alone: no segment
    const segments = layerSegments(picks);
    expect(segments.map((s) => [s.side, s.layer, s.picks])).toEqual([
      ['negative', 1, 4],
      ['positive', 1, 4],
      ['positive', 2, 3],
    ]);
    expect(segments[1]!.velocity).toBeCloseTo(500, 6);
    expect(segments[1]!.intercept).toBeCloseTo(0, 9);
    expect(segments[2]!.velocity).toBeCloseTo(2000, 6);
    expect(segments[2]!.intercept).toBeCloseTo(0.02, 9);
    expect(segments[2]).toMatchObject({ from: 40, to: 60 });
    expect(segments[2]!.rms).toBeLessThan(1e-12);
    // Times falling with distance have no velocity.
    expect(
      layerSegments([
        { shotId: 2, offset: 1, time: 0.02, layer: 1 },
        { shotId: 2, offset: 2, time: 0.01, layer: 1 },
      ])[0]!.velocity,
    ).toBeNull();
  });

  it('are read from the layers assigned on a real line, and survive moving a pick', () => {
    const data = testData('refraction/refrapy-ex01/data');
    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(
      project,
      fs.readdirSync(data).map((f) => path.join(data, f)),
    );
    importPicks(project, testData('refraction/refrapy-ex01/picks/field_example_01.sgt'));
    const survey = new SurveyService(() => project);
    const shot = survey.travelTimes('P').filter((p) => p.shotId === 1);
    // Shot 2001 at x = −20: receivers at 0–16 m are layer 1, 60–92 m layer 2.
    const near = shot.filter((p) => p.receiverX! <= 16).map((p) => p.traceId);
    const far = shot.filter((p) => p.receiverX! >= 60).map((p) => p.traceId);
    expect(survey.assignLayers({ phase: 'P', traceIds: near, layer: 1 })).toEqual({ changed: 5 });
    survey.assignLayers({ phase: 'P', traceIds: far, layer: 2 });
    const segments = survey.layerSegments('P');
    expect(segments.map((s) => [s.shotId, s.side, s.layer, s.picks])).toEqual([
      [1, 'positive', 1, 5],
      [1, 'positive', 2, 9],
    ]);
    // The deeper branch is faster, as a refraction must be.
    expect(segments[1]!.velocity!).toBeGreaterThan(segments[0]!.velocity!);
    expect(survey.travelTimes('P').find((p) => p.traceId === near[0])!.layer).toBe(1);
    // A person's pick replaces the imported one on that trace: the layer stays with the trace.
    const moved = survey.setManual({ traceId: near[0]!, phase: 'P', time: 0.05 });
    expect(survey.travelTimes('P').find((p) => p.pickId === moved.id)!.layer).toBe(1);
    survey.assignLayers({ phase: 'P', traceIds: near, layer: null });
    expect(survey.layerSegments('P').map((s) => s.layer)).toEqual([2]);
    expect(() => survey.assignLayers({ phase: 'P', traceIds: [99_999], layer: 1 })).toThrow(
      /no trace with id 99999/,
    );
    project.close();
  });
});
