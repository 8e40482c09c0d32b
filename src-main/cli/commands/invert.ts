import fs from 'node:fs';
import path from 'node:path';
import type { Section, SectionRequest } from '../../api/sections-contract';
import { readSgt } from '../../export/sgt';
import { alongLine, lineFrame } from '../../geometry/line-frame';
import { misfitCsv } from '../../export/section-text';
import { hiddenLayerHintLine, hiddenLayerLine, sectionLine } from '../../inversion/section-line';
import { writeFileAtomic } from '../../services/atomic-file';
import {
  invertPicks,
  invertProject,
  writeSection,
  type SectionPick,
} from '../../services/section-service';
import { intOption, UsageError, type Command } from '../command';
import { choiceOption, idOption, positiveOption, requiredOption, withProject } from './options';

/**
 * A pick file made elsewhere (pyGIMLi's .sgt), as section picks: each source its own shot,
 * positions along the line (a 3-D file's map coordinates, geometry/line-frame.ts).
 */
function sgtPicks(file: string, phase: 'P' | 'S'): SectionPick[] {
  const sgt = readSgt(fs.readFileSync(file, 'utf8'), file, { phase });
  const frame = lineFrame(
    sgt.picks.flatMap((p) => [p.source, p.receiver]),
    sgt.picks.map((p) => p.receiver),
  );
  const shots = new Map<string, number>();
  return sgt.picks.map((p, i) => {
    const sourceX = alongLine(frame, p.source);
    const key = `${sourceX},${p.source.z}`;
    if (!shots.has(key)) shots.set(key, shots.size + 1);
    const flat = sgt.elevationColumn === null;
    return {
      pickId: i + 1,
      traceId: i + 1,
      shotId: shots.get(key)!,
      sourceX,
      sourceZ: flat ? null : p.source.z,
      receiverX: alongLine(frame, p.receiver),
      receiverZ: flat ? null : p.receiver.z,
      time: p.time,
      sigma: p.uncertainty,
      layer: null,
    };
  });
}

/** The section's files in `out`: grid CSV, x z v columns, JSON and each pick's misfit. */
function writeAll(section: Section, out: string): string[] {
  const stem = path.join(out, `${section.phase}-${section.method}`);
  const files = [
    writeSection(section, 'csv', `${stem}.csv`).file,
    writeSection(section, 'xyz', `${stem}.xyz`).file,
    writeSection(section, 'json', `${stem}.json`).file,
  ];
  writeFileAtomic(`${stem}-misfits.csv`, misfitCsv(section));
  return [...files, `${stem}-misfits.csv`];
}

export const invertCommand: Command = {
  name: 'invert',
  summary:
    'a velocity section from first-arrival picks: time-terms or eikonal tomography, with each pick’s misfit',
  usage:
    'invert (--project DIR | --picks FILE.sgt) --phase P|S [--method tomography|timeterm] [--all-picks (proposals too)] ' +
    '[--sigma MS (uncertainty of picks without one, default 1)] [--cell M] [--depth M] [--smoothness L] ' +
    "[--vertical-weight W] [--iterations N] [--start gradient|timeterm (tomography's starting model)] " +
    '[--bedrock-from ID (P: an S time-term section whose bedrock places a layer hidden from P)] [--out DIR] [--json]',
  options: {
    project: { type: 'string' },
    picks: { type: 'string' },
    phase: { type: 'string' },
    method: { type: 'string' },
    'all-picks': { type: 'boolean' },
    sigma: { type: 'string' },
    cell: { type: 'string' },
    depth: { type: 'string' },
    smoothness: { type: 'string' },
    'vertical-weight': { type: 'string' },
    iterations: { type: 'string' },
    start: { type: 'string' },
    'bedrock-from': { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, io, json }) {
    const phase = choiceOption(requiredOption(values, 'phase'), 'phase', ['P', 'S'] as const)!;
    const sigmaMs = positiveOption(values.sigma, 'sigma');
    const request: SectionRequest = {
      phase,
      method: choiceOption(values.method, 'method', ['tomography', 'timeterm'] as const),
      picks: values['all-picks'] === true ? 'all' : 'decided',
      ...(sigmaMs !== undefined ? { sigma: sigmaMs / 1000 } : {}),
      cellSize: positiveOption(values.cell, 'cell'),
      depth: positiveOption(values.depth, 'depth'),
      smoothness: positiveOption(values.smoothness, 'smoothness'),
      verticalWeight: positiveOption(values['vertical-weight'], 'vertical-weight'),
      iterations: intOption(values.iterations, 'iterations', { min: 1, max: 50 }),
      start: choiceOption(values.start, 'start', ['gradient', 'timeterm'] as const),
      bedrockFrom: idOption(values, 'bedrock-from'),
    };
    const controller = new AbortController();
    void io.untilStopped().then(() => controller.abort());
    let said = '';
    const ctx = {
      signal: controller.signal,
      progress: (_: number, message: string) => {
        if (json || message === said) return;
        said = message;
        io.err(message);
      },
    };
    const out = typeof values.out === 'string' ? values.out : undefined;
    let section: Section;
    if (typeof values.picks === 'string') {
      if (values.project !== undefined) throw new UsageError('give --project or --picks, not both');
      if (!out) throw new UsageError('--out DIR is needed with --picks: the section goes there');
      if (request.bedrockFrom !== undefined) {
        throw new UsageError('--bedrock-from names an S section of a project: give --project');
      }
      const picks = sgtPicks(values.picks, phase);
      section = { ...invertPicks(picks, request, ctx), id: 0, createdAt: new Date().toISOString() };
    } else {
      const dir = requiredOption(values, 'project');
      section = withProject(dir, (project) => invertProject(project, request, ctx));
    }
    const files = out ? writeAll(section, out) : [];
    const lines = [
      `${sectionLine(section)}${section.id ? ` (section ${section.id} of the project)` : ''}`,
      ...section.warnings.map((w) => `warning: ${w}`),
      ...section.layers.map(
        (l) => `layer ${l.layer}: ${l.velocity.toFixed(0)} m/s (${l.picks} picks)`,
      ),
      ...(section.hiddenLayer ? [hiddenLayerLine(section.hiddenLayer)] : []),
      ...(section.hiddenLayerHint
        ? [
            hiddenLayerHintLine(
              section.hiddenLayerHint,
              `invert again with --bedrock-from ${section.hiddenLayerHint.sSection} to place it`,
            ),
          ]
        : []),
      ...files.map((f) => `wrote ${f}`),
    ];
    // The grids and misfits are in the files; the JSON answer says what was made.
    const summary = {
      id: section.id,
      phase: section.phase,
      method: section.method,
      picks: section.picks,
      shots: section.shots,
      rms: section.rms,
      chi2: section.chi2,
      partial: section.partial,
      warnings: section.warnings,
      layers: section.layers,
      iterations: section.iterations,
      hiddenLayer: section.hiddenLayer ?? null,
      hiddenLayerHint: section.hiddenLayerHint ?? null,
    };
    return { text: lines.join('\n'), data: { ...summary, files } };
  },
};
