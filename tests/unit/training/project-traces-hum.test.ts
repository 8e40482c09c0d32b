import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { writeSettings } from '../../../src-main/catalogue/settings-store';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { maxOf } from '../../../src-main/numeric/extent';
import { projectTraces } from '../../../src-main/training/sources';
import { writeHummedShot2001 } from '../../helpers/hum';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const RATE = 4000;

/**
 * Power of the 50 Hz tone in the second half of one channel of samples at RATE: after the
 * arrivals of a 2 s record, where the hum is what there is at 50 Hz.
 */
function humPower(data: Float32Array): number {
  let [c, s] = [0, 0];
  const late = data.subarray(data.length >> 1);
  late.forEach((v, i) => {
    c += v * Math.cos((2 * Math.PI * 50 * i) / RATE);
    s += v * Math.sin((2 * Math.PI * 50 * i) / RATE);
  });
  return (c * c + s * s) / late.length ** 2;
}

describe('training traces of a project', () => {
  it("are read as the project's picker reads them: with its hum subtracted when told", () => {
    // Refrapy's shot 2001 with 50 Hz hum at a fifth of each trace's RMS, its analyst's picks.
    const file = path.join(tmpDir(), '2001.sg2');
    writeHummedShot2001(file);
    const project = Project.create(path.join(tmpDir(), 'line'));
    try {
      importFiles(project, [file]);
      const sgt = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');
      expect(importPicks(project, sgt).matched).toBe(24);
      const target = { sampleRate: RATE, channelOrder: ['Z'] };
      const asRecorded = projectTraces(project, target);
      writeSettings(project.db, { picking: { hum: 'auto' } });
      const cleaned = projectTraces(project, target);
      expect(cleaned).toHaveLength(24);
      const ratios = cleaned.map((t, i) => humPower(t.data) / humPower(asRecorded[i]!.data));
      expect(maxOf(ratios)).toBeLessThan(0.05);
      expect(cleaned.map((t) => t.picks)).toEqual(asRecorded.map((t) => t.picks));
    } finally {
      project.close();
    }
  });
});
