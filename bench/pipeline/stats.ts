// Latency samples → p50/p95.

export interface Percentiles {
  p50: number;
  p95: number;
}

/** The p-quantile (0 to 1) of samples, nearest rank; NaN when there are none. */
export function quantile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function percentiles(samples: readonly number[]): Percentiles {
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

export async function timeIt(iterations: number, warmup: number, body: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await body();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await body();
    samples.push(performance.now() - start);
  }
  return samples;
}

export const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '-');
