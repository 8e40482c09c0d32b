import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PreviewedFile } from '../../../src-main/api/contract';
import { previewGeometry } from '../../../src-main/services/geometry-preview';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const SHOTS = ['2001.dat', '2002.dat'].map((f) => testData('refraction/refrapy-ex01/data', f));

function geometryCsv(): string {
  const csv = path.join(tmpDir(), 'geometry.csv');
  // Shot 2001's source moved and raised; channel 3 moved on every shot; a row for no file.
  fs.writeFileSync(
    csv,
    'shot,channel,source_x,source_z,receiver_x,receiver_z\n2001,,-21.5,100.25,,\n,3,,,8.5,99.75\n77,,1,2,,\n',
  );
  return csv;
}

describe('geometry preview', () => {
  it('shows header positions beside those the import would store, overrides marked', () => {
    const csv = geometryCsv();
    const preview = previewGeometry({ files: SHOTS, geometry: [csv] });
    const [first, second] = preview.files as [PreviewedFile, PreviewedFile];
    expect(first.format).toBe('seg2');
    const shot = first.records[0]!;
    expect(shot.record).toBe('2001');
    expect(shot.source).toEqual({
      header: { x: -20, y: 0, z: 0 },
      stored: { x: -21.5, y: 0, z: 100.25 },
      from: 'override',
    });
    expect(shot.receivers).toHaveLength(24);
    expect(shot.receivers[2]).toEqual({
      channel: 3,
      header: { x: 8, y: 0, z: 0 },
      stored: { x: 8.5, y: 0, z: 99.75 },
      from: 'override',
    });
    expect(shot.receivers.filter((r) => r.from === 'header')).toHaveLength(23);
    for (const r of shot.receivers.filter((r) => r.from === 'header')) {
      expect(r.stored).toEqual(r.header);
    }
    // Shot 2002 keeps its header source; channel 3 applies to every shot.
    expect(second.records[0]!.source.from).toBe('header');
    expect(second.records[0]!.receivers[2]!.from).toBe('override');
    expect(preview.unusedGeometryRows).toEqual([`${csv}:4`]);
  });

  it('reports a file it cannot read by name and still shows the others', () => {
    const missing = path.join(tmpDir(), 'nope.dat');
    const preview = previewGeometry({ files: [missing, SHOTS[0]!], geometry: [] });
    expect(preview.files[0]).toEqual({ file: missing, error: `${missing}: no such file` });
    expect((preview.files[1] as PreviewedFile).records[0]!.receivers[0]!.from).toBe('header');
    expect(preview.unusedGeometryRows).toEqual([]);
  });

  it('refuses a geometry file it cannot read, as the import does', () => {
    expect(() => previewGeometry({ files: SHOTS, geometry: ['/nonexistent/g.csv'] })).toThrow(
      '/nonexistent/g.csv: cannot read the geometry file',
    );
  });
});
