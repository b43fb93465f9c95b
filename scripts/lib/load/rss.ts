/**
 * Resident memory of another process (the dev server under load): /proc on Linux, `ps` elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** RSS in bytes, or null when it cannot be read (the process is gone, or neither /proc nor ps is there). */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux, or the process is gone: try ps
  }
  try {
    const kib = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return Number.isFinite(kib) && kib > 0 ? kib * 1024 : null;
  } catch {
    return null;
  }
}

export function mib(bytes: number | null): string {
  return bytes === null ? 'unknown' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
