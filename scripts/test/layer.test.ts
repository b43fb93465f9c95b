/**
 * The AWS SDK layer holds what the bundles require and nothing else: every bundle of the catalogue (entry
 * and every lazily loaded chunk) loads in a fresh Node 22 process whose only module path is the layer,
 * and every package in the layer is either required by a bundle or a run-time dependency of one that is.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda, type BundleResult } from '../lib/bundle';
import { LAMBDA_ENV, layerEnv, nodeBinary } from '../lib/cold-start';
import { buildLayer, isInside, layerPaths, packageName, sdkRequires, type LayerResult } from '../lib/layer';
import { bundlePaths, LAMBDAS, REPO_ROOT } from '../lib/lambdas';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'layer-test-'));
let bundles: BundleResult[];
let layer: LayerResult;

// Imports every module named in argv (entry and chunks), then lists the CommonJS files loaded.
const IMPORT_ALL = `
for (const url of process.argv.slice(1)) await import(url);
const { createRequire } = await import('node:module');
console.log(JSON.stringify(Object.keys(createRequire(process.argv[1]).cache)));`;

function modulesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => join(dir, f));
}

/** The SDK packages a bundle's code requires, read from the code itself (not from esbuild's metafile). */
function requiredInCode(dir: string): string[] {
  const code = modulesOf(dir)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  return [...code.matchAll(/"(@(?:aws-sdk|smithy)\/[^"]+)"/g)].map((m) => packageName(m[1]!));
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

beforeAll(async () => {
  bundles = [];
  for (const spec of LAMBDAS) bundles.push(await bundleLambda(spec, REPO_ROOT, out));
  layer = buildLayer(
    bundles.flatMap((b) => sdkRequires(b.metafile)),
    out,
  );
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the AWS SDK layer', () => {
  it.each(LAMBDAS.map((s) => [s.name]))(
    '%s loads, entry and every chunk, with only the layer and built-ins',
    async (name) => {
      const spec = LAMBDAS.find((s) => s.name === name)!;
      const files = modulesOf(bundlePaths(spec, out).dir).map((f) => pathToFileURL(f).href);
      const modules = layerPaths(out).modules;
      const result = await run(nodeBinary(), ['--input-type=module', '-e', IMPORT_ALL, ...files], {
        env: { PATH: process.env.PATH, ...LAMBDA_ENV, ...layerEnv(modules) },
        encoding: 'utf8',
        timeout: 30_000,
      });
      const loaded = JSON.parse(result.stdout) as string[];
      expect(loaded.filter((f) => !isInside(realpathSync(f), realpathSync(modules)))).toEqual([]);
    },
    40_000,
  );

  it('lists as required exactly the SDK packages the bundles name in their code', () => {
    const inCode = new Set(LAMBDAS.flatMap((s) => requiredInCode(bundlePaths(s, out).dir)));
    expect(layer.requires).toEqual([...inCode].sort());
    expect(
      layer.packages
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    ).toEqual([...inCode].sort());
  });

  it('holds nothing but those packages and their run-time dependencies, at the lockfile versions', () => {
    const modules = layerPaths(out).modules;
    const manifests = new Map(
      layer.packages.map((p) => [p.path, JSON.parse(readFileSync(join(modules, p.path, 'package.json'), 'utf8')) as Manifest]),
    );
    const depended = new Set(
      [...manifests.values()].flatMap((m) => Object.keys({ ...m.dependencies, ...m.optionalDependencies, ...m.peerDependencies })),
    );
    for (const pkg of layer.packages) {
      expect(pkg.required || depended.has(pkg.name), `${pkg.path} is neither required nor a dependency`).toBe(true);
      if (!/^@(aws-sdk|smithy)\//.test(pkg.name)) expect(pkg.required, pkg.name).toBe(false);
    }
    const lockfile = readFileSync(join(REPO_ROOT, 'pnpm-lock.yaml'), 'utf8');
    for (const pkg of layer.packages) expect(lockfile, `${pkg.name}@${pkg.version}`).toContain(`${pkg.name}@${pkg.version}`);
    // The top level of the layer is exactly the flat packages; a second version only nests under its user.
    const top = readdirSync(modules).flatMap((d) => (d.startsWith('@') ? readdirSync(join(modules, d)).map((n) => `${d}/${n}`) : [d]));
    expect(top.sort()).toEqual(
      layer.packages
        .filter((p) => !p.path.includes('/node_modules/'))
        .map((p) => p.name)
        .sort(),
    );
  });

  it('keeps the named exports of an SDK package a bundle loads on first use (await import, its own chunk)', async () => {
    const fixture = { ...LAMBDAS[0]!, name: 'lazy-sdk', entry: 'shared/runtime/test/fixtures/lazy-sdk-handler.ts' };
    const root = join(out, 'lazy');
    const { metafile } = await bundleLambda(fixture, REPO_ROOT, root);
    buildLayer(sdkRequires(metafile), root, { zip: false });
    const invoke = 'const { handler } = await import(process.argv[1]); console.log(JSON.stringify(await handler()));';
    const result = await run(nodeBinary(), ['--input-type=module', '-e', invoke, pathToFileURL(bundlePaths(fixture, root).file).href], {
      env: { PATH: process.env.PATH, ...LAMBDA_ENV, ...layerEnv(layerPaths(root).modules) },
      encoding: 'utf8',
    });
    expect(JSON.parse(result.stdout)).toEqual({ client: 'function', secretId: 'tennis/pattern-x/openai-api-key' });
  }, 60_000);

  it('zips as Lambda unpacks a layer (nodejs/node_modules), without types or the ESM build, the same bytes every build', () => {
    const zip = readFileSync(layerPaths(out).zip);
    const names = Object.keys(unzipSync(zip));
    expect(names.length).toBeGreaterThan(layer.packages.length);
    for (const name of names) {
      expect(name).toMatch(/^nodejs\/node_modules\//);
      expect(name).not.toMatch(/\/dist-(types|es)\/|\.d\.ts$|\.map$/);
    }
    for (const pkg of layer.packages) expect(names).toContain(`nodejs/node_modules/${pkg.path}/package.json`);
    buildLayer(
      bundles.flatMap((b) => sdkRequires(b.metafile)),
      out,
    );
    expect(readFileSync(layerPaths(out).zip).equals(zip)).toBe(true);
  });
});
