/** Active tracing and OpenTelemetry export settings on every function of every stack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdasOf, PATTERNS } from '../../scripts/lib/lambdas';
import { loadInfraSettings } from '../src/settings';
import { scanPolicies } from './helpers/policy-scan';
import { dataSources, functionByName, functionStatements, synthAll, type Json, type SynthResult } from './helpers/synth';

const LAYER = 'arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-collector-arm64-ver-0-117-0:1';
let plain: SynthResult;
let traced: SynthResult;
beforeAll(() => {
  plain = synthAll();
  traced = synthAll({
    telemetry: loadInfraSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=secret',
      OTEL_COLLECTOR_LAYER_ARN: LAYER,
    }).telemetry,
  });
});
afterAll(() => {
  plain?.dispose();
  traced?.dispose();
});

describe.each(PATTERNS)('pattern-%s', (pattern) => {
  it('every function has active tracing and may write exactly its X-Ray segments', () => {
    for (const spec of lambdasOf(pattern)) {
      const [, fn] = functionByName(plain.stack(pattern), `tennis-${spec.name}`);
      expect(fn.tracing_config).toEqual({ mode: 'Active' });
      // Only the stack's AWS SDK layer: no collector layer without OTEL_COLLECTOR_LAYER_ARN.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a JavaScript template.
      expect(fn.layers).toEqual(['${aws_lambda_layer_version.aws-sdk-layer.arn}']);
      expect(Object.keys(fn.environment.variables).filter((k) => k.startsWith('OTEL_'))).toEqual([]);
      const xray = functionStatements(plain.stack(pattern), `tennis-${spec.name}`).filter((s) =>
        (s.actions as string[]).some((a) => a.startsWith('xray:')),
      );
      expect(xray).toEqual([
        expect.objectContaining({
          sid: 'XRayActiveTracing',
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ]);
    }
  });

  it('with OTEL_* set at synth, every function gets them (never the headers) and the collector layer', () => {
    for (const spec of lambdasOf(pattern)) {
      const [, fn] = functionByName(traced.stack(pattern), `tennis-${spec.name}`);
      expect(fn.environment.variables).toMatchObject({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      });
      expect(fn.environment.variables.OTEL_EXPORTER_OTLP_HEADERS).toBeUndefined();
      // The AWS SDK layer first, then the collector layer.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a JavaScript template.
      expect(fn.layers).toEqual(['${aws_lambda_layer_version.aws-sdk-layer.arn}', LAYER]);
    }
  });
});

describe('the IAM scan and X-Ray', () => {
  it('allows "*" only for the X-Ray actions that accept nothing else', () => {
    const stack = structuredClone(plain.stack('d')) as Json;
    expect(scanPolicies(stack)).toEqual([]);
    const statement = dataSources(stack, 'aws_iam_policy_document')
      .flatMap(([, d]) => d.statement as Json[])
      .find((s) => s.sid === 'XRayActiveTracing');
    statement.actions = [...statement.actions, 'dynamodb:GetItem'];
    expect(scanPolicies(stack).map((f) => f.problem)).toEqual(['wildcard resource *']);
  });

  it('rejects a collector layer that is not a layer version ARN', () => {
    expect(() => loadInfraSettings({ OTEL_COLLECTOR_LAYER_ARN: 'aws-otel-collector' })).toThrow(/OTEL_COLLECTOR_LAYER_ARN/);
  });
});
