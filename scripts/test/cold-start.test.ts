/**
 * What each Lambda loads at cold start. Every AWS SDK client costs tens of milliseconds to load, so a
 * bundle's import must load only the clients that function builds at start-up; DynamoDB, Secrets Manager,
 * the offline model and the offline agent runtime load on first use. Real bundles, imported in a fresh
 * Node 22 process with a deployed function's environment and the built AWS SDK layer as the only module path.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda } from '../lib/bundle';
import { buildLayer, layerPaths, sdkRequires } from '../lib/layer';
import { coldImport } from '../lib/cold-start';
import { bundlePaths, LAMBDAS, REPO_ROOT } from '../lib/lambdas';

const EXPECTED: Record<string, string[]> = {
  'pattern-b': [],
  'pattern-c-orchestrator': ['@aws-sdk/client-lambda'],
  'pattern-c-parse': [],
  'pattern-c-booking': ['@aws-sdk/client-bedrock-runtime'],
  'pattern-g-booking': [],
  'pattern-h-invoker': ['@aws-sdk/client-bedrock-agent-runtime'],
};

const specs = LAMBDAS.filter((l) => l.name in EXPECTED);
const out = mkdtempSync(join(tmpdir(), 'cold-start-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('cold start of real bundles', () => {
  beforeAll(async () => {
    const results = [];
    for (const spec of specs) results.push(await bundleLambda(spec, REPO_ROOT, out));
    buildLayer(results.flatMap((r) => sdkRequires(r.metafile)), out, { zip: false });
  }, 120_000);

  it.each(specs.map((s) => [s.name, EXPECTED[s.name]!] as const))('%s loads exactly the AWS SDK clients %j', (name, clients) => {
    const spec = specs.find((s) => s.name === name)!;
    expect(coldImport(bundlePaths(spec, out).file, layerPaths(out).modules).awsClients).toEqual(clients);
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
