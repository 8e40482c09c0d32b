import type { SpreadLayout } from './options';

/**
 * Receivers and shots of a straight line at the surface: geophone i at x = i * spacing, shots
 * off the ends of the spread and/or inside it. Inside shots sit halfway between geophones,
 * as on a real line where the plate cannot go on a geophone.
 */

export interface LineGeometry {
  receivers: number[];
  sources: number[];
}

/** Off-end shots on one side: the first half a spacing out, then a quarter spread further each. */
function offEnd(side: 'start' | 'end', count: number, spacing: number, length: number): number[] {
  return Array.from({ length: count }, (_, k) => {
    const out = spacing / 2 + (k * length) / 4;
    return side === 'start' ? -out : length + out;
  });
}

/** `count` shots spread evenly along the inside of the line, at geophone midpoints. */
function inside(count: number, channels: number, spacing: number): number[] {
  return Array.from({ length: count }, (_, k) => {
    const gap = Math.min(channels - 2, Math.floor(((k + 1) * (channels - 1)) / (count + 1)));
    return (Math.max(0, gap) + 0.5) * spacing;
  });
}

export function lineGeometry(
  layout: SpreadLayout,
  shots: number,
  channels: number,
  spacing: number,
): LineGeometry {
  const receivers = Array.from({ length: channels }, (_, i) => i * spacing);
  const length = (channels - 1) * spacing;
  let sources: number[];
  if (layout === 'split') {
    sources = inside(shots, channels, spacing);
  } else if (layout === 'off-end') {
    const before = Math.ceil(shots / 2);
    sources = [
      ...offEnd('start', before, spacing, length).reverse(),
      ...offEnd('end', shots - before, spacing, length),
    ];
  } else {
    const ends = Math.min(2, shots);
    const start = offEnd('start', 1, spacing, length);
    const end = ends === 2 ? offEnd('end', 1, spacing, length) : [];
    sources = [...start, ...inside(shots - ends, channels, spacing), ...end];
  }
  return { receivers, sources };
}
