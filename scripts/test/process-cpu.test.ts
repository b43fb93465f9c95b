/** The bench's per-process CPU accounting reads what a child process really used, not wall time. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuPerTurn, cpuSnapshot, HOST_LABEL } from '../lib/load/process-cpu';

// Spins until it has used 300 ms of CPU, reports, then idles until killed.
const SPINNER = `
const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
while (used() < 300) {}
process.send('spun');
setInterval(() => {}, 1000);
`;

let child: ChildProcess | undefined;
afterEach(() => child?.kill());

describe.runIf(process.platform === 'linux')('process CPU accounting (/proc)', () => {
  it("charges a busy child its CPU time, and this process's own to the host label", async () => {
    child = spawn(process.execPath, ['-e', SPINNER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const before = cpuSnapshot({ spinner: child.pid! });
    await new Promise((resolve) => child!.once('message', resolve));
    const after = cpuSnapshot({ spinner: child.pid! });

    expect(after!.get('spinner')! - before!.get('spinner')!).toBeGreaterThanOrEqual(250);
    expect(after!.get(HOST_LABEL)).toBeGreaterThanOrEqual(before!.get(HOST_LABEL)!);
    expect(cpuPerTurn(before, after, 2)).toMatch(/^host \(.*\) [\d.]+, spinner 1[2-9]\d\.\d; total [\d.]+$/);
  });

  it('prints nothing when a snapshot is missing', () => {
    expect(cpuPerTurn(null, new Map(), 1)).toBeNull();
  });
});
