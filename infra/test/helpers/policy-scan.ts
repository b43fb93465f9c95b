/**
 * Scans a synthesized stack for over-broad IAM: wildcards in actions, resources or principals,
 * policies it cannot read (raw JSON instead of a policy document), managed policy attachments
 * and Lambda permissions open to anyone.
 */
import { dataSources, refName, resources, type Json } from './synth';

export interface Finding {
  where: string;
  problem: string;
}

/** The only wildcard AWS forces on us: Lambda picks its log stream names at run time. */
const ALLOWED_RESOURCE_WILDCARDS = [/^\$\{aws_cloudwatch_log_group\.[^.}]+\.arn\}:log-stream:\*$/];

/** Actions AWS authorises only on "*" (no resource-level permissions): X-Ray's active-tracing writes. */
const STAR_ONLY_ACTIONS = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

/** API Gateway names the stage in the caller ARN; the route part stays exact. */
const ALLOWED_SOURCE_ARN_WILDCARDS = [/^\$\{aws_apigatewayv2_api\.[^.}]+\.execution_arn\}\/\*\/[A-Z]+\/[\w/-]+$/];

const POLICY_ATTRIBUTES: Array<[type: string, attribute: string]> = [
  ['aws_iam_role', 'assume_role_policy'],
  ['aws_iam_role', 'inline_policy'],
  ['aws_iam_role_policy', 'policy'],
  ['aws_iam_policy', 'policy'],
  ['aws_lambda_permission', 'policy'],
];

const UNSCANNABLE_GRANTS = ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_role_policy_attachments_exclusive'];

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function statementFindings(doc: string, index: number, s: Json): Finding[] {
  const where = `data.aws_iam_policy_document.${doc}.statement[${index}]${s.sid ? ` (${s.sid})` : ''}`;
  const findings: Finding[] = [];
  for (const field of ['not_actions', 'not_resources', 'not_principals']) {
    if (s[field] !== undefined) findings.push({ where, problem: `${field} grants everything not listed` });
  }
  for (const action of asList(s.actions)) {
    if (action.includes('*')) findings.push({ where, problem: `wildcard action ${action}` });
  }
  const starOnly = asList(s.actions).length > 0 && asList(s.actions).every((a) => STAR_ONLY_ACTIONS.has(a));
  for (const resource of asList(s.resources)) {
    if (starOnly && resource === '*') continue;
    if (resource.includes('*') && !ALLOWED_RESOURCE_WILDCARDS.some((re) => re.test(resource))) {
      findings.push({ where, problem: `wildcard resource ${resource}` });
    }
  }
  for (const principal of (s.principals ?? []) as Json[]) {
    if (asList(principal.identifiers).includes('*')) findings.push({ where, problem: 'wildcard principal' });
  }
  return findings;
}

export function scanPolicies(stack: Json): Finding[] {
  const findings: Finding[] = [];
  for (const [doc, config] of dataSources(stack, 'aws_iam_policy_document')) {
    if (config.source_policy_documents !== undefined || config.override_policy_documents !== undefined) {
      findings.push({ where: `data.aws_iam_policy_document.${doc}`, problem: 'merges a policy this scan cannot read' });
    }
    for (const [i, s] of ((config.statement ?? []) as Json[]).entries()) findings.push(...statementFindings(doc, i, s));
  }
  for (const [type, attribute] of POLICY_ATTRIBUTES) {
    for (const [name, config] of resources(stack, type)) {
      const value = config[attribute];
      if (value !== undefined && refName(value, 'data.aws_iam_policy_document') === undefined) {
        findings.push({ where: `${type}.${name}.${attribute}`, problem: 'policy is not a scanned aws_iam_policy_document' });
      }
    }
  }
  for (const type of UNSCANNABLE_GRANTS) {
    for (const [name] of resources(stack, type)) findings.push({ where: `${type}.${name}`, problem: 'attaches a managed policy' });
  }
  for (const [name, config] of resources(stack, 'aws_iam_role')) {
    if (config.managed_policy_arns !== undefined) findings.push({ where: `aws_iam_role.${name}`, problem: 'attaches a managed policy' });
  }
  for (const [name, p] of resources(stack, 'aws_lambda_permission')) {
    const where = `aws_lambda_permission.${name}`;
    if (String(p.principal).includes('*')) findings.push({ where, problem: 'any principal may invoke' });
    if (!p.source_arn) findings.push({ where, problem: 'no source_arn: any resource of that service may invoke' });
    else if (String(p.source_arn).includes('*') && !ALLOWED_SOURCE_ARN_WILDCARDS.some((re) => re.test(p.source_arn))) {
      findings.push({ where, problem: `wildcard source_arn ${p.source_arn}` });
    }
  }
  return findings;
}
