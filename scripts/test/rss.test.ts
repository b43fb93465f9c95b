import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mib, rssBytes } from '../lib/load/rss';

describe('rssBytes', () => {
  it("reads another live process's resident memory, and null once it is gone", async () => {
    const child = spawn(process.execPath, ['-e', 'console.log("up"); setTimeout(() => {}, 30000)'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise((resolve) => child.stdout!.once('data', resolve)); // running Node, not a half-started fork
    const bytes = rssBytes(child.pid!);
    expect(bytes).toBeGreaterThan(1024 * 1024);
    expect(mib(bytes)).toMatch(/^\d+\.\d MiB$/);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
    expect(rssBytes(child.pid!)).toBeNull();
    expect(mib(null)).toBe('unknown');
  });
});
