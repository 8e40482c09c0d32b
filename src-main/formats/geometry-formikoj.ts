import { FormatError } from './errors';
import type { GeometryOverrides, ReceiverOverride, SourceOverride } from './geometry';

/**
 * formikoj's `geometry.csv`: no header, one row per station, comma separated:
 *
 *   x, y, z, geophone flag, shot file number, first geophone, number of geophones
 *
 * Row n is station n. Stations with the geophone flag 1 are the receivers, numbered 1, 2, …
 * in row order; a station with a shot file number > 0 is a source, and that number is the
 * shot's record id (formikoj names its files `Shot_0{number}.sg2` and writes the number as
 * the SEG-2 shot sequence number). The shot's traces are receivers `first`, `first` + 1, …:
 * trace k (channel k + 1) is receiver `first` + k. When every shot starts at receiver 1 the
 * receivers are the same for every shot (a fixed spread) and are given once; otherwise each
 * shot gets its own (a roll-along line).
 */

/** A formikoj geometry row has exactly seven numbers and a 0/1 geophone flag. */
export function looksLikeFormikoj(text: string): boolean {
  const rows = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return (
    rows.length > 0 &&
    rows.every((l) => {
      const v = l.split(',');
      return (
        v.length === 7 &&
        v.every((f) => f.trim() !== '' && Number.isFinite(Number(f))) &&
        (Number(v[3]) === 0 || Number(v[3]) === 1)
      );
    })
  );
}

interface Station {
  line: number;
  position: { x: number; y: number; z: number };
  geophone: boolean;
  shot: number;
  first: number;
  count: number;
}

export function parseFormikojGeometry(text: string, file: string): GeometryOverrides {
  const stations: Station[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    const v = raw.split(',').map((f) => Number(f.trim()));
    if (v.length !== 7 || !v.every(Number.isFinite)) {
      throw new FormatError(
        file,
        null,
        `line ${line}: a formikoj geometry row has 7 numbers (x, y, z, geophone, shot, first geophone, geophones)`,
      );
    }
    const [x, y, z, flag, shot, first, count] = v as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const whole = (n: number, what: string) => {
      if (!Number.isInteger(n))
        throw new FormatError(file, null, `line ${line}: ${what} ${n} is not a whole number`);
      return n;
    };
    stations.push({
      line,
      position: { x, y, z },
      geophone: whole(flag, 'the geophone flag') === 1,
      shot: whole(shot, 'the shot number'),
      first: whole(first, 'the first geophone'),
      count: whole(count, 'the number of geophones'),
    });
  });
  const receivers = stations.filter((s) => s.geophone);
  if (receivers.length === 0) {
    throw new FormatError(file, null, 'no station has the geophone flag 1: no receivers');
  }
  const shots = stations.filter((s) => s.shot > 0);
  const seen = new Map<number, number>();
  const sources: SourceOverride[] = shots.map((s) => {
    const earlier = seen.get(s.shot);
    if (earlier !== undefined) {
      throw new FormatError(
        file,
        null,
        `line ${s.line}: shot ${s.shot} is already on line ${earlier}`,
      );
    }
    seen.set(s.shot, s.line);
    return { shot: String(s.shot), file: null, position: { ...s.position }, line: s.line };
  });

  const spread = (shot: Station): { channel: number; station: Station }[] => {
    if (shot.first < 1 || shot.first + shot.count - 1 > receivers.length) {
      throw new FormatError(
        file,
        null,
        `line ${shot.line}: shot ${shot.shot} records receivers ${shot.first} to ${shot.first + shot.count - 1}, the file has ${receivers.length}`,
      );
    }
    return Array.from({ length: shot.count }, (_, k) => ({
      channel: k + 1,
      station: receivers[shot.first - 1 + k]!,
    }));
  };
  const fixed = shots.every((s) => s.first === 1);
  const receiverRows: ReceiverOverride[] = fixed
    ? receivers.map((station, k) => ({
        channel: k + 1,
        shot: null,
        file: null,
        position: { ...station.position },
        line: station.line,
      }))
    : shots.flatMap((shot) =>
        spread(shot).map(({ channel, station }) => ({
          channel,
          shot: String(shot.shot),
          file: null,
          position: { ...station.position },
          line: station.line,
        })),
      );
  if (fixed) for (const shot of shots) spread(shot);
  return {
    csv: file,
    format: 'formikoj',
    sources,
    receivers: receiverRows,
    elevations: null,
    ignoredColumns: [],
  };
}
