/**
 * 27012 → `27,012`, rounded. A regex, not `toLocaleString`: Intl formatting showed up in the
 * profile of `watch` redrawing every second.
 */
export function thousands(n: number): string {
  const r = Math.round(n);
  const s = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return r < 0 ? `-${s}` : s;
}
