/**
 * EBCDIC (code page 037, the one SEG-Y textual headers use) to text, for display only.
 * Bytes without a printable mapping become spaces: the header is shown, never parsed.
 */
const EBCDIC_037: string = (() => {
  const map = new Array<string>(256).fill(' ');
  const ranges: [number, string][] = [
    [0x81, 'abcdefghi'],
    [0x91, 'jklmnopqr'],
    [0xa2, 'stuvwxyz'],
    [0xc1, 'ABCDEFGHI'],
    [0xd1, 'JKLMNOPQR'],
    [0xe2, 'STUVWXYZ'],
    [0xf0, '0123456789'],
    [0x4a, '¢.<(+|&'],
    [0x5a, '!$*);¬-/'],
    [0x6a, '¦,%_>?'],
    [0x79, '`:#@\'="'],
  ];
  for (const [start, chars] of ranges) {
    [...chars].forEach((c, i) => (map[start + i] = c));
  }
  Object.assign(map, { 0x40: ' ', 0xa1: '~', 0xb0: '^', 0xba: '[', 0xbb: ']' });
  Object.assign(map, { 0xc0: '{', 0xd0: '}', 0xe0: '\\' });
  return map.join('');
})();

export function ebcdicToText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += EBCDIC_037[byte];
  return text;
}

/**
 * True when `bytes` read better as EBCDIC than as ASCII: EBCDIC text is full of 0x40 (space)
 * and 0xC1-0xF9 (letters, digits), ASCII text of 0x20-0x7A. Counting letters, digits and
 * spaces under both readings decides even for short or mostly blank headers.
 */
export function looksLikeEbcdic(bytes: Uint8Array): boolean {
  let ebcdic = 0;
  let ascii = 0;
  for (const byte of bytes) {
    if (byte === 0x40 || isEbcdicUpperOrDigit(byte)) ebcdic++;
    if (byte === 0x20 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a)) ascii++;
  }
  return ebcdic > ascii;
}

function isEbcdicUpperOrDigit(byte: number): boolean {
  return (
    (byte >= 0xc1 && byte <= 0xc9) ||
    (byte >= 0xd1 && byte <= 0xd9) ||
    (byte >= 0xe2 && byte <= 0xe9) ||
    (byte >= 0xf0 && byte <= 0xf9)
  );
}
