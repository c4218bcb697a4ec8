/** Wall-clock helpers for benchmarks: median of repeated runs after a warm-up. */

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  runs: number;
}

export async function measure(
  fn: () => unknown | Promise<unknown>,
  options: { runs?: number; warmup?: number; maxMs?: number } = {},
): Promise<Timing> {
  const { runs = 5, warmup = 1, maxMs = 60_000 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const started = nowMs();
  for (let i = 0; i < runs; i++) {
    const t0 = nowMs();
    await fn();
    samples.push(nowMs() - t0);
    if (nowMs() - started > maxMs) break;
  }
  samples.sort((a, b) => a - b);
  return {
    medianMs: samples[Math.floor(samples.length / 2)],
    minMs: samples[0],
    runs: samples.length,
  };
}

export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A fixed-width text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
