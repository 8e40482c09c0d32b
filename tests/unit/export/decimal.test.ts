import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalFromText,
  decimalOf,
  decimalText,
  decimalValue,
  difference,
  half,
  shift,
  sum,
} from '../../../src-main/export/decimal';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('exact decimals', () => {
  it('writes plain notation without redundant zeros', () => {
    expect(decimalText(decimalFromText('65.43210'))).toBe('65.4321');
    expect(decimalText(decimalFromText('1e-7'))).toBe('0.0000001');
    expect(decimalText(decimalFromText('-2.5E+3'))).toBe('-2500');
    expect(decimalText(decimalFromText('.5'))).toBe('0.5');
    expect(decimalText(decimalFromText('0.000'))).toBe('0');
    expect(decimalText(shift(decimalOf(0.0654321), 3))).toBe('65.4321');
  });

  it('shifts seconds to milliseconds and back to the same float64, where × 1000 / 1000 may not', () => {
    expect((0.000049 * 1000) / 1000).not.toBe(0.000049);
    expect(
      decimalValue(shift(decimalFromText(decimalText(shift(decimalOf(0.000049), 3))), -3)),
    ).toBe(0.000049);
    fc.assert(
      fc.property(finite, fc.integer({ min: -30, max: 30 }), (v, places) => {
        const there = decimalText(shift(decimalOf(v), places));
        expect(decimalValue(shift(decimalFromText(there), -places))).toBe(v + 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('recovers an error from t − e and t + e exactly, where float64 may not', () => {
    expect((0.00153 + 0.0005 - (0.00153 - 0.0005)) / 2).not.toBe(0.0005);
    fc.assert(
      fc.property(finite, fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (t, e) => {
        const low = decimalText(difference(decimalOf(t), decimalOf(e)));
        const high = decimalText(sum(decimalOf(t), decimalOf(e)));
        const width = difference(decimalFromText(high), decimalFromText(low));
        expect(decimalValue(half(width))).toBe(e + 0);
      }),
      { numRuns: 2000 },
    );
  });
});
