/**
 * pnpm bench:memory [--pattern x] [--turns 40] [--write]
 * Peak memory of each built bundle over a warm run, as Lambda would run it: every function of a pattern
 * in its own plain Node 22 process (the local Lambda runtime, without tsx), importing its bundle from
 * dist/lambdas with the AWS SDK from the built layer alone (NODE_PATH), on the offline model. The HTTP
 * function serves `--turns` turns that alternate an availability question with a two-turn booking, so
 * every function of the pattern works; then each process's peak RSS (VmHWM, Linux) is read. Prints it
 * beside the bundle size and the memory_size it gives (lambda-memory.ts); --write records the peaks in
 * scripts/lib/lambda-memory.json, which infra sizes every function from.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { intOption } from './lib/args';
import { formatBytes } from './lib/bundle';
import { compileWorker, startBundledPattern } from './lib/bundle-host';
import { bundlePaths, lambdasOf, PATTERNS, patternFromArgv, type LambdaSpec, type PatternLetter } from './lib/lambdas';
import { layerPaths, stageBundles } from './lib/layer';
import { memoryWithHeadroom, readMemoryTable, writeMemoryTable, type MemoryTable } from './lib/lambda-memory';
import { table } from './lib/table';

const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

function bundleBytes(spec: LambdaSpec): number {
  const { dir } = bundlePaths(spec);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** Serves `turns` turns from the pattern's bundles: an availability question, then a two-turn booking, in turn. */
async function measurePattern(letter: PatternLetter, worker: string, bundlesRoot: string, turns: number): Promise<Map<string, number>> {
  const pattern = await startBundledPattern(letter, { worker, layerModules: layerPaths().modules, bundlesRoot });
  try {
    for (let turn = 0; turn < turns; turn++) {
      const user = `memory-${turn}`;
      if (turn % 2 === 0) {
        await pattern.chat(user, 'Do you have anything tomorrow afternoon?');
      } else {
        // Every hour of two days, so each booking books.
        const k = (turn - 1) / 2;
        const day = k < HOURS.length ? 'tomorrow' : 'the day after tomorrow';
        const { session_id } = await pattern.chat(user, `I'd like a court ${day}`);
        await pattern.chat(user, `${String(HOURS[k % HOURS.length]).padStart(2, '0')}:00 please`, session_id);
      }
    }
    return pattern.peakRssMb();
  } finally {
    await pattern.stop();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const pattern = patternFromArgv(argv);
  const turns = intOption(argv, '--turns', 40, 2, 4 * HOURS.length);
  const write = argv.includes('--write');
  if (process.platform !== 'linux') throw new Error('bench:memory reads peak RSS from /proc: it runs on Linux only.');
  if (!existsSync(layerPaths().zip)) throw new Error('No AWS SDK layer in dist/layers: run `pnpm build` first.');
  const letters = pattern ? [pattern] : [...PATTERNS];
  const missing = letters.flatMap(lambdasOf).filter((s) => !existsSync(bundlePaths(s).file));
  if (missing.length > 0) throw new Error(`Not built: ${missing.map((s) => s.name).join(', ')}. Run \`pnpm build\` first.`);

  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const measured = new Map<string, number>();
  try {
    const worker = await compileWorker(dir);
    const bundlesRoot = stageBundles(letters.flatMap(lambdasOf), dir);
    console.log(
      `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, ${turns} warm turns per pattern, offline model\n`,
    );
    for (const letter of letters) {
      for (const [name, mb] of await measurePattern(letter, worker, bundlesRoot, turns)) measured.set(name, mb);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const current = readMemoryTable();
  const rows = letters.flatMap(lambdasOf).map((spec) => {
    const peak = measured.get(spec.name)!;
    return [spec.name, formatBytes(bundleBytes(spec)), peak.toFixed(1), String(memoryWithHeadroom(peak)), String(spec.memoryMb)];
  });
  console.log(table(['lambda', 'bundle', 'peak RSS MB', 'memory_size from this run', 'memory_size deployed (checked-in table)'], rows));
  if (!write) {
    console.log('\n--write records these peaks in scripts/lib/lambda-memory.json (infra reads memory_size from it).');
    return;
  }
  const next: MemoryTable = {
    measured: `${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, ${turns} warm turns, offline model`,
    peakRssMb: { ...current.peakRssMb, ...Object.fromEntries([...measured].map(([name, mb]) => [name, Math.round(mb * 10) / 10])) },
  };
  writeMemoryTable(next);
  console.log(`\nwrote ${measured.size} peaks to scripts/lib/lambda-memory.json`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
