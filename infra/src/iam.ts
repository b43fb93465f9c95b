/**
 * IAM building blocks. Every policy is a aws_iam_policy_document data source (rendered locally by
 * Terraform, no API call), so tests can read each statement's actions and resources structurally.
 */
import type { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';

export interface Condition {
  test: string;
  variable: string;
  values: string[];
}

export interface Statement {
  sid: string;
  actions: string[];
  resources: string[];
  conditions?: Condition[];
}

export interface TrustPolicy {
  service: string;
  conditions?: Condition[];
}

function statementConfig(s: Statement) {
  return { sid: s.sid, effect: 'Allow', actions: s.actions, resources: s.resources, condition: s.conditions };
}

export function policyDocument(scope: Construct, id: string, statements: Statement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement: statements.map(statementConfig) });
}

function trustDocument(scope: Construct, id: string, trust: TrustPolicy): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: [trust.service] }],
        condition: trust.conditions,
      },
    ],
  });
}

/** A role assumable only by `trust.service`, with exactly `statements` as its one inline policy. */
export function serviceRole(scope: Construct, id: string, name: string, trust: TrustPolicy, statements: Statement[]): IamRole {
  const role = new IamRole(scope, id, {
    name,
    assumeRolePolicy: trustDocument(scope, `${id}-trust`, trust).json,
  });
  if (statements.length > 0) {
    new IamRolePolicy(scope, `${id}-policy`, {
      name: `${name}-policy`,
      role: role.id,
      policy: policyDocument(scope, `${id}-policy-document`, statements).json,
    });
  }
  return role;
}
