import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import {
  bundleLambda,
  contributors,
  CREATE_REQUIRE_BANNER,
  forbiddenPackages,
  leaveOutMcpClient,
  packageOf,
  writeZip,
} from '../lib/bundle';
import { measuredMemoryMb, memoryWithHeadroom, readMemoryTable } from '../lib/lambda-memory';
import { LAMBDAS, PATTERNS, patternFromArgv, REPO_ROOT, type LambdaSpec } from '../lib/lambdas';

const temp = mkdtempSync(join(tmpdir(), 'bundle-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const spec = (overrides: Partial<LambdaSpec> = {}): LambdaSpec => ({
  pattern: 'd',
  name: 'fixture',
  entry: 'src/handler.ts',
  role: 'http',
  memoryMb: 512,
  timeoutSeconds: 10,
  vendors: [],
  usesOpenAiAgents: false,
  bookings: 'none',
  sessions: 'none',
  invokes: [],
  ...overrides,
});

// The shape esbuild writes, with pnpm's real nested node_modules paths.
function metafileWith(inputs: Record<string, number>): Metafile {
  return {
    inputs: {},
    outputs: {
      'dist/index.mjs': {
        bytes: 0,
        imports: [],
        exports: ['handler'],
        inputs: Object.fromEntries(Object.entries(inputs).map(([path, bytesInOutput]) => [path, { bytesInOutput }])),
      },
    },
  };
}

const AGENTS_INPUT = 'node_modules/.pnpm/@openai+agents-core@0.20.0_zod@4.6.7/node_modules/@openai/agents-core/dist/index.mjs';
const OPENAI_INPUT = 'node_modules/.pnpm/openai@7.55.0/node_modules/openai/index.mjs';

describe('bundle helpers', () => {
  it('names the package an input belongs to', () => {
    expect(packageOf(AGENTS_INPUT)).toBe('@openai/agents-core');
    expect(packageOf(OPENAI_INPUT)).toBe('openai');
    expect(packageOf('shared/runtime/src/config.ts')).toBe('shared/runtime');
  });

  it('sums contributors per package, largest first', () => {
    const meta = metafileWith({ [OPENAI_INPUT]: 10, [AGENTS_INPUT]: 30, 'shared/runtime/src/a.ts': 5, 'shared/runtime/src/b.ts': 7 });
    expect(contributors(meta)).toEqual([
      { name: '@openai/agents-core', bytes: 30 },
      { name: 'shared/runtime', bytes: 12 },
      { name: 'openai', bytes: 10 },
    ]);
  });

  it('flags @openai/agents in a function that does not use it, and only there', () => {
    const meta = metafileWith({ [OPENAI_INPUT]: 10, [AGENTS_INPUT]: 30 });
    expect(forbiddenPackages(spec(), meta)).toEqual(['@openai/agents-core']);
    expect(forbiddenPackages(spec({ usesOpenAiAgents: true }), meta)).toEqual([]);
    expect(forbiddenPackages(spec(), metafileWith({ [OPENAI_INPUT]: 10, [AGENTS_INPUT]: 0 }))).toEqual([]);
  });

  it('writes the same zip for the same code (stable source_code_hash)', () => {
    const a = writeZip(join(temp, 'a.zip'), 'export const handler = 1;');
    const b = writeZip(join(temp, 'b.zip'), 'export const handler = 1;');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(new TextDecoder().decode(unzipSync(a)['index.mjs'])).toBe('export const handler = 1;');
  });

  it('bundles a handler as a runnable ESM file with the createRequire banner, a source map and a zip', async () => {
    const root = join(temp, 'project');
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(
      join(root, 'src', 'handler.ts'),
      "import { basename } from 'node:path';\nexport const handler = async (e: { path: string }) => ({ name: basename(e.path) });\n",
    );
    const result = await bundleLambda(spec(), root);
    const code = readFileSync(join(root, 'dist', 'lambdas', 'fixture', 'index.mjs'), 'utf8');
    expect(code.startsWith(CREATE_REQUIRE_BANNER)).toBe(true);
    expect(readFileSync(join(root, 'dist', 'lambdas', 'fixture', 'index.mjs.map'), 'utf8')).toContain('handler.ts');
    const zipped = unzipSync(readFileSync(join(root, 'dist', 'lambdas', 'fixture.zip')));
    expect(Object.keys(zipped)).toEqual(['index.mjs']);
    expect(result).toMatchObject({ bytes: Buffer.byteLength(code), zipBytes: expect.any(Number) });
    const mod = await import(pathToFileURL(join(root, 'dist', 'lambdas', 'fixture', 'index.mjs')).href);
    await expect(mod.handler({ path: '/a/b/court.txt' })).resolves.toEqual({ name: 'court.txt' });
  });
});

