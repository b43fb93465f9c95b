/**
 * The pinned AWS SDK Lambda layer: exactly the @aws-sdk/* and @smithy/* packages the bundles `require`
 * (RUNTIME_PROVIDED), at the versions pnpm-lock.yaml installed, plus the packages those depend on at run
 * time (tslib, @aws-crypto/*, fast-xml-parser, ...). Lambda puts a layer at /opt, and the nodejs22.x
 * runtime's NODE_PATH lists /opt/nodejs/node_modules before its own /var/runtime/node_modules, so a
 * function with this layer loads the SDK the tests ran against, not whatever copy the runtime ships.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Metafile } from 'esbuild';
import { RUNTIME_PROVIDED, writeZip } from './bundle';
import { bundlePaths, REPO_ROOT, type LambdaSpec } from './lambdas';

export const LAYER_NAME = 'aws-sdk';

/** Where the layer lands: <root>/dist/layers/aws-sdk/nodejs/node_modules (as unzipped at /opt) and aws-sdk.zip. */
export function layerPaths(root = REPO_ROOT): { dir: string; modules: string; zip: string; manifest: string } {
  const dir = join(root, 'dist', 'layers', LAYER_NAME);
  return { dir, modules: join(dir, 'nodejs', 'node_modules'), zip: `${dir}.zip`, manifest: `${dir}.json` };
}

/** A package the bundles `require` by name, and the directory of a source file that imports it (where it resolves from). */
export interface SdkRequire {
  name: string;
  from: string;
}

export interface LayerPackage {
  name: string;
  version: string;
  /** Path under nodejs/node_modules: "<name>" (flat), or nested under a dependent when two versions are needed. */
  path: string;
  /** Whether a bundle requires it by name (the rest are its dependencies). */
  required: boolean;
}

export interface LayerManifest {
  /** What the bundles require, by name. */
  requires: string[];
  packages: LayerPackage[];
}

export interface LayerResult extends LayerManifest {
  bytes: number;
  zipBytes?: number;
}

/** "runtime-provided:@aws-sdk/x" or "runtime-provided-named:@aws-sdk/x": the stand-ins requireRuntimeProvided makes. */
const STAND_IN = /^runtime-provided(?:-named)?:(.+)$/;

/** "@smithy/core/protocols" -> "@smithy/core"; "tslib" -> "tslib". */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * The SDK packages a bundle requires, read from its esbuild metafile: every import of a runtime-provided
 * stand-in (see requireRuntimeProvided), with the importing source file's directory to resolve it from.
 */
export function sdkRequires(metafile: Metafile, root = REPO_ROOT): SdkRequire[] {
  const found = new Map<string, SdkRequire>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    if (STAND_IN.test(input)) continue;
    for (const { path } of imports) {
      const standIn = STAND_IN.exec(path);
      if (!standIn) continue;
      const name = packageName(standIn[1]!);
      if (RUNTIME_PROVIDED.test(`${name}/`) && !found.has(name)) found.set(name, { name, from: dirname(join(root, input)) });
    }
  }
  return [...found.values()];
}

/** Node's lookup of `name` from `fromDir`: the nearest <ancestor>/node_modules/<name> (pnpm links deps as siblings). */
function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

interface Placed extends LayerPackage {
  source: string;
}

/**
 * The dependency closure of `requires`, placed as npm would: one flat copy per package, and a second
 * version nested under the package that needs it. Peer and optional dependencies count when installed.
 */
export function resolveLayer(requires: readonly SdkRequire[]): Placed[] {
  const placed: Placed[] = [];
  const flat = new Map<string, Placed>();
  const queue: Array<{ name: string; from: string; parent?: Placed; required: boolean }> = [...requires]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => ({ ...r, required: true }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { name, from, parent, required } = queue.shift()!;
    const source = findPackageDir(name, from);
    if (!source) {
      if (required) throw new Error(`${name} is required by a bundle but not installed: run pnpm install`);
      continue; // an optional or peer dependency that is not installed
    }
    const atFlat = flat.get(name);
    if (atFlat?.source === source) continue;
    if (atFlat && !parent) {
      // A bundle finds a package by name on NODE_PATH: only one version of it can be there.
      throw new Error(
        `The bundles require two versions of ${name} (${atFlat.version} and ${readPackage(source).version}): pin one in every package.json`,
      );
    }
    const pkg = readPackage(source);
    const path = atFlat && parent ? `${parent.path}/node_modules/${name}` : name;
    if (seen.has(`${path}@${source}`)) continue;
    seen.add(`${path}@${source}`);
    const entry: Placed = { name, version: pkg.version, path, required, source };
    placed.push(entry);
    if (!atFlat) flat.set(name, entry);
    const deps = { ...pkg.peerDependencies, ...pkg.optionalDependencies, ...pkg.dependencies };
    for (const dep of Object.keys(deps).sort()) queue.push({ name: dep, from: source, parent: entry, required: false });
  }
  return placed.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * What of a package the layer ships: its CommonJS build and package.json. Type declarations, the ESM
 * build (only bundlers read it; the functions `require`), source maps and docs stay out.
 */
const SKIPPED_DIRS = new Set(['dist-types', 'dist-es', 'node_modules']);
const SKIPPED_FILE = /(\.d\.[cm]?ts|\.map|\.md)$/i;

function shippedFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : shippedFiles(join(dir, entry.name), rel);
    return SKIPPED_FILE.test(entry.name) ? [] : [rel];
  });
}

/**
 * Writes the layer for these requires into <outRoot>/dist/layers/aws-sdk (nodejs/node_modules/...), its
 * manifest beside it, and, unless `zip` is false, the deterministic aws-sdk.zip Lambda publishes.
 */
export function buildLayer(requires: readonly SdkRequire[], outRoot = REPO_ROOT, options: { zip?: boolean } = {}): LayerResult {
  const paths = layerPaths(outRoot);
  rmSync(paths.dir, { recursive: true, force: true });
  const packages = resolveLayer(requires);
  const files: Record<string, Uint8Array> = {};
  let bytes = 0;
  for (const pkg of packages) {
    for (const file of shippedFiles(pkg.source)) {
      const zipPath = `nodejs/node_modules/${pkg.path}/${file}`;
      const target = join(paths.dir, ...zipPath.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(pkg.source, file), target);
      bytes += statSync(target).size;
      if (options.zip !== false) files[zipPath] = readFileSync(target);
    }
  }
  const manifest: LayerManifest = {
    requires: [...new Set(requires.map((r) => r.name))].sort(),
    packages: packages.map(({ name, version, path, required }) => ({ name, version, path, required })),
  };
  writeFileSync(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  if (options.zip === false) return { ...manifest, bytes };
  return { ...manifest, bytes, zipBytes: writeZip(paths.zip, files).byteLength };
}

export function readLayerManifest(root = REPO_ROOT): LayerManifest | undefined {
  const { manifest } = layerPaths(root);
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as LayerManifest) : undefined;
}

/**
 * Copies the built bundles of `specs` (dist/lambdas/<name>) under `tempRoot`, away from any node_modules
 * above the repo's dist/, so the benches load the SDK from the layer and nothing else. Returns tempRoot,
 * to pass as the bundles' root.
 */
export function stageBundles(specs: readonly LambdaSpec[], tempRoot: string): string {
  for (const spec of specs) cpSync(bundlePaths(spec).dir, bundlePaths(spec, tempRoot).dir, { recursive: true });
  return tempRoot;
}

/** Whether `file` lies inside `dir` (both real paths). */
export function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}
