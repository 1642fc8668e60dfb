// How every section of `npm run bench` turns timings into a line: p50 and p95, nearest rank.

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface MeasureOptions {
  /** Untimed runs first (JIT, kept-alive connections). */
  warmup?: number;
  /** Decimals of the milliseconds printed. */
  digits?: number;
  /** Width of the label column. */
  width?: number;
}

/** Times `runs` calls of `body` one after another and prints `label n=… p50 … p95 …` in ms. */
export async function measure(
  label: string,
  runs: number,
  body: (i: number) => Promise<unknown>,
  { warmup = 0, digits = 2, width = 34 }: MeasureOptions = {},
): Promise<void> {
  for (let i = 0; i < warmup; i++) await body(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = (n: number) => `${n.toFixed(digits)} ms`;
  console.log(
    `${label.padEnd(width)} n=${runs}  p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}`,
  );
}
