import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATTERNS } from '../../scripts/lib/lambdas';
import { scanPolicies } from './helpers/policy-scan';
import { dataSources, functionStatements, only, synthAll, type Json, type SynthResult } from './helpers/synth';

let synth: SynthResult;
beforeAll(() => {
  synth = synthAll();
});
afterAll(() => synth?.dispose());

const clone = (value: Json): Json => structuredClone(value);

/** The first Allow statement of a Lambda's own policy in pattern D, to doctor. */
function firstLambdaStatement(stack: Json): Json {
  const [, doc] = dataSources(stack, 'aws_iam_policy_document').find(([name]) => name.startsWith('pattern-d_role-policy-document'))!;
  return doc.statement.find((s: Json) => s.sid === 'BookingsTable');
}

describe('IAM policy scan', () => {
  it.each(PATTERNS)('pattern-%s has no wildcard grants', (pattern) => {
    expect(scanPolicies(synth.stack(pattern))).toEqual([]);
  });

  it('fails when a resource is widened to *', () => {
    const stack = clone(synth.stack('d'));
    firstLambdaStatement(stack).resources = ['*'];
    expect(scanPolicies(stack)).toEqual([expect.objectContaining({ problem: 'wildcard resource *' })]);
  });

  it('fails when an action is widened to a service wildcard', () => {
    const stack = clone(synth.stack('d'));
    firstLambdaStatement(stack).actions = ['dynamodb:*'];
    expect(scanPolicies(stack)).toEqual([expect.objectContaining({ problem: 'wildcard action dynamodb:*' })]);
  });

  it('fails on lambda:InvokeFunction on *', () => {
    const stack = clone(synth.stack('c'));
    const invoke = dataSources(stack, 'aws_iam_policy_document')
      .flatMap(([, d]) => d.statement as Json[])
      .find((s) => s.sid === 'InvokeOwnWorkers');
    invoke.resources = ['*'];
    expect(scanPolicies(stack).map((f) => f.problem)).toContain('wildcard resource *');
  });

  it('fails on a table-wide index wildcard (each index is named instead)', () => {
    const stack = clone(synth.stack('d'));
    const statement = firstLambdaStatement(stack);
    statement.resources = [statement.resources[0], `${statement.resources[0]}/index/*`];
    expect(scanPolicies(stack)).toHaveLength(1);
  });

  it('fails on a raw JSON policy it cannot read, and on managed policy attachments', () => {
    const stack = clone(synth.stack('d'));
    const [, rolePolicy] = only(stack, 'aws_iam_role_policy');
    rolePolicy.policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    stack.resource.aws_iam_role_policy_attachment = { admin: { role: 'x', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } };
    expect(scanPolicies(stack).map((f) => f.problem)).toEqual([
      'policy is not a scanned aws_iam_policy_document',
      'attaches a managed policy',
    ]);
  });

  it('fails on a Lambda permission without source_arn', () => {
    const stack = clone(synth.stack('h'));
    for (const permission of Object.values(stack.resource.aws_lambda_permission) as Json[]) delete permission.source_arn;
    expect(scanPolicies(stack).length).toBeGreaterThanOrEqual(3);
  });

  it('fails on a Lambda permission whose source_arn is any agent or any API route', () => {
    const stack = clone(synth.stack('h'));
    const permissions = Object.values(stack.resource.aws_lambda_permission) as Json[];
    for (const p of permissions)
      p.source_arn = p.source_arn
        .replace(/\/\*\/(GET|POST)\/.*$/, '/*/*')
        .replace(/^\$\{aws_bedrockagent_agent\..*$/, 'arn:aws:bedrock:us-east-1:123456789012:agent/*');
    expect(scanPolicies(stack)).toHaveLength(permissions.length);
  });

  it("allows the log-stream wildcard only under the function's own log group", () => {
    const logs = functionStatements(synth.stack('a'), 'tennis-pattern-a').find((s) => s.sid === 'OwnLogStreams');
    expect(logs.resources).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.pattern-a_logs_[^}]+\.arn\}:log-stream:\*$/)]);
    const stack = clone(synth.stack('a'));
    const doctored = dataSources(stack, 'aws_iam_policy_document')
      .flatMap(([, d]) => d.statement as Json[])
      .find((s) => s.sid === 'OwnLogStreams');
    doctored.resources = ['arn:aws:logs:us-east-1:123456789012:log-group:*:log-stream:*'];
    expect(scanPolicies(stack)).toHaveLength(1);
  });
});
