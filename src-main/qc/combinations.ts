/** Every k-subset of {0, …, n − 1}, as increasing index lists, in lexicographic order. */
export function* combinations(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= n - k; i++) {
    for (const rest of combinations(n, k - 1, i + 1)) yield [i, ...rest];
  }
}

export function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}
