import { FormatError } from './errors';
import { DecodeBudget } from './limits';
import { fileStem } from './names';
import {
  arrayToTraces,
  parseNpy,
  parseNpyStrings,
  sampleIntervalOption,
  type NpyArray,
} from './npy';
import type { FormatPlugin, ReadContext } from './plugin';
import type { FilePick, SeismicFile } from './record';
import { isZipLocalHeader, zipEntries, zipRead, type ZipEntry } from './zip';

/**
 * NumPy .npz: a ZIP archive of .npy files, one per array, named `<key>.npy` (np.savez stores
 * them, np.savez_compressed deflates them).
 *
 * The seismic array is the one called `data` or, failing that, the only 1-D or 2-D numeric
 * array; 2-D is [samples, traces] as in .npy. PhaseNet's windows (`data` 9001 x 3 float64 in
 * E, N, Z order, `itp`/`its` P and S sample indices, `channels` like "DPE_DPN_DPZ") are
 * recorded at 100 Hz, PhaseNet's fixed rate, so an archive with any of those keys gets
 * dt = 0.01 s; anything else gets 1 s with a note, like .npy. ReadOptions.sampleInterval wins
 * over both.
 */

/** PhaseNet's sample interval: its models and data are 100 Hz. */
const PHASENET_DT = 0.01;
const PHASENET_COMPONENTS = ['E', 'N', 'Z'];
const PHASENET_KEYS = ['itp', 'its', 'channels'];

/** The sniff needs the first entry to be a .npy, or every ZIP (.docx, .jar) would match. */
function sniff(head: Uint8Array): boolean {
  if (!isZipLocalHeader(head)) return false;
  const nameLength = head[26]! | (head[27]! << 8);
  const name = new TextDecoder('latin1').decode(head.subarray(30, 30 + nameLength));
  return name.endsWith('.npy');
}

/** The sample indices of a pick key: a scalar or a 1-D array of them. */
function pickIndices(array: NpyArray, key: string, file: string): number[] {
  if (array.shape.length > 1)
    throw new FormatError(file, null, `'${key}' is not a scalar or a list of sample indices`);
  return Array.from(array.data);
}

/**
 * Component codes from PhaseNet's `channels`: the last letter of each '_'-separated code when
 * there is one per column; otherwise (a single 'EHZ' for 3 columns, as PhaseNet pads
 * one-component stations) its column order E, N, Z.
 */
function componentsOf(
  channels: string[] | undefined,
  columns: number,
): { components: string[]; codes: string[] } {
  const codes =
    channels
      ?.join('_')
      .split('_')
      .filter((c) => c !== '') ?? [];
  if (codes.length === columns)
    return { components: codes.map((c) => c.slice(-1).toUpperCase()), codes };
  return { components: columns === 3 ? PHASENET_COMPONENTS : [], codes: [] };
}

export const npz: FormatPlugin = {
  name: 'npz',
  description: 'NumPy .npz archive (PhaseNet windows: data, itp, its, channels)',
  sniff,
  read(bytes: Uint8Array, ctx: ReadContext): SeismicFile {
    const file = ctx.file;
    const budget = new DecodeBudget(file, bytes.length);
    const entries = new Map<string, ZipEntry>();
    for (const entry of zipEntries(bytes, file)) {
      if (entry.name.endsWith('.npy')) entries.set(entry.name.slice(0, -4), entry);
    }
    const unpack = (entry: ZipEntry) => {
      const data = zipRead(bytes, file, entry);
      if (entry.method !== 0) budget.addInput(data.length);
      return data;
    };
    const load = (key: string) => {
      const entry = entries.get(key);
      return entry ? parseNpy(unpack(entry), `${file}: ${key}.npy`, budget) : undefined;
    };
    // Without `data`, the one array that is not PhaseNet metadata.
    const others = [...entries.keys()].filter((k) => !PHASENET_KEYS.includes(k));
    const key = entries.has('data') ? 'data' : others.length === 1 ? others[0]! : undefined;
    if (key === undefined) {
      throw new FormatError(
        file,
        null,
        `no 'data' array and ${others.length} other arrays to choose from (keys: ${[...entries.keys()].join(', ') || 'none'})`,
      );
    }
    const array = load(key)!;
    const phaseNet = PHASENET_KEYS.some((k) => entries.has(k));
    const option = sampleIntervalOption(ctx);
    const notes: string[] = [];
    let dt = option;
    if (dt === undefined && phaseNet) {
      dt = PHASENET_DT;
      notes.push('PhaseNet archive: 100 Hz assumed (PhaseNet’s fixed sampling rate).');
    } else if (dt === undefined) {
      dt = 1;
      notes.push(
        'A .npz archive does not record its sample interval: 1 s assumed; set the real interval at import.',
      );
    }
    const channelsEntry = entries.get('channels');
    const channels = channelsEntry
      ? parseNpyStrings(unpack(channelsEntry), `${file}: channels.npy`)
      : undefined;
    const columns = array.shape[1] ?? 1;
    const { components, codes } = componentsOf(channels, columns);
    if (channels && codes.length === 0) {
      notes.push(
        `channels '${channels.join(' ')}' do not name the ${columns} columns one by one: taken as ${components.join(', ') || 'unknown'}.`,
      );
    }
    const traces = arrayToTraces(array, `${file}: ${key}.npy`, dt, budget, components);
    traces.forEach((t, i) => {
      if (codes[i]) t.headers.CHANNEL = codes[i];
    });
    const picks: FilePick[] = [];
    for (const [phase, k] of [
      ['P', 'itp'],
      ['S', 'its'],
    ] as const) {
      const indices = entries.has(k) ? pickIndices(load(k)!, k, file) : [];
      for (const index of indices) {
        if (Number.isFinite(index) && index >= 0)
          picks.push({ phase, trace: null, time: index * dt });
        else
          notes.push(`'${k}' value ${index} is no sample index: no ${phase} pick taken from it.`);
      }
    }
    return {
      format: 'npz',
      file,
      byteOrder: array.dtype.startsWith('>') ? 'big' : 'little',
      records: [
        {
          id: fileStem(file),
          traces,
          headers: {
            ARRAY: key,
            DTYPE: array.dtype,
            SHAPE: array.shape.join('x'),
            ...(channels ? { CHANNELS: channels.join(' ') } : {}),
          },
          startDate: null,
          picks,
        },
      ],
      notes,
    };
  },
};
