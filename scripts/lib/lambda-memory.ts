/**
 * Each function's Lambda memory, from measurement: the peak RSS of its built bundle over a warm run
 * (`pnpm bench:memory --write` measures it and rewrites lambda-memory.json, which is checked in), plus
 * headroom. The catalogue (lambdas.ts) and so infra's memory_size take their figures from here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MEMORY_TABLE_FILE = fileURLToPath(new URL('./lambda-memory.json', import.meta.url));

/**
 * memory_size = peak RSS x 1.5, rounded up to 64 MB, at least Lambda's 128 MB. The margin covers what a
 * local run does not see: the Lambda runtime client in the same process, longer conversations, bigger
 * model answers. Memory also buys CPU on Lambda (1,769 MB = one vCPU), so a function that must start
 * faster can be given more than this by hand.
 */
export const HEADROOM = 1.5;
export const MEMORY_STEP_MB = 64;
export const MIN_MEMORY_MB = 128;

export interface MemoryTable {
  /** How the figures were taken: date, machine, Node version, turns. */
  measured: string;
  /** Peak resident set size (VmHWM) per function, in MB. */
  peakRssMb: Record<string, number>;
}

export function memoryWithHeadroom(peakRssMb: number): number {
  return Math.max(MIN_MEMORY_MB, Math.ceil((peakRssMb * HEADROOM) / MEMORY_STEP_MB) * MEMORY_STEP_MB);
}

export function readMemoryTable(file = MEMORY_TABLE_FILE): MemoryTable {
  return JSON.parse(readFileSync(file, 'utf8')) as MemoryTable;
}

export function writeMemoryTable(table: MemoryTable, file = MEMORY_TABLE_FILE): void {
  const sorted = Object.fromEntries(Object.entries(table.peakRssMb).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify({ ...table, peakRssMb: sorted }, null, 2)}\n`);
}

/** The memory_size of a function from the checked-in table; a function missing from it is an error to fix by measuring. */
export function measuredMemoryMb(name: string, table: MemoryTable): number {
  const peak = table.peakRssMb[name];
  if (peak === undefined)
    throw new Error(`${name} has no measured peak RSS in ${MEMORY_TABLE_FILE}: run pnpm build && pnpm bench:memory --write`);
  return memoryWithHeadroom(peak);
}
