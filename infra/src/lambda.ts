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

export interface FunctionProps {
  spec: LambdaSpec;
  /** Deployed name, e.g. tennis-pattern-d. */
  functionName: string;
  code: LambdaCode;
  environment: Record<string, string>;
  /** Everything the function may do besides writing its own logs. */
  statements: Statement[];
  logRetentionDays: number;
  /** Layer version ARNs, e.g. the stack's AWS SDK layer. */
  layers?: string[];
}

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
      ...props.statements,
    ]);
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
      layers: props.layers,
      memorySize: spec.memoryMb,
      timeout: spec.timeoutSeconds,
      environment: { variables: props.environment },
      dependsOn: [this.logGroup],
    });
  }
}
