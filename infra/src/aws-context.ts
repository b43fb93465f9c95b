import type { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { inferenceProfileGeo } from './settings';

/** Partition, region and account of the deployment, for building exact ARNs. */
export interface AwsContext {
  partition: string;
  region: string;
  accountId: string;
}

export function awsContext(scope: Construct): AwsContext {
  return {
    partition: new DataAwsPartition(scope, 'partition').partition,
    region: new DataAwsRegion(scope, 'region').name,
    accountId: new DataAwsCallerIdentity(scope, 'account').accountId,
  };
}

/** Exact ARNs for invoking a Bedrock model id, or an inference profile and every model it routes to. */
export function bedrockModelArns(
  aws: AwsContext,
  modelId: string,
  inferenceRegions: readonly string[],
): { profileArn?: string; modelArns: string[] } {
  const model = (region: string, id: string) => `arn:${aws.partition}:bedrock:${region}::foundation-model/${id}`;
  const geo = inferenceProfileGeo(modelId);
  if (geo === undefined) return { modelArns: [model(aws.region, modelId)] };
  const baseModel = modelId.slice(geo.length + 1);
  const profileArn = `arn:${aws.partition}:bedrock:${aws.region}:${aws.accountId}:inference-profile/${modelId}`;
  return { profileArn, modelArns: [profileArn, ...inferenceRegions.map((r) => model(r, baseModel))] };
}
