/**
 * `pnpm load:memory [--pattern d] [--clients 20] [--seconds 30] [--max-rss-mib 300]`: starts `pnpm dev`
 * for one pattern in its own process (offline model at zero latency, in-memory stores), sends new
 * conversations (no session ids) from N clients for S seconds, and prints the dev server's RSS at the
 * start, its peak and at the end. Exit code 1 when a call failed or the end RSS is over the bound.
 * Loopback only; the run stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { intOption } from './lib/args';
import { parsePatternLetter } from './lib/lambdas';
import { runLoad } from './lib/load/generator';
import { chat } from './lib/load/http';
import { machineLine } from './lib/load/machine';
import { mib, rssBytes } from './lib/load/rss';
import { THROUGHPUT_MESSAGE } from './lib/load/runs';
import { requireBuilt } from './lib/patterns';

const DEV = fileURLToPath(new URL('./dev-server.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CALL_DEADLINE_MS = 60_000;

function startDev(letter: string): Promise<{ child: ChildProcess; url: string }> {
  const { PATH, HOME, TMPDIR } = process.env;
  const env = { PATH, HOME, TMPDIR, PORT: '0', LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', OFFLINE_LATENCY_MS: '0' };
  const child = spawn(process.execPath, ['--import', TSX, DEV, letter], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm dev did not start within 120 s:\n${out}`)), 120_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const url = /Dev server on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes('Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pnpm dev exited (code ${code}):\n${out}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: false, options: { pattern: { type: 'string', default: 'd' } } });
  const letter = parsePatternLetter(String(values.pattern));
  requireBuilt(letter);
  const clients = intOption(argv, '--clients', 20, 1, 500);
  const seconds = intOption(argv, '--seconds', 30, 1, 600);
  const maxRssMib = intOption(argv, '--max-rss-mib', 300, 1);
  console.log(
    `${machineLine()}\npnpm dev ${letter}: ${clients} clients for ${seconds} s, every call a new conversation (no session id); loopback only.`,
  );
  const { child, url } = await startDev(letter);
  try {
    const pid = child.pid!;
    const start = rssBytes(pid);
    console.log(`dev server RSS at start: ${mib(start)}`);
    let peak = start ?? 0;
    const started = Date.now();
    let tick = 0;
    const sampler = setInterval(() => {
      const now = rssBytes(pid);
      peak = Math.max(peak, now ?? 0);
      // One line every 10 s, so a long run shows whether memory levels off.
      if (++tick % 10 === 0) console.log(`  ${Math.round((Date.now() - started) / 1000)} s: RSS ${mib(now)}`);
    }, 1000);
    const result = await runLoad({ concurrency: clients, requests: Number.MAX_SAFE_INTEGER, maxMs: seconds * 1000 }, async (i) => {
      const reply = await chat(url, { letter, message: THROUGHPUT_MESSAGE, userId: `mem-${i % 1000}` }, CALL_DEADLINE_MS);
      return reply.status;
    });
    clearInterval(sampler);
    const end = rssBytes(pid);
    peak = Math.max(peak, end ?? 0);
    console.log(
      `${result.completed} new conversations in ${(result.elapsedMs / 1000).toFixed(1)} s (${result.rps.toFixed(1)} req/s, p50 ${result.p50.toFixed(0)} ms, ` +
        `p99 ${result.p99.toFixed(0)} ms), statuses ${JSON.stringify(result.statuses)}`,
    );
    console.log(`dev server RSS at end: ${mib(end)} (peak ${mib(peak)}; bound ${maxRssMib} MiB)`);
    const problems: string[] = [];
    if (result.errors > 0 || (result.statuses[200] ?? 0) !== result.completed)
      problems.push(`not every call answered 200: ${JSON.stringify(result.statuses)}`);
    if (end === null) problems.push("could not read the dev server's RSS");
    else if (end > maxRssMib * 2 ** 20) problems.push(`RSS at end ${mib(end)} is over the ${maxRssMib} MiB bound`);
    for (const problem of problems) console.error(`FAIL ${problem}`);
    return problems.length ? 1 : 0;
  } finally {
    await stop(child);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
