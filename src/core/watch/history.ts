/**
 * A bounded history of numbers per series (one per TCP state, one per counter), for the
 * sparklines of `watch`. Memory is fixed: `capacity` samples per series.
 */
export class History {
  private readonly series = new Map<string, number[]>();

  constructor(readonly capacity: number) {}

  push(name: string, value: number): void {
    let s = this.series.get(name);
    if (!s) {
      s = [];
      this.series.set(name, s);
    }
    s.push(value);
    if (s.length > this.capacity) s.splice(0, s.length - this.capacity);
  }

  values(name: string): readonly number[] {
    return this.series.get(name) ?? [];
  }
}

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * The last `width` values as block characters, scaled from the series' minimum to its maximum
 * (a flat series is a flat line). Missing history on the left is blank.
 */
export function sparkline(values: readonly number[], width: number): string {
  const v = values.slice(-width);
  if (v.length === 0) return ' '.repeat(width);
  const min = Math.min(...v);
  const max = Math.max(...v);
  const line = v
    .map((x) => {
      if (max === min) return x === 0 ? BARS[0] : BARS[3];
      return BARS[Math.min(7, Math.floor(((x - min) / (max - min)) * 7.999))];
    })
    .join('');
  return line.padStart(width, ' ');
}
