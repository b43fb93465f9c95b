/**
 * One Lambda function with its own log group and its own least-privilege role.
 */
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { LambdaSpec } from '../../scripts/lib/lambdas';
import { serviceRole, type Statement } from './iam';
import type { LambdaCode } from './lambda-code';
import type { TelemetrySettings } from './settings';

export interface FunctionProps {
  spec: LambdaSpec;
  /** Deployed name, e.g. tennis-pattern-d. */
  functionName: string;
  code: LambdaCode;
  environment: Record<string, string>;
  /** Everything the function may do besides writing its own logs. */
  statements: Statement[];
  logRetentionDays: number;
  /** OTEL_* variables for the function and an optional collector layer (settings.telemetry). */
  telemetry?: TelemetrySettings;
  /** Layer version ARNs, e.g. the stack's AWS SDK layer. */
  layers?: string[];
}

/**
 * Active tracing: Lambda records an X-Ray segment per invocation and hands its id to the function
 * (_X_AMZN_TRACE_ID), under which the function's OpenTelemetry spans sit. Both actions only accept "*".
 */
export const XRAY_STATEMENT: Statement = {
  sid: 'XRayActiveTracing',
  actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  resources: ['*'],
};

export class PatternFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FunctionProps) {
    super(scope, id);
    const { spec, functionName } = props;
    // Created here (not by Lambda on first write) so it has a retention and the role needs no logs:CreateLogGroup.
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionDays,
    });
    const role = serviceRole(this, 'role', functionName, { service: 'lambda.amazonaws.com' }, [
      {
        sid: 'OwnLogStreams',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // Lambda names its streams at run time, so the stream part cannot be spelled out.
        resources: [`${this.logGroup.arn}:log-stream:*`],
      },
      XRAY_STATEMENT,
      ...props.statements,
    ]);
    // The stack's AWS SDK layer, then an OpenTelemetry collector layer when one is set.
    const collector = props.telemetry?.collectorLayerArn;
    const layers = [...(props.layers ?? []), ...(collector ? [collector] : [])];
    const asset = new TerraformAsset(this, 'code', { path: props.code.zipPath, type: AssetType.FILE });
    this.fn = new LambdaFunction(this, 'function', {
      functionName,
      description: `Pattern ${spec.pattern.toUpperCase()}: ${spec.name} (${spec.role})`,
      role: role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: props.code.sha256,
      ...(layers.length ? { layers } : {}),
      memorySize: spec.memoryMb,
      timeout: spec.timeoutSeconds,
      environment: { variables: { ...props.telemetry?.environment, ...props.environment } },
      tracingConfig: { mode: 'Active' },
      dependsOn: [this.logGroup],
    });
  }
}
