/**
 * Exact decimal arithmetic on the decimal text of numbers, for format conversions that must
 * round-trip exactly: seconds ↔ milliseconds (SeisImager) and t ± error ↔ error (PyRefra's
 * tmin/tmax). Doing them in float64 would lose the last bit now and then (0.0654321 × 1000 /
 * 1000 is not always 0.0654321); on the shortest decimal text of a float64 they are exact, and
 * reading the result back yields the same float64.
 */

/** value = units × 10^exponent */
export interface Decimal {
  units: bigint;
  exponent: number;
}

const PARTS = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The exact value of a decimal text; the caller has checked it against `DECIMAL`. */
export function decimalFromText(text: string): Decimal {
  const m = PARTS.exec(text);
  if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  const magnitude = BigInt(`${whole}${fraction}` || '0');
  return {
    units: sign === '-' ? -magnitude : magnitude,
    exponent: Number(exponent) - fraction.length,
  };
}

/** The shortest decimal that reads back as `value` (JavaScript's own `String`). */
export function decimalOf(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return decimalFromText(String(value));
}

/** value × 10^places */
export function shift(d: Decimal, places: number): Decimal {
  return { units: d.units, exponent: d.exponent + places };
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exponent = Math.min(a.exponent, b.exponent);
  const scale = (d: Decimal) => d.units * 10n ** BigInt(d.exponent - exponent);
  return [scale(a), scale(b), exponent];
}

export function sum(a: Decimal, b: Decimal): Decimal {
  const [x, y, exponent] = aligned(a, b);
  return { units: x + y, exponent };
}

export function difference(a: Decimal, b: Decimal): Decimal {
  const [x, y, exponent] = aligned(a, b);
  return { units: x - y, exponent };
}

/** value / 2, still exact: x / 2 = 5x / 10. */
export function half(d: Decimal): Decimal {
  return { units: d.units * 5n, exponent: d.exponent - 1 };
}

/**
 * Plain positional notation, no exponent and no redundant zeros ("65.4321", "0.0001", "-20"),
 * which every consumer of these formats reads, including the Fortran-era ones.
 */
export function decimalText(d: Decimal): string {
  if (d.units === 0n) return '0';
  const negative = d.units < 0n;
  let digits = (negative ? -d.units : d.units).toString();
  let text: string;
  if (d.exponent >= 0) {
    text = digits + '0'.repeat(d.exponent);
  } else {
    const decimals = -d.exponent;
    if (digits.length <= decimals) digits = '0'.repeat(decimals - digits.length + 1) + digits;
    const whole = digits.slice(0, digits.length - decimals);
    const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
    text = fraction === '' ? whole : `${whole}.${fraction}`;
  }
  return negative ? `-${text}` : text;
}

/** The float64 nearest the decimal (exact when the decimal came from one). */
export function decimalValue(d: Decimal): number {
  return Number(decimalText(d));
}
