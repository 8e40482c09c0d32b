/**
 * The pictures of docs/velocity-sections.md: each real line's P section by tomography and by
 * time-terms, drawn by the Sections view's own chart option (src-renderer's
 * section-chart-option.ts) in the light theme: ECharts renders it to SVG without a browser,
 * the system's Chromium (the one the end-to-end tests drive) turns that into a PNG, a tenth of
 * the SVG's size. `npm run docs:sections [-- --data ../shared/data] [--out docs/images]`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as echarts from 'echarts';
import { invertPicks } from '../src-main/services/section-service';
import type { PlotPalette } from '../src-renderer/src/lib/gather-plot';
import { sectionChartOption, type SectionPlot } from '../src-renderer/src/lib/section-chart-option';
import { realSectionLines } from '../eval/real-section-lines';
import { browserPath } from '../tests/e2e/browser';

const REPO = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve(REPO, '../shared/data') },
    out: { type: 'string', default: path.join(REPO, 'docs/images') },
  },
});
const dataDir = path.resolve(values.data!);
const out = path.resolve(values.out!);

/** The light theme of src-renderer/src/app.css, which prints and reads best on a page. */
const LIGHT: PlotPalette = {
  P: '#c04a00',
  S: '#0063a6',
  wiggle: '#000000',
  deadTrace: '#8a8f98',
  reversedTrace: '#9c2f74',
  background: '#ffffff',
  text: '#000000',
  muted: '#2f3540',
  grid: '#5f6672',
  danger: '#b00020',
  componentE: '#007a55',
  componentN: '#8a6400',
  accent: '#004f9e',
};

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
const [WIDTH, HEIGHT] = [900, 320];

/** A screenshot of an SVG file by headless Chromium. */
function svgToPng(svg: string, png: string): void {
  execFileSync(
    browserPath(),
    [
      ...['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'],
      `--window-size=${WIDTH},${HEIGHT}`,
      `--screenshot=${png}`,
      `file://${svg}`,
    ],
    { stdio: 'ignore' },
  );
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-sections-'));

fs.mkdirSync(out, { recursive: true });
for (const line of realSectionLines((...parts) => path.join(dataDir, ...parts))) {
  for (const method of ['tomography', 'timeterm'] as const) {
    const section = invertPicks(line.picks, { phase: 'P', method, picks: 'all' });
    const plot: SectionPlot = {
      quantity: 'velocity',
      x: section.x,
      z: section.z,
      values: section.velocity,
      coverage: section.coverage,
      surface: section.surface,
      sources: section.sources,
      receivers: section.receivers,
      interfaces: section.interfaces,
      waterTable: [],
    };
    const chart = echarts.init(null, null, {
      renderer: 'svg',
      ssr: true,
      width: WIDTH,
      height: HEIGHT,
    });
    chart.setOption({
      ...sectionChartOption(plot, LIGHT),
      animation: false,
      backgroundColor: LIGHT.background,
    });
    const svg = path.join(scratch, 'section.svg');
    fs.writeFileSync(svg, chart.renderToSVGString());
    chart.dispose();
    const file = path.join(out, `sections-${slug(line.name)}-${method}.png`);
    svgToPng(svg, file);
    process.stdout.write(
      `${path.relative(REPO, file)}: RMS ${(section.rms * 1000).toFixed(2)} ms, chi² ${section.chi2.toFixed(2)}\n`,
    );
  }
}
fs.rmSync(scratch, { recursive: true, force: true });
