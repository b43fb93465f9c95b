/**
 * pnpm synth [--pattern d]: writes infra/cdktf.out/stacks/pattern-<x>/cdk.tf.json.
 */
import { patternFromArgv } from '../../scripts/lib/lambdas';
import { buildApp, DEFAULT_OUTDIR } from './app';

function main(): void {
  const pattern = patternFromArgv(process.argv.slice(2));
  const { app, stacks, placeholders } = buildApp({ outdir: DEFAULT_OUTDIR, patterns: pattern ? [pattern] : undefined });
  app.synth();
  if (placeholders.length > 0) {
    console.warn(
      `warning: not built yet: ${placeholders.join(', ')}; synthesized with placeholders (a function answers 503). ` +
        'Run `pnpm build` before deploying.',
    );
  }
  console.log(`synthesized ${stacks.map((s) => s.node.id).join(', ')} into ${DEFAULT_OUTDIR}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
