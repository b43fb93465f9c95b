/**
 * Synthesizes every stack once into a temp dir (no dist/ bundles or layer, so placeholders are used)
 * and reads each stack's cdk.tf.json back for assertions.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATTERNS, type PatternLetter } from '../../../scripts/lib/lambdas';
import { buildApp } from '../../src/app';
import { stackId } from '../../src/pattern-stack';
import { loadInfraSettings, type InfraSettings } from '../../src/settings';

// Synthesized Terraform JSON is walked by key at run time; typing every resource would add nothing.
export type Json = any;

export interface SynthResult {
  outdir: string;
  stackDir(pattern: PatternLetter): string;
  stack(pattern: PatternLetter): Json;
  placeholders: string[];
  dispose(): void;
}

export function synthAll(overrides: Partial<InfraSettings> = {}): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), 'tennis-synth-'));
  const settings = {
    ...loadInfraSettings(),
    lambdaDistDir: join(outdir, 'no-dist'),
    layerZip: join(outdir, 'no-dist', 'aws-sdk.zip'),
    ...overrides,
  };
  const { app, placeholders } = buildApp({ outdir, settings, stateDir: join(outdir, 'state') });
  app.synth();
  const stackDir = (pattern: PatternLetter) => join(outdir, 'stacks', stackId(pattern));
  const parsed = new Map(PATTERNS.map((p) => [p, JSON.parse(readFileSync(join(stackDir(p), 'cdk.tf.json'), 'utf8')) as Json]));
  const dispose = () => rmSync(outdir, { recursive: true, force: true });
  return { outdir, stackDir, stack: (p) => parsed.get(p), placeholders, dispose };
}

/** Resources of one type as [logical name, config] pairs. */
export function resources(stack: Json, type: string): Array<[string, Json]> {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** The one resource of a type; throws when there are none or several. */
export function only(stack: Json, type: string): [string, Json] {
  const all = resources(stack, type);
  if (all.length !== 1 || !all[0]) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

export function dataSources(stack: Json, type: string): Array<[string, Json]> {
  return Object.entries(stack.data?.[type] ?? {});
}

/** "${aws_iam_role.x.arn}" -> "x" for the given type, or undefined. */
export function refName(expression: unknown, type: string): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = new RegExp(`^\\$\\{${type.replace(/\./g, '\\.')}\\.([^.}]+)\\.[a-z_]+\\}$`).exec(expression);
  return match?.[1];
}

export function functionByName(stack: Json, functionName: string): [string, Json] {
  const found = resources(stack, 'aws_lambda_function').find(([, f]) => f.function_name === functionName);
  if (!found) throw new Error(`no aws_lambda_function named ${functionName}`);
  return found;
}

/** The statements of the inline policy on a function's role. */
export function functionStatements(stack: Json, functionName: string): Json[] {
  const [, fn] = functionByName(stack, functionName);
  const role = refName(fn.role, 'aws_iam_role');
  const policies = resources(stack, 'aws_iam_role_policy').filter(([, p]) => refName(p.role, 'aws_iam_role') === role);
  return policies.flatMap(([, p]) => {
    const doc = refName(p.policy, 'data.aws_iam_policy_document');
    return doc ? (stack.data.aws_iam_policy_document[doc].statement as Json[]) : [];
  });
}

/** Every resource ARN a function's role may use `action` on. */
export function resourcesFor(stack: Json, functionName: string, action: string): string[] {
  return functionStatements(stack, functionName)
    .filter((s) => (s.actions as string[]).includes(action))
    .flatMap((s) => s.resources as string[]);
}
