/**
 * A bounded load generator: `concurrency` clients issue at most `requests` calls in total and stop
 * taking new work once `maxMs` has passed, so a run always ends by itself.
 */

export interface LoadOptions {
  concurrency: number;
  requests: number;
  maxMs: number;
}

export interface LoadResult {
  concurrency: number;
  /** Calls completed. */
  completed: number;
  /** Calls answered with a status >= 500 or not answered in time. */
  errors: number;
  statuses: Record<number, number>;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
  /** True when the time bound, not the request count, ended the run. */
  stoppedByTime: boolean;
}

/** The value at quantile q (0..1) of already sorted numbers, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function checkLoadOptions(opts: LoadOptions): void {
  for (const [name, value] of Object.entries(opts)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`Load option ${name} must be a positive integer, got ${value}`);
  }
}

/** Runs `call(i)` for i = 0.. under the bounds; `call` resolves with the HTTP status (0: no answer). */
export async function runLoad(opts: LoadOptions, call: (i: number) => Promise<number>): Promise<LoadResult> {
  checkLoadOptions(opts);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + opts.maxMs;
  let next = 0;
  let stoppedByTime = false;

  const client = async (): Promise<void> => {
    while (next < opts.requests) {
      if (performance.now() >= deadline) {
        stoppedByTime = true;
        return;
      }
      const i = next++;
      const t = performance.now();
      const status = await call(i);
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.requests) }, client));

  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const errors = Object.entries(statuses).reduce(
    (n, [status, count]) => n + (Number(status) >= 500 || Number(status) === 0 ? count : 0),
    0,
  );
  return {
    concurrency: opts.concurrency,
    completed: latencies.length,
    errors,
    statuses,
    elapsedMs,
    rps: latencies.length / (elapsedMs / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    stoppedByTime,
  };
}
