import type { Seg2DelayConvention } from '../../formats/plugin';
import { UsageError } from '../command';

/** `--delay`: how to read SEG-2 DELAY (see ReadOptions.seg2Delay). */
export function delayOption(value: unknown): Seg2DelayConvention | undefined {
  if (value === undefined || value === 'geometrics' || value === 'dmt') return value;
  throw new UsageError(`--delay must be geometrics or dmt, got ${String(value)}`);
}
