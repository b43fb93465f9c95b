/**
 * What each Lambda loads at cold start. Every AWS SDK client costs tens of milliseconds to load, so a
 * bundle's import must load only the clients that function builds at start-up; DynamoDB, Secrets Manager,
 * the offline model and the offline agent runtime load on first use, and so do the model SDKs and
 * Node's HTTP client in the bundles that build no AWS SDK client. Real bundles, imported in a fresh
 * Node 22 process with a deployed function's environment and the built AWS SDK layer as the only module path.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import { bundleLambda } from '../lib/bundle';
import { buildLayer, layerPaths, sdkRequires } from '../lib/layer';
import { coldImport } from '../lib/cold-start';
import { bundlePaths, LAMBDAS, REPO_ROOT } from '../lib/lambdas';

const EXPECTED: Record<string, string[]> = {
  'pattern-a': [],
  'pattern-b': [],
  'pattern-d': [],
  'pattern-c-orchestrator': [],
  'pattern-c-parse': [],
  'pattern-c-booking': [],
  'pattern-g-booking': [],
  'pattern-h-invoker': ['@aws-sdk/client-bedrock-agent-runtime'],
};

const specs = LAMBDAS.filter((l) => l.name in EXPECTED);
const out = mkdtempSync(join(tmpdir(), 'cold-start-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const metafiles = new Map<string, Metafile>();

/** The bundle's files a cold start evaluates: index.mjs and every chunk it imports statically, transitively. */
function loadedAtImport(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((f) => f.endsWith('/index.mjs'))!;
  const seen = new Set([entry]);
  for (const file of seen) {
    for (const imp of metafile.outputs[file]!.imports) if (imp.kind === 'import-statement' && !imp.external) seen.add(imp.path);
  }
  return [...seen];
}

const inputsOf = (metafile: Metafile, files: string[]) => files.flatMap((f) => Object.keys(metafile.outputs[f]!.inputs));
/**
 * Our export path: the OpenTelemetry SDK, exporters, resources, propagators and our span mapping. The bare
 * @opentelemetry/api is not in it: @anthropic-ai/sdk imports that itself, and loaded it before export existed.
 */
const otelInputs = (metafile: Metafile, files: string[]) =>
  inputsOf(metafile, files).filter(
    (i) =>
      (i.includes('@opentelemetry') && !i.includes('@opentelemetry/api/')) || /runtime\/src\/(telemetry-export|trace-spans)\.ts$/.test(i),
  );

describe('cold start of real bundles', () => {
  beforeAll(async () => {
    const results = [];
    for (const spec of specs) {
      const result = await bundleLambda(spec, REPO_ROOT, out);
      metafiles.set(spec.name, result.metafile);
      results.push(result);
    }
    buildLayer(
      results.flatMap((r) => sdkRequires(r.metafile)),
      out,
      { zip: false },
    );
  }, 120_000);

  it.each(specs.map((s) => [s.name] as const))(
    '%s loads nothing of OpenTelemetry at import; the exporter is a chunk loaded on the first traced call',
    (name) => {
      const metafile = metafiles.get(name)!;
      const atImport = loadedAtImport(metafile);
      expect(otelInputs(metafile, atImport)).toEqual([]);
      // Only a vendor SDK that imports the API itself brings @opentelemetry/api into a cold start.
      if (inputsOf(metafile, atImport).some((i) => i.includes('@opentelemetry/api/')))
        expect(inputsOf(metafile, atImport).some((i) => i.includes('@anthropic-ai/sdk'))).toBe(true);
      const lazy = otelInputs(
        metafile,
        Object.keys(metafile.outputs).filter((f) => f.endsWith('.mjs')),
      );
      expect(lazy.some((i) => i.includes('@opentelemetry/sdk-trace'))).toBe(true);
      expect(lazy.some((i) => i.includes('@opentelemetry/exporter-trace-otlp-proto'))).toBe(true);
    },
  );

  it.each(specs.map((s) => [s.name, EXPECTED[s.name]!] as const))('%s loads exactly the AWS SDK clients %j', (name, clients) => {
    const spec = specs.find((s) => s.name === name)!;
    expect(coldImport(bundlePaths(spec, out).file, layerPaths(out).modules).awsClients).toEqual(clients);
  });

  // Node's HTTP client (undici, with http, tls, http2 and zlib) loads when code first reads the global
  // fetch, Response, Headers or Blob; the openai package does at import, so it loads on the first call.
  const HTTP_CLIENT = ['http', 'https', 'http2', 'tls', 'zlib'];
  const NO_AWS_CLIENT = specs.filter((s) => EXPECTED[s.name]!.length === 0).map((s) => s.name);

  it.each(NO_AWS_CLIENT)('%s loads no HTTP client at import: the model SDKs load on the first model call', (name) => {
    const spec = specs.find((s) => s.name === name)!;
    const { builtins } = coldImport(bundlePaths(spec, out).file, layerPaths(out).modules);
    expect(builtins.filter((m) => HTTP_CLIENT.includes(m))).toEqual([]);
  });

  it('loads the AWS SDK (from the layer) with require, never with an ESM import (which scans its CommonJS first)', () => {
    for (const spec of specs) {
      const { dir } = bundlePaths(spec, out);
      const code = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
      expect(code, spec.name).not.toMatch(/(from|import\()\s*["']@(aws-sdk|smithy)\//);
      expect(code, spec.name).toMatch(/\(\s*"@aws-sdk\/client-dynamodb"\s*\)/);
    }
  });
});
