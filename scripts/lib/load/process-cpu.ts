/**
 * CPU time per process, to show where a multi-process turn spends its time: this process (dev server,
 * local Invoke API, dynalite and the bench client) and each function's process. Linux only (/proc);
 * elsewhere the snapshot is null and the bench prints no CPU line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU ms used so far, by process label. */
export type CpuSnapshot = Map<string, number>;

export const HOST_LABEL = 'host (dev server, Invoke API, dynalite, client)';

let ticksPerSecond: number | undefined;

/** utime + stime of a process from /proc/<pid>/stat, in ms. */
function processCpuMs(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** This process and each function process (name -> pid), or null where /proc is missing. */
export function cpuSnapshot(pids: Record<string, number>): CpuSnapshot | null {
  if (process.platform !== 'linux') return null;
  const { user, system } = process.cpuUsage();
  const snapshot: CpuSnapshot = new Map([[HOST_LABEL, (user + system) / 1000]]);
  try {
    for (const [name, pid] of Object.entries(pids)) snapshot.set(name, processCpuMs(pid));
  } catch {
    return null;
  }
  return snapshot;
}

/** "label 1.2, label 3.4, total 4.6": CPU ms per turn between two snapshots; null if either is missing. */
export function cpuPerTurn(before: CpuSnapshot | null, after: CpuSnapshot | null, turns: number): string | null {
  if (!before || !after) return null;
  const parts: string[] = [];
  let total = 0;
  for (const [label, ms] of after) {
    const perTurn = (ms - (before.get(label) ?? ms)) / turns;
    total += perTurn;
    parts.push(`${label} ${perTurn.toFixed(1)}`);
  }
  return `${parts.join(', ')}; total ${total.toFixed(1)}`;
}
