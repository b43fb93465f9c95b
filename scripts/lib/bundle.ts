/**
 * Bundling helpers shared by scripts/build.ts (real bundles), infra (placeholder zips) and the bundle bench.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { zipSync } from 'fflate';
import { bundlePaths, entryPath, REPO_ROOT, type LambdaSpec } from './lambdas';

/** Several SDKs `require` Node built-ins; an ESM bundle has no `require` without this. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Packages a function must not ship unless its catalogue entry says it runs them. */
export const AGENTS_PACKAGE_PREFIX = '@openai/agents';

// Fixed timestamp (the zip epoch) so the same bundle always gives the same zip and source_code_hash.
const ZIP_MTIME = new Date('1980-01-01T00:00:00Z');

export interface BundleResult {
  spec: LambdaSpec;
  bytes: number;
  zipBytes: number;
  metafile: Metafile;
}

export interface Contributor {
  name: string;
  bytes: number;
}

/** esbuild one Lambda into dist/lambdas/<name>/index.mjs (+ .map) and zip it. */
export async function bundleLambda(spec: LambdaSpec, root = REPO_ROOT): Promise<BundleResult> {
  const paths = bundlePaths(spec, root);
  const result = await build({
    entryPoints: [entryPath(spec, root)],
    outfile: paths.file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    sourcemap: true,
    metafile: true,
    // Bundle the AWS SDK too: the runtime's copy drifts, a bundled one is the version we tested.
    external: [],
    banner: { js: CREATE_REQUIRE_BANNER },
    absWorkingDir: root,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const code = readFileSync(paths.file);
  const zip = writeZip(paths.zip, code);
  return { spec, bytes: code.byteLength, zipBytes: zip.byteLength, metafile: result.metafile };
}

/**
 * Zips one ESM handler as index.mjs. The source map stays beside the bundle in dist/ for local
 * symbolication: shipping it would only grow the upload, as Lambda does not read it by default.
 */
export function writeZip(zipPath: string, code: Uint8Array | string): Uint8Array {
  const bytes = typeof code === 'string' ? new TextEncoder().encode(code) : code;
  const zip = zipSync({ 'index.mjs': [bytes, { mtime: ZIP_MTIME, level: 9 }] });
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, zip);
  return zip;
}

/** "node_modules/.pnpm/x/node_modules/@scope/pkg/dist/a.js" -> "@scope/pkg"; workspace files -> their package dir. */
export function packageOf(inputPath: string): string {
  const marker = 'node_modules/';
  const at = inputPath.lastIndexOf(marker);
  if (at < 0) {
    const parts = inputPath.split('/');
    return parts.length > 2 ? parts.slice(0, 2).join('/') : inputPath;
  }
  const [first = '', second = ''] = inputPath.slice(at + marker.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** Bytes each package contributes to the output, largest first. */
export function contributors(metafile: Metafile): Contributor[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Packages in the bundle that this function must not ship (today: @openai/agents* outside agent functions). */
export function forbiddenPackages(spec: LambdaSpec, metafile: Metafile): string[] {
  if (spec.usesOpenAiAgents) return [];
  return contributors(metafile)
    .filter((c) => c.bytes > 0 && c.name.startsWith(AGENTS_PACKAGE_PREFIX))
    .map((c) => c.name);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** Plain-text table with right-aligned numeric columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
