/**
 * Bundling helpers shared by scripts/build.ts (real bundles), infra (placeholder zips) and the bundle bench.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { zipSync, type Zippable } from 'fflate';
import { bundlePaths, entryPath, REPO_ROOT, type LambdaSpec } from './lambdas';

/** Several SDKs `require` Node built-ins; an ESM bundle has no `require` without this. */
export const CREATE_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Left out of every bundle and loaded from the AWS SDK layer (scripts/lib/layer.ts) that `pnpm build`
 * writes beside the bundles: the same @aws-sdk and @smithy packages, at the lockfile's versions, that the
 * tests ran against. Bundling them instead would add ~500 KB per Lambda (DynamoDB, Lambda, Bedrock,
 * Secrets Manager clients and @smithy/core) and slow every cold start. The offline model's AWS transport
 * uses @smithy packages from the same layer. Without the layer (AWS_SDK_LAYER=false in infra), the
 * `require`s find the copy the nodejs22.x runtime ships in /var/runtime/node_modules.
 */
export const RUNTIME_PROVIDED = /^@(aws-sdk|smithy)\//;

/**
 * Leaves the runtime-provided packages out (RUNTIME_PROVIDED) and loads them with `require`, not `import`.
 * They ship as CommonJS, and an ESM `import` of a CommonJS module makes Node first scan its source for
 * export names (cjs-module-lexer); `require` (the banner's createRequire) skips that scan, which is a
 * good part of what loading an AWS SDK client costs a cold start. Each import becomes a one-line CommonJS
 * stand-in that requires the real package at run time.
 *
 * An `await import()` of one becomes a chunk of its own, and esbuild gives a split-off CommonJS chunk only
 * a default export: `const { X } = await import(...)` would find X undefined. So a dynamically imported
 * package gets an ESM stand-in instead that re-exports, by name, what the installed (and so the layer's)
 * version exports.
 */
export const requireRuntimeProvided: Plugin = {
  name: 'require-runtime-provided',
  setup(b) {
    const namespace = 'runtime-provided';
    const named = 'runtime-provided-named';
    b.onResolve({ filter: RUNTIME_PROVIDED }, (args) => {
      if (args.namespace === namespace || args.namespace === named) return { path: args.path, external: true };
      if (args.kind === 'dynamic-import') return { path: args.path, namespace: named, pluginData: { resolveDir: args.resolveDir } };
      return { path: args.path, namespace };
    });
    b.onLoad({ filter: /.*/, namespace }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: named }, (args) => {
      const { resolveDir } = args.pluginData as { resolveDir: string };
      const exports = createRequire(join(resolveDir, 'index.js'))(args.path) as Record<string, unknown>;
      const names = Object.keys(exports).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default' && n !== '__esModule');
      const contents = `const m = require(${JSON.stringify(args.path)});\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`;
      return { contents, loader: 'js' };
    });
  },
};

/**
 * The MCP client SDK, which @openai/agents imports for MCP servers. No agent here uses an MCP server (only
 * function tools), yet the SDK (with its transports, JSON Schema validator and OAuth code) is about 0.9 MB of
 * every agents bundle. This plugin puts a small stand-in in its place: the names @openai/agents imports, whose
 * client and transports throw a clear error if anything ever tries to connect to an MCP server.
 */
export const MCP_CLIENT = /^@modelcontextprotocol\/client(\/.*)?$/;

const MCP_STAND_IN = `
const unavailable = () => {
  throw new Error('MCP servers are not available in this Lambda: its bundle leaves @modelcontextprotocol/client out (scripts/lib/bundle.ts), since its agents use function tools only.');
};
export const DEFAULT_REQUEST_TIMEOUT_MSEC = 60000;
export class ProtocolError extends Error {}
export class SdkError extends Error {}
export const ProtocolErrorCode = {};
export const SdkErrorCode = {};
export class Client { constructor() { unavailable(); } }
export class StdioClientTransport { constructor() { unavailable(); } }
export class SSEClientTransport { constructor() { unavailable(); } }
export class StreamableHTTPClientTransport { constructor() { unavailable(); } }
`;

export const leaveOutMcpClient: Plugin = {
  name: 'leave-out-mcp-client',
  setup(b) {
    b.onResolve({ filter: MCP_CLIENT }, (args) => ({ path: args.path, namespace: 'mcp-client-stand-in' }));
    b.onLoad({ filter: /.*/, namespace: 'mcp-client-stand-in' }, () => ({ contents: MCP_STAND_IN, loader: 'js' }));
  },
};

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

/**
 * esbuild one Lambda into <outRoot>/dist/lambdas/<name>/index.mjs (+ .map) and zip it. `root` is the
 * project the entry lives in; tests pass their own `outRoot` so they never race `pnpm build`'s output.
 */
export async function bundleLambda(spec: LambdaSpec, root = REPO_ROOT, outRoot = root): Promise<BundleResult> {
  const paths = bundlePaths(spec, outRoot);
  rmSync(paths.dir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: entryPath(spec, root) },
    outdir: paths.dir,
    outExtension: { '.js': '.mjs' },
    // Code behind `await import()` (DynamoDB stores, Secrets Manager, vendor paths) becomes a chunk
    // loaded on first use, so a cold start only evaluates what the first request needs.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    sourcemap: true,
    metafile: true,
    plugins: [requireRuntimeProvided, leaveOutMcpClient],
    banner: { js: CREATE_REQUIRE_BANNER },
    absWorkingDir: root,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const files: Record<string, Uint8Array> = {};
  for (const out of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs'))) {
    files[relative(paths.dir, join(root, out))] = readFileSync(join(root, out));
  }
  const zip = writeZip(paths.zip, files);
  const bytes = Object.values(files).reduce((sum, f) => sum + f.byteLength, 0);
  return { spec, bytes, zipBytes: zip.byteLength, metafile: result.metafile };
}

/**
 * The metafile of a bundle without writing it: what `pnpm build --pattern x` reads for the functions it
 * does not bundle, so the AWS SDK layer always covers every function in the catalogue.
 */
export async function analyzeLambda(spec: LambdaSpec, root = REPO_ROOT): Promise<Metafile> {
  const result = await build({
    entryPoints: [entryPath(spec, root)],
    bundle: true,
    write: false,
    outdir: join(root, 'dist', 'analyze'),
    format: 'esm',
    platform: 'node',
    target: 'node22',
    metafile: true,
    plugins: [requireRuntimeProvided, leaveOutMcpClient],
    absWorkingDir: root,
    logLevel: 'error',
  });
  return result.metafile;
}

/**
 * Zips an ESM handler (index.mjs and its chunks). The source maps stay beside the bundle in dist/ for local
 * symbolication: shipping them would only grow the upload, as Lambda does not read it by default.
 */
export function writeZip(zipPath: string, code: Uint8Array | string | Record<string, Uint8Array>): Uint8Array {
  const files: Record<string, Uint8Array | string> = typeof code === 'string' || code instanceof Uint8Array ? { 'index.mjs': code } : code;
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort()) {
    const data = files[name]!;
    entries[name] = [typeof data === 'string' ? new TextEncoder().encode(data) : data, { mtime: ZIP_MTIME, level: 9 }];
  }
  const zip = zipSync(entries);
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