describe('Lambda catalogue', () => {
  it('has unique names, one public entry per pattern, and callees inside the same pattern', () => {
    expect(new Set(LAMBDAS.map((l) => l.name)).size).toBe(LAMBDAS.length);
    for (const pattern of PATTERNS) {
      const own = LAMBDAS.filter((l) => l.pattern === pattern);
      expect(own.filter((l) => l.role === 'http')).toHaveLength(1);
      for (const target of own.flatMap((l) => l.invokes)) expect(own.map((l) => l.name)).toContain(target);
    }
  });

  it("keeps @openai/agents to E, F and G's manager and OpenAI specialist", () => {
    expect(LAMBDAS.filter((l) => l.usesOpenAiAgents).map((l) => l.name)).toEqual([
      'pattern-e',
      'pattern-f',
      'pattern-g-manager',
      'pattern-g-availability',
    ]);
  });

  it('sizes each function from its measured peak RSS: x1.5, rounded up to 64 MB, at least 128 MB', () => {
    const { peakRssMb } = readMemoryTable();
    expect(Object.keys(peakRssMb).sort()).toEqual(LAMBDAS.map((l) => l.name).sort());
    for (const l of LAMBDAS) {
      const peak = peakRssMb[l.name]!;
      expect(l.memoryMb % 64, l.name).toBe(0);
      expect(l.memoryMb, l.name).toBeGreaterThanOrEqual(Math.max(128, peak * 1.5));
      expect(l.memoryMb - 64, l.name).toBeLessThan(Math.max(128, peak * 1.5));
    }
    expect(memoryWithHeadroom(60)).toBe(128);
    expect(memoryWithHeadroom(130)).toBe(256);
    expect(() => measuredMemoryMb('pattern-z', { measured: '', peakRssMb: {} })).toThrow('pattern-z has no measured peak RSS');
  });

  it('parses --pattern with a clear error for bad values', () => {
    expect(patternFromArgv(['--pattern', 'D'])).toBe('d');
    expect(patternFromArgv(['--pattern=h'])).toBe('h');
    expect(patternFromArgv([])).toBeUndefined();
    expect(() => patternFromArgv(['--pattern', 'x'])).toThrow('Unknown pattern "x": expected one of a, b, c, d, e, f, g, h');
    expect(() => patternFromArgv(['--pattern'])).toThrow('--pattern needs a value');
  });
});

describe('real pattern bundles (size budget, deterministic)', () => {
  const budget = 1024 * 1024;
  const d = LAMBDAS.find((l) => l.pattern === 'd')!;

  it("pattern D ships only the OpenAI SDK, leaves the runtime's AWS SDK out, and stays under 1 MiB", async () => {
    const result = await bundleLambda(d, REPO_ROOT, temp);
    const bytesOf = (name: string) => contributors(result.metafile).find((c) => c.name === name)?.bytes ?? 0;
    const names = contributors(result.metafile).map((c) => c.name);
    expect(bytesOf('openai')).toBeGreaterThan(100_000);
    // Only the Anthropic SDK's error classes (used to classify provider failures), not its client.
    expect(bytesOf('@anthropic-ai/sdk')).toBeLessThan(10_000);
    expect(names.filter((n) => n.startsWith('@aws-sdk/'))).toEqual([]);
    expect(forbiddenPackages(d, result.metafile)).toEqual([]);
    expect(result.bytes).toBeLessThanOrEqual(budget);
  });

  it("pattern B ships both vendors' SDKs, only the Messages part of Anthropic's, and stays under 1 MiB", async () => {
    const b = LAMBDAS.find((l) => l.pattern === 'b')!;
    const result = await bundleLambda(b, REPO_ROOT, temp);
    const bytesOf = (name: string) => contributors(result.metafile).find((c) => c.name === name)?.bytes ?? 0;
    expect(bytesOf('openai')).toBeGreaterThan(100_000);
    expect(bytesOf('@anthropic-ai/sdk')).toBeGreaterThan(50_000);
    // The whole client (beta, files, skills, organization) is about 400 KB.
    expect(bytesOf('@anthropic-ai/sdk')).toBeLessThan(200_000);
    expect(result.bytes).toBeLessThanOrEqual(budget);
  });

  it('pattern E leaves the MCP client out: under 2.5 MiB, and an MCP server fails with a clear error', async () => {
    const e = LAMBDAS.find((l) => l.pattern === 'e')!;
    const result = await bundleLambda(e, REPO_ROOT, temp);
    const names = contributors(result.metafile).map((c) => c.name);
    expect(names.filter((n) => n.startsWith('@modelcontextprotocol/') || n === 'jose' || n === 'ajv')).toEqual([]);
    expect(result.bytes).toBeLessThanOrEqual(2.5 * 1024 * 1024);
    // The stand-in @openai/agents gets instead: connecting to an MCP server says why it cannot.
    const standIn = join(temp, 'mcp-stand-in.mjs');
    await build({
      stdin: { contents: "export { Client } from '@modelcontextprotocol/client';", resolveDir: REPO_ROOT },
      bundle: true,
      format: 'esm',
      outfile: standIn,
      plugins: [leaveOutMcpClient],
      logLevel: 'error',
    });
    const { Client } = (await import(pathToFileURL(standIn).href)) as { Client: new () => unknown };
    expect(() => new Client()).toThrow(/MCP servers are not available in this Lambda/);
  });
});
