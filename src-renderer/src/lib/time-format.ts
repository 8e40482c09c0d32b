/** Seconds as milliseconds for axes and labels, without trailing float noise (0.054375 → "54.375"). */
export function formatMs(seconds: number, decimals = 3): string {
  return String(+(seconds * 1000).toFixed(decimals));
}
