/**
 * What one Lambda bundle costs at cold start: a fresh Node 22 process imports it once, as Lambda's init
 * does, with the environment a deployed function finds and the AWS SDK layer's node_modules as its only
 * module path (Lambda's NODE_PATH puts the layer at /opt/nodejs/node_modules). Used by the bundle bench
 * (time) and the cold-start test (which AWS SDK clients the import loads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './lambdas';
import { isInside } from './layer';

/** What a deployed function finds in its environment, so modules that read config at import time load. */
export const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  LLM_MODE: 'offline',
  BOOKINGS_TABLE: 'bench-bookings',
  SESSIONS_TABLE: 'bench-sessions',
  LOG_LEVEL: 'SILENT',
};

// Times one dynamic import (module evaluation included, process start-up excluded), then lists the
// CommonJS files it loaded: the AWS SDK from the layer is the only CommonJS a bundle loads.
// Node's own modules the import loaded are read from process.moduleLoadList, after the timing.
const IMPORT_PROBE = `
const before = new Set(process.moduleLoadList);
const t = performance.now();
await import(process.argv[1]);
const ms = performance.now() - t;
const builtins = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13));
const { createRequire } = await import('node:module');
console.log(JSON.stringify({ ms, files: Object.keys(createRequire(process.argv[1]).cache), builtins }));`;

export interface ColdImport {
  ms: number;
  /** The AWS SDK client packages the import loaded, e.g. ["@aws-sdk/client-lambda"]. */
  awsClients: string[];
  /** Node's public built-in modules the import loaded (not loaded before it), e.g. ["http", "tls"]. */
  builtins: string[];
}

export function nodeBinary(): string {
  if (process.versions.node.startsWith('22.')) return process.execPath;
  const tools = join(REPO_ROOT, '.tools', 'node_modules', '.bin', 'node');
  if (existsSync(tools)) return tools;
  throw new Error(`Node 22 is required (running ${process.version}); run via scripts/run so .tools provides it.`);
}

/** The environment that gives a bundle the layer (`<layer>/nodejs/node_modules`) as its only module path, as in Lambda. */
export function layerEnv(layerModules: string): { NODE_PATH: string } {
  return { NODE_PATH: layerModules };
}

/**
 * Imports `file` once in a fresh process with only the layer on the module path. Throws when the import
 * fails or loads any CommonJS from outside the layer (then the figure would not be what deploys).
 * `env` adds to LAMBDA_ENV (e.g. an OTLP endpoint, to compare the import with export on).
 */
export function coldImport(file: string, layerModules: string, node = nodeBinary(), env: Record<string, string> = {}): ColdImport {
  const result = spawnSync(node, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH, ...LAMBDA_ENV, ...env, ...layerEnv(layerModules) },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`importing ${file} failed:\n${result.stderr.trim()}`);
  const { ms, files, builtins } = JSON.parse(result.stdout) as { ms: number; files: string[]; builtins: string[] };
  const layer = realpathSync(layerModules);
  const outside = files.filter((f) => !isInside(realpathSync(f), layer));
  if (outside.length > 0)
    throw new Error(`importing ${file} loaded CommonJS from outside the layer ${layerModules}: ${outside.join(', ')}`);
  const clients = files.map((f) => /.*node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(f)?.[1]).filter((c) => c !== undefined);
  return { ms, awsClients: [...new Set(clients)].sort(), builtins: builtins.filter((m) => !m.startsWith('internal/')).sort() };
}
