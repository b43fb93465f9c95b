/**
 * pnpm build [--pattern d]
 * Bundles every Lambda in the catalogue (or one pattern's) with esbuild into dist/lambdas/<name>/index.mjs
 * and dist/lambdas/<name>.zip, prints a size table, and fails when a function ships code it never runs.
 * Then writes the AWS SDK layer (dist/layers/aws-sdk.zip): the SDK packages every function in the
 * catalogue requires, whichever pattern was built, so the same layer serves every stack.
 */
import type { Metafile } from 'esbuild';
import { analyzeLambda, bundleLambda, contributors, forbiddenPackages, formatBytes, type BundleResult } from './lib/bundle';
import { buildLayer, layerPaths, sdkRequires, type LayerResult } from './lib/layer';
import { table } from './lib/table';
import { entryExists, LAMBDAS, patternFromArgv, type LambdaSpec } from './lib/lambdas';

const TOP_CONTRIBUTORS = 8;

function selectLambdas(argv: readonly string[]): LambdaSpec[] {
  const pattern = patternFromArgv(argv);
  return pattern ? LAMBDAS.filter((l) => l.pattern === pattern) : [...LAMBDAS];
}

function describeContributors(result: BundleResult): string {
  return contributors(result.metafile)
    .slice(0, TOP_CONTRIBUTORS)
    .map((c) => `    ${formatBytes(c.bytes).padStart(10)}  ${c.name}`)
    .join('\n');
}

/** The layer for every function in the catalogue: the metafiles just built, and a quick analysis of the rest. */
async function writeLayer(results: BundleResult[]): Promise<LayerResult> {
  const metafiles: Metafile[] = results.map((r) => r.metafile);
  for (const spec of LAMBDAS.filter((s) => entryExists(s) && !results.some((r) => r.spec === s))) metafiles.push(await analyzeLambda(spec));
  return buildLayer(metafiles.flatMap((m) => sdkRequires(m)));
}

function describeLayer(layer: LayerResult): string {
  const sdk = layer.packages.filter((p) => /^@(aws-sdk|smithy)\//.test(p.name));
  return (
    `AWS SDK layer ${layerPaths().zip}: ${layer.packages.length} packages (${sdk.length} @aws-sdk/@smithy), ` +
    `${formatBytes(layer.bytes)} unzipped, ${formatBytes(layer.zipBytes ?? 0)} zipped\n` +
    `  required by the bundles: ${layer.requires.map((name) => `${name}@${layer.packages.find((p) => p.path === name)?.version}`).join(', ')}`
  );
}

async function main(): Promise<number> {
  const wanted = selectLambdas(process.argv.slice(2));
  const results: BundleResult[] = [];
  const skipped: LambdaSpec[] = [];
  const violations: string[] = [];

  for (const spec of wanted) {
    if (!entryExists(spec)) {
      skipped.push(spec);
      console.warn(`skip ${spec.name}: entry ${spec.entry} does not exist yet (pattern ${spec.pattern} not written)`);
      continue;
    }
    const result = await bundleLambda(spec);
    results.push(result);
    const forbidden = forbiddenPackages(spec, result.metafile);
    if (forbidden.length > 0) {
      violations.push(
        `${spec.name} does not use @openai/agents but bundles ${forbidden.join(', ')}.\n` +
          `  Import it only from agent code (e.g. @tennis/booking-service/agents). Top contributors:\n` +
          describeContributors(result),
      );
    }
  }

  const rows = results.map((r) => [r.spec.name, String(r.bytes), formatBytes(r.bytes), String(r.zipBytes), formatBytes(r.zipBytes)]);
  if (rows.length > 0) console.log(`\n${table(['lambda', 'bytes', 'raw', 'zip bytes', 'zipped'], rows)}\n`);
  for (const r of results) console.log(`${r.spec.name} top contributors:\n${describeContributors(r)}`);
  if (skipped.length > 0) console.warn(`\nskipped ${skipped.length}: ${skipped.map((s) => s.name).join(', ')}`);

  if (violations.length > 0) {
    console.error(`\nBuild FAILED: ${violations.length} bundle(s) contain code they never run:\n\n${violations.join('\n\n')}`);
    return 1;
  }
  if (results.length === 0) {
    console.error('Nothing was built: no selected Lambda has an entry file yet.');
    return 1;
  }
  console.log(`\nbuilt ${results.length} bundle(s) into dist/lambdas`);
  console.log(describeLayer(await writeLayer(results)));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
