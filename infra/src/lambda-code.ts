/**
 * Where each function's zip comes from: dist/lambdas/<name>.zip from `pnpm build`, or, when that does
 * not exist yet, a placeholder zip so synth (and the infra tests) work without a full build.
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

export function base64Sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('base64');
}

export class LambdaCodeSource {
  readonly placeholders: string[] = [];

  constructor(
    private readonly distDir: string,
    private readonly placeholderDir: string,
  ) {}

  codeFor(spec: LambdaSpec): LambdaCode {
    const built = join(this.distDir, `${spec.name}.zip`);
    if (existsSync(built)) return { zipPath: built, sha256: base64Sha256(built), placeholder: false };
    const zipPath = join(this.placeholderDir, `${spec.name}.zip`);
    writeZip(zipPath, PLACEHOLDER_HANDLER);
    this.placeholders.push(spec.name);
    return { zipPath, sha256: base64Sha256(zipPath), placeholder: true };
  }
}
