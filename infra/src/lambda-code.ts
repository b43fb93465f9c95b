/**
 * Where each function's zip (and the AWS SDK layer's) comes from: dist/lambdas/<name>.zip and
 * dist/layers/aws-sdk.zip from `pnpm build`, or, when those do not exist yet, a placeholder zip so synth
 * (and the infra tests) work without a full build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeZip } from '../../scripts/lib/bundle';
import type { LambdaSpec } from '../../scripts/lib/lambdas';

export interface LambdaCode {
  zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  sha256: string;
  placeholder: boolean;
}

// Answers every request with 503 so a placeholder that was deployed by mistake says so plainly.
const PLACEHOLDER_HANDLER = `export const handler = async () => ({
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { code: 'NOT_BUILT', message: 'This function was deployed from a placeholder. Run pnpm build, then deploy again.' } }),
});
`;

// A layer must hold something; this one says what it stands in for (infra:deploy refuses to deploy it).
const PLACEHOLDER_LAYER_NOTE = 'Placeholder for the AWS SDK layer. Run pnpm build, then deploy again.\n';

export function base64Sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('base64');
}

export class LambdaCodeSource {
  readonly placeholders: string[] = [];

  constructor(
    private readonly distDir: string,
    private readonly placeholderDir: string,
    private readonly layerZip?: string,
  ) {}

  /** The AWS SDK layer's zip (dist/layers/aws-sdk.zip), or a placeholder named `aws-sdk-layer`. */
  layer(): LambdaCode {
    if (this.layerZip && existsSync(this.layerZip))
      return { zipPath: this.layerZip, sha256: base64Sha256(this.layerZip), placeholder: false };
    const zipPath = join(this.placeholderDir, 'aws-sdk-layer.zip');
    writeZip(zipPath, { 'nodejs/PLACEHOLDER.txt': new TextEncoder().encode(PLACEHOLDER_LAYER_NOTE) });
    if (!this.placeholders.includes('aws-sdk-layer')) this.placeholders.push('aws-sdk-layer');
    return { zipPath, sha256: base64Sha256(zipPath), placeholder: true };
  }

  codeFor(spec: LambdaSpec): LambdaCode {
    const built = join(this.distDir, `${spec.name}.zip`);
    if (existsSync(built)) return { zipPath: built, sha256: base64Sha256(built), placeholder: false };
    const zipPath = join(this.placeholderDir, `${spec.name}.zip`);
    writeZip(zipPath, PLACEHOLDER_HANDLER);
    this.placeholders.push(spec.name);
    return { zipPath, sha256: base64Sha256(zipPath), placeholder: true };
  }
}
