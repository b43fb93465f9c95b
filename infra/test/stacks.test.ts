import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdasOf, PATTERNS, secretVendorsOf } from '../../scripts/lib/lambdas';
import { invokeEnvName } from '../../scripts/lib/lambdas';
import {
  functionByName,
  functionStatements,
  only,
  refName,
  resources,
  resourcesFor,
  synthAll,
  type Json,
  type SynthResult,
} from './helpers/synth';

const FAKE_KEYS = { OPENAI_API_KEY: 'sk-test-should-not-leak', ANTHROPIC_API_KEY: 'sk-ant-test-should-not-leak' };
const saved = Object.fromEntries(Object.keys(FAKE_KEYS).map((k) => [k, process.env[k]]));

let synth: SynthResult;
beforeAll(() => {
  // Keys in the synth environment must never reach the output (they belong in Secrets Manager).
  Object.assign(process.env, FAKE_KEYS);
  synth = synthAll();
});
afterAll(() => {
  synth?.dispose();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const fnRef = (stack: Json, name: string, attribute: string) => `\${aws_lambda_function.${functionByName(stack, name)[0]}.${attribute}}`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.each(PATTERNS)('stack pattern-%s', (pattern) => {
  const specs = lambdasOf(pattern);
  const stack = () => synth.stack(pattern);
  const entry = specs.find((s) => s.role === 'http')!;

  it('has one Lambda per catalogue entry: Node.js 22 on arm64, with its memory, timeout and log group', () => {
    const functions = resources(stack(), 'aws_lambda_function').map(([, f]) => f);
    expect(functions.map((f) => f.function_name).sort()).toEqual(specs.map((s) => `tennis-${s.name}`).sort());
    const logGroups = resources(stack(), 'aws_cloudwatch_log_group').map(([, g]) => g);
    for (const spec of specs) {
      const [, fn] = functionByName(stack(), `tennis-${spec.name}`);
      expect(fn).toMatchObject({
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        memory_size: spec.memoryMb,
        timeout: spec.timeoutSeconds,
      });
      expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(logGroups).toContainEqual({ name: `/aws/lambda/tennis-${spec.name}`, retention_in_days: 14, '//': expect.anything() });
    }
  });

  it('publishes the AWS SDK layer once and every function lists it', () => {
    const [layerName, layer] = only(stack(), 'aws_lambda_layer_version');
    expect(layer).toMatchObject({
      layer_name: `tennis-pattern-${pattern}-aws-sdk`,
      compatible_runtimes: ['nodejs22.x'],
      compatible_architectures: ['arm64'],
    });
    expect(layer.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const functions = resources(stack(), 'aws_lambda_function').map(([, f]) => f);
    expect(functions).toHaveLength(specs.length);
    for (const fn of functions) expect(fn.layers, fn.function_name).toEqual([`\${aws_lambda_layer_version.${layerName}.arn}`]);
  });

  it('exposes POST /chat and GET /health on the entry function (payload 2.0), throttled, with CORS', () => {
    const [, api] = only(stack(), 'aws_apigatewayv2_api');
    expect(api.protocol_type).toBe('HTTP');
    expect(api.cors_configuration.allow_methods).toEqual(['GET', 'POST', 'OPTIONS']);
    const routes = resources(stack(), 'aws_apigatewayv2_route').map(([, r]) => r.route_key);
    expect(routes.sort()).toEqual(['GET /health', 'POST /chat']);
    const integrations = resources(stack(), 'aws_apigatewayv2_integration').map(([, i]) => i);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({
      integration_type: 'AWS_PROXY',
      payload_format_version: '2.0',
      integration_uri: fnRef(stack(), `tennis-${entry.name}`, 'invoke_arn'),
    });
    const [, stage] = only(stack(), 'aws_apigatewayv2_stage');
    expect(stage).toMatchObject({ name: '$default', auto_deploy: true });
    expect(stage.default_route_settings.throttling_burst_limit).toBeGreaterThan(0);
    expect(stage.default_route_settings.throttling_rate_limit).toBeGreaterThan(0);
    expect(stack().output.api_endpoint.value).toMatch(/^\$\{aws_apigatewayv2_api\.[^.]+\.api_endpoint\}$/);
  });

  it('lets API Gateway invoke only the entry function, only through its two routes', () => {
    const permissions = resources(stack(), 'aws_lambda_permission')
      .map(([, p]) => p)
      .filter((p) => p.principal === 'apigateway.amazonaws.com');
    expect(permissions.map((p) => p.function_name)).toEqual([
      fnRef(stack(), `tennis-${entry.name}`, 'function_name'),
      fnRef(stack(), `tennis-${entry.name}`, 'function_name'),
    ]);
    expect(permissions.map((p) => p.source_arn.replace(/^\$\{[^}]+\}/, '<api>')).sort()).toEqual([
      '<api>/*/GET/health',
      '<api>/*/POST/chat',
    ]);
    expect(resources(stack(), 'aws_lambda_function_url')).toEqual([]);
  });

  it('has on-demand tables with point-in-time recovery, bookings GSIs and a sessions TTL', () => {
    const tables = Object.fromEntries(resources(stack(), 'aws_dynamodb_table').map(([, t]) => [t.hash_key, t]));
    for (const t of Object.values(tables) as Json[]) {
      expect(t).toMatchObject({ billing_mode: 'PAY_PER_REQUEST', point_in_time_recovery: { enabled: true } });
    }
    expect(tables.pk.global_secondary_index.map((i: Json) => [i.name, i.hash_key, i.range_key])).toEqual([
      ['by_user', 'user_id', 'slot_id'],
      ['by_date', 'date', 'slot_id'],
      ['by_booking', 'booking_id', undefined],
    ]);
    expect(tables.session_id.ttl).toEqual({ attribute_name: 'expires_at', enabled: true });
  });

  it('creates a secret per vendor key it needs, never a secret value, and grants each only to its users', () => {
    const vendors = [...new Set(specs.flatMap(secretVendorsOf))].sort();
    const secrets = resources(stack(), 'aws_secretsmanager_secret')
      .map(([, s]) => s.name)
      .sort();
    expect(secrets).toEqual(vendors.map((v) => `tennis/pattern-${pattern}/${v}-api-key`));
    expect(resources(stack(), 'aws_secretsmanager_secret_version')).toEqual([]);
    for (const spec of specs) {
      const granted = resourcesFor(stack(), `tennis-${spec.name}`, 'secretsmanager:GetSecretValue');
      expect(granted.length).toBe(secretVendorsOf(spec).length);
    }
  });

  it('grants table access per catalogue entry, on its own tables and named indexes only', () => {
    for (const spec of specs) {
      const put = resourcesFor(stack(), `tennis-${spec.name}`, 'dynamodb:PutItem');
      const query = resourcesFor(stack(), `tennis-${spec.name}`, 'dynamodb:Query');
      const tablesWritten = new Set(put.map((r) => refName(r, 'aws_dynamodb_table')).filter(Boolean));
      const expected = [spec.bookings === 'read-write' && 'bookings-table', spec.sessions === 'read-write' && 'sessions-table'].filter(
        Boolean,
      );
      expect([...tablesWritten].sort()).toEqual(expected.sort());
      if (spec.bookings !== 'none') expect(query).toEqual(expect.arrayContaining([expect.stringMatching(/\/index\/by_date$/)]));
    }
  });

  it('lets no function invoke another except its exact workers', () => {
    for (const spec of specs) {
      const invokes = resourcesFor(stack(), `tennis-${spec.name}`, 'lambda:InvokeFunction');
      expect(invokes.sort()).toEqual(spec.invokes.map((n) => fnRef(stack(), `tennis-${n}`, 'arn')).sort());
      const [, fn] = functionByName(stack(), `tennis-${spec.name}`);
      for (const target of spec.invokes) {
        expect(fn.environment.variables[invokeEnvName(target)]).toBe(fnRef(stack(), `tennis-${target}`, 'function_name'));
      }
    }
  });
});

describe('REQUIRE_CONFIRMATION per stack', () => {
  let approving: SynthResult;
  beforeAll(() => {
    approving = synthAll({ requireConfirmation: true });
  });
  afterAll(() => approving?.dispose());

  it.each(PATTERNS)('pattern-%s: the entry function and any function that books get it (false by default, true when set)', (pattern) => {
    for (const spec of lambdasOf(pattern)) {
      const off = functionByName(synth.stack(pattern), `tennis-${spec.name}`)[1].environment.variables;
      const on = functionByName(approving.stack(pattern), `tennis-${spec.name}`)[1].environment.variables;
      const gets = spec.role === 'http' || spec.bookings === 'read-write';
      expect([off.REQUIRE_CONFIRMATION, on.REQUIRE_CONFIRMATION], spec.name).toEqual(gets ? ['false', 'true'] : [undefined, undefined]);
    }
  });

  it('H: the action group, which books for the agent, gets it beside the invoker', () => {
    const names = lambdasOf('h').filter(
      (s) => functionByName(approving.stack('h'), `tennis-${s.name}`)[1].environment.variables.REQUIRE_CONFIRMATION === 'true',
    );
    expect(names.map((s) => s.name).sort()).toEqual(['pattern-h-action-group', 'pattern-h-invoker']);
  });
});

describe('pattern-specific wiring', () => {
  it('C: the orchestrator may invoke exactly its three steps, named in its environment', () => {
    const stack = synth.stack('c');
    const [, orchestrator] = functionByName(stack, 'tennis-pattern-c-orchestrator');
    expect(Object.keys(orchestrator.environment.variables)).toEqual(
      expect.arrayContaining(['C_PARSE_FUNCTION', 'C_AVAILABILITY_FUNCTION', 'C_BOOKING_FUNCTION']),
    );
    expect(resourcesFor(stack, 'tennis-pattern-c-orchestrator', 'lambda:InvokeFunction')).toHaveLength(3);
  });

  it('C: only the Bedrock step may call Bedrock, on exact model ARNs', () => {
    const stack = synth.stack('c');
    const models = resourcesFor(stack, 'tennis-pattern-c-booking', 'bedrock:InvokeModel');
    expect(models.length).toBeGreaterThan(0);
    for (const arn of models) expect(arn).toMatch(/:bedrock:[^:]+:[^:]*:(foundation-model|inference-profile)\/[\w.:-]+$/);
    for (const other of ['orchestrator', 'parse', 'availability']) {
      expect(resourcesFor(stack, `tennis-pattern-c-${other}`, 'bedrock:InvokeModel')).toEqual([]);
    }
  });

  it('G: specialists have no public trigger and only the manager may invoke them', () => {
    const stack = synth.stack('g');
    const specialists = ['tennis-pattern-g-availability', 'tennis-pattern-g-booking'];
    const refs = specialists.flatMap((n) => ['function_name', 'arn', 'invoke_arn'].map((a) => fnRef(stack, n, a)));
    const permissions = resources(stack, 'aws_lambda_permission').map(([, p]) => p);
    expect(permissions.filter((p) => refs.includes(p.function_name))).toEqual([]);
    expect(resources(stack, 'aws_apigatewayv2_integration').filter(([, i]) => refs.includes(i.integration_uri))).toEqual([]);
    expect(resources(stack, 'aws_lambda_function_url')).toEqual([]);
    const invokers = ['tennis-pattern-g-manager', ...specialists].filter((n) => resourcesFor(stack, n, 'lambda:InvokeFunction').length > 0);
    expect(invokers).toEqual(['tennis-pattern-g-manager']);
  });

  it('H: the action-group Lambda is invokable only by this agent; the invoker only calls this alias', () => {
    const stack = synth.stack('h');
    const [agentName, agent] = only(stack, 'aws_bedrockagent_agent');
    const [aliasName] = only(stack, 'aws_bedrockagent_agent_alias');
    const [, actionGroup] = only(stack, 'aws_bedrockagent_agent_action_group');
    expect(agent.foundation_model).toBeTruthy();
    expect(actionGroup.action_group_executor).toEqual([{ lambda: fnRef(stack, 'tennis-pattern-h-action-group', 'arn') }]);
    expect(actionGroup.function_schema[0].member_functions[0].functions.map((f: Json) => f.name).sort()).toEqual([
      'book',
      'check_availability',
    ]);
    const bedrockPermissions = resources(stack, 'aws_lambda_permission')
      .map(([, p]) => p)
      .filter((p) => p.principal === 'bedrock.amazonaws.com');
    expect(bedrockPermissions).toEqual([
      expect.objectContaining({
        function_name: fnRef(stack, 'tennis-pattern-h-action-group', 'function_name'),
        source_arn: `\${aws_bedrockagent_agent.${agentName}.agent_arn}`,
      }),
    ]);
    expect(resourcesFor(stack, 'tennis-pattern-h-invoker', 'bedrock:InvokeAgent')).toEqual([
      `\${aws_bedrockagent_agent_alias.${aliasName}.agent_alias_arn}`,
    ]);
    expect(resourcesFor(stack, 'tennis-pattern-h-action-group', 'bedrock:InvokeAgent')).toEqual([]);
    const [, invoker] = functionByName(stack, 'tennis-pattern-h-invoker');
    expect(invoker.environment.variables).toMatchObject({
      BEDROCK_AGENT_ID: `\${aws_bedrockagent_agent.${agentName}.agent_id}`,
      BEDROCK_AGENT_ALIAS_ID: `\${aws_bedrockagent_agent_alias.${aliasName}.agent_alias_id}`,
    });
  });

  it('never writes an API key from the synth environment into any output file', () => {
    const files = filesUnder(synth.outdir).filter((f) => !f.endsWith('.zip'));
    expect(files.length).toBeGreaterThan(PATTERNS.length);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const key of Object.values(FAKE_KEYS)) expect(text.includes(key), `${key} in ${file}`).toBe(false);
    }
  });

  it('uses placeholder zips when nothing is built, and says which', () => {
    expect(synth.placeholders.sort()).toEqual([...PATTERNS.flatMap((p) => lambdasOf(p).map((s) => s.name)), 'aws-sdk-layer'].sort());
    const [, fn] = functionByName(synth.stack('d'), 'tennis-pattern-d');
    expect(fn.filename).toMatch(/^assets\/.+\/pattern-d\.zip$/);
  });

  it("with AWS_SDK_LAYER=false, publishes no layer and the functions use the runtime's SDK", () => {
    const runtimeSdk = synthAll({ awsSdkLayer: false });
    try {
      for (const pattern of PATTERNS) {
        expect(resources(runtimeSdk.stack(pattern), 'aws_lambda_layer_version')).toEqual([]);
        for (const [, fn] of resources(runtimeSdk.stack(pattern), 'aws_lambda_function')) expect(fn.layers).toBeUndefined();
      }
      expect(runtimeSdk.placeholders).not.toContain('aws-sdk-layer');
    } finally {
      runtimeSdk.dispose();
    }
  });

  it('reads no role policy other than through the scanned documents', () => {
    for (const pattern of PATTERNS) {
      for (const spec of lambdasOf(pattern))
        expect(functionStatements(synth.stack(pattern), `tennis-${spec.name}`).length).toBeGreaterThan(0);
    }
  });
});
