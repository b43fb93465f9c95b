/**
 * The CDKTF app: one independent stack per pattern.
 */
import { join } from 'node:path';
import { App } from 'cdktf';
import { PATTERNS, REPO_ROOT, type PatternLetter } from '../../scripts/lib/lambdas';
import { LambdaCodeSource } from './lambda-code';
import { PatternStack, stackId } from './pattern-stack';
import { loadInfraSettings, type InfraSettings } from './settings';

export interface BuildAppOptions {
  /** Synth output, e.g. infra/cdktf.out. */
  outdir: string;
  settings?: InfraSettings;
  patterns?: readonly PatternLetter[];
  /** Local Terraform state, kept outside outdir. */
  stateDir?: string;
}

export interface BuiltApp {
  app: App;
  stacks: PatternStack[];
  /** Functions (and `aws-sdk-layer`) synthesized from a placeholder zip because `pnpm build` has not produced them. */
  placeholders: string[];
}

export const DEFAULT_OUTDIR = join(REPO_ROOT, 'infra', 'cdktf.out');
export const DEFAULT_STATE_DIR = join(REPO_ROOT, 'infra', '.terraform-state');

export function buildApp(options: BuildAppOptions): BuiltApp {
  const settings = options.settings ?? loadInfraSettings();
  const app = new App({ outdir: options.outdir });
  const code = new LambdaCodeSource(settings.lambdaDistDir, join(options.outdir, 'placeholders'), settings.layerZip);
  const stacks = (options.patterns ?? PATTERNS).map(
    (pattern) =>
      new PatternStack(app, {
        pattern,
        settings,
        code,
        stackDir: join(options.outdir, 'stacks', stackId(pattern)),
        stateDir: options.stateDir ?? DEFAULT_STATE_DIR,
      }),
  );
  return { app, stacks, placeholders: code.placeholders };
}
