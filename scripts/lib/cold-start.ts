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
const IMPORT_PROBE = `
const t = performance.now();
await import(process.argv[1]);
const ms = performance.now() - t;
const { createRequire } = await import('node:module');
console.log(JSON.stringify({ ms, files: Object.keys(createRequire(process.argv[1]).cache) }));`;

export interface ColdImport {
  ms: number;
  /** The AWS SDK client packages the import loaded, e.g. ["@aws-sdk/client-lambda"]. */
  awsClients: string[];
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
 */
export function coldImport(file: string, layerModules: string, node = nodeBinary()): ColdImport {
  const result = spawnSync(node, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH, ...LAMBDA_ENV, ...layerEnv(layerModules) },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`importing ${file} failed:\n${result.stderr.trim()}`);
  const { ms, files } = JSON.parse(result.stdout) as { ms: number; files: string[] };
  const layer = realpathSync(layerModules);
  const outside = files.filter((f) => !isInside(realpathSync(f), layer));
  if (outside.length > 0) throw new Error(`importing ${file} loaded CommonJS from outside the layer ${layerModules}: ${outside.join(', ')}`);
  const clients = files.map((f) => /.*node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(f)?.[1]).filter((c) => c !== undefined);
  return { ms, awsClients: [...new Set(clients)].sort() };
}
