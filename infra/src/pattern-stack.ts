/**
 * One stack per pattern (pattern-a ... pattern-h), each deployable alone: its own tables, secrets,
 * functions and HTTP API. What differs between patterns comes from the Lambda catalogue.
 */
import { relative } from 'node:path';
import type { Construct } from 'constructs';
import { AssetType, LocalBackend, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaLayerVersion } from '@cdktf/provider-aws/lib/lambda-layer-version';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import {
  invokeEnvName,
  lambdasOf,
  secretVendorsOf,
  type LambdaSpec,
  type PatternLetter,
  type SecretVendor,
} from '../../scripts/lib/lambdas';
import { stackAuth } from './auth';
import { awsContext, bedrockModelArns, type AwsContext } from './aws-context';
import { BedrockAgent } from './bedrock-agent';
import { HttpApi } from './http-api';
import type { Statement } from './iam';
import { PatternFunction } from './lambda';
import type { LambdaCodeSource } from './lambda-code';
import type { InfraSettings } from './settings';
import { bookingsTable, sessionsTable, tableStatements, type Table } from './tables';

export const NAME_PREFIX = 'tennis';

export interface PatternStackProps {
  pattern: PatternLetter;
  settings: InfraSettings;
  code: LambdaCodeSource;
  /** Stack directory (cdktf.out/stacks/<id>) and state directory, for a relative local state path. */
  stackDir: string;
  stateDir: string;
}

const SECRET_ENV: Record<SecretVendor, string> = {
  openai: 'OPENAI_API_KEY_SECRET_ARN',
  anthropic: 'ANTHROPIC_API_KEY_SECRET_ARN',
};

export function stackId(pattern: PatternLetter): string {
  return `pattern-${pattern}`;
}

interface Extras {
  environment?: Record<string, string>;
  statements?: Statement[];
}

export class PatternStack extends TerraformStack {
  private readonly aws: AwsContext;
  private readonly bookings?: Table;
  private readonly sessions?: Table;
  private readonly secrets = new Map<SecretVendor, SecretsmanagerSecret>();
  private readonly functions = new Map<string, PatternFunction>();
  private readonly prefix: string;
  /** The pinned AWS SDK layer every function loads the SDK from (absent with AWS_SDK_LAYER=false). */
  readonly sdkLayer?: LambdaLayerVersion;

  constructor(
    scope: Construct,
    private readonly props: PatternStackProps,
  ) {
    const id = stackId(props.pattern);
    super(scope, id);
    this.prefix = `${NAME_PREFIX}-${id}`;
    new AwsProvider(this, 'aws', {
      region: props.settings.region,
      defaultTags: [{ tags: { project: 'tennis-booking-patterns', pattern: props.pattern } }],
    });
    // State lives outside cdktf.out so a fresh synth never loses it.
    new LocalBackend(this, { path: relative(props.stackDir, `${props.stateDir}/${id}.tfstate`) });
    this.aws = awsContext(this);

    const specs = lambdasOf(props.pattern);
    if (specs.some((s) => s.bookings !== 'none')) this.bookings = bookingsTable(this, `${this.prefix}-bookings`);
    if (specs.some((s) => s.sessions !== 'none')) this.sessions = sessionsTable(this, `${this.prefix}-sessions`);
    for (const vendor of new Set(specs.flatMap(secretVendorsOf))) this.secrets.set(vendor, this.secret(vendor));
    if (props.settings.awsSdkLayer) this.sdkLayer = this.awsSdkLayer();

    // Callees first, so callers can name their exact ARNs.
    const [entry, ...others] = [...specs.filter((s) => s.role === 'http'), ...specs.filter((s) => s.role !== 'http')];
    if (!entry || specs.filter((s) => s.role === 'http').length !== 1) {
      throw new Error(`${id}: the catalogue must list exactly one http function`);
    }
    for (const spec of others) this.addFunction(spec);
    const handler = this.addFunction(entry, this.agentExtras(others));

    const api = new HttpApi(this, 'http', {
      name: this.prefix,
      handler: handler.fn,
      throttlingBurstLimit: props.settings.throttlingBurstLimit,
      throttlingRateLimit: props.settings.throttlingRateLimit,
      corsAllowOrigins: props.settings.corsAllowOrigins,
      logRetentionDays: props.settings.logRetentionDays,
      jwtAuthorizer: stackAuth(this, { name: this.prefix, region: props.settings.region, auth: props.settings.auth }),
    });
    new TerraformOutput(this, 'api_endpoint', {
      value: api.api.apiEndpoint,
      description: 'Base URL: POST <api_endpoint>/chat, GET <api_endpoint>/health',
    });
  }

  private secret(vendor: SecretVendor): SecretsmanagerSecret {
    // Only the container: the value is put out of band (infra/README.md), so it never enters state.
    return new SecretsmanagerSecret(this, `${vendor}-api-key`, {
      name: `${NAME_PREFIX}/${stackId(this.props.pattern)}/${vendor}-api-key`,
      description: `${vendor} API key for pattern ${this.props.pattern.toUpperCase()}, read by its Lambdas at run time`,
      // A key is re-set by hand anyway; no recovery window lets destroy-then-deploy reuse the name.
      recoveryWindowInDays: 0,
    });
  }

  /** Published once per stack; a new version only when the zip (the lockfile's SDK versions) changes. */
  private awsSdkLayer(): LambdaLayerVersion {
    const code = this.props.code.layer();
    const asset = new TerraformAsset(this, 'aws-sdk-layer-code', { path: code.zipPath, type: AssetType.FILE });
    return new LambdaLayerVersion(this, 'aws-sdk-layer', {
      layerName: `${this.prefix}-aws-sdk`,
      description: 'AWS SDK v3 at the versions pnpm-lock.yaml pins (dist/layers/aws-sdk.zip from pnpm build)',
      filename: asset.path,
      sourceCodeHash: code.sha256,
      compatibleRuntimes: ['nodejs22.x'],
      compatibleArchitectures: ['arm64'],
    });
  }

  /** Pattern H: the agent is created after its action-group Lambda and before the invoker, which calls its alias. */
  private agentExtras(workers: LambdaSpec[]): Extras {
    const executorSpec = workers.find((s) => s.role === 'action-group');
    if (!executorSpec) return {};
    const executor = this.functions.get(executorSpec.name);
    if (!executor) throw new Error(`${executorSpec.name} must be created before its agent`);
    const agent = new BedrockAgent(this, 'bedrock-agent', {
      name: this.prefix,
      aws: this.aws,
      modelId: this.props.settings.bedrockModelId,
      inferenceRegions: this.props.settings.bedrockInferenceRegions,
      executor: executor.fn,
    });
    return {
      environment: { BEDROCK_AGENT_ID: agent.agent.agentId, BEDROCK_AGENT_ALIAS_ID: agent.alias.agentAliasId },
      statements: [{ sid: 'InvokeOwnAgentAlias', actions: ['bedrock:InvokeAgent'], resources: [agent.alias.agentAliasArn] }],
    };
  }

  private addFunction(spec: LambdaSpec, extras: Extras = {}): PatternFunction {
    const functionName = `${NAME_PREFIX}-${spec.name}`;
    const fn = new PatternFunction(this, spec.name, {
      spec,
      functionName,
      code: this.props.code.codeFor(spec),
      environment: { ...this.environment(spec), ...extras.environment },
      statements: [...this.statements(spec), ...(extras.statements ?? [])],
      logRetentionDays: this.props.settings.logRetentionDays,
      telemetry: this.props.settings.telemetry,
      layers: this.sdkLayer ? [this.sdkLayer.arn] : undefined,
    });
    this.functions.set(spec.name, fn);
    return fn;
  }

  private target(spec: LambdaSpec, name: string): PatternFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`${spec.name} invokes ${name}, which is not in pattern ${spec.pattern}'s catalogue`);
    return fn;
  }

  private environment(spec: LambdaSpec): Record<string, string> {
    const s = this.props.settings;
    const env: Record<string, string> = {
      LLM_MODE: s.llmMode,
      CLUB_TIMEZONE: s.clubTimezone,
      LOG_LEVEL: s.logLevel,
    };
    if (spec.role === 'http') env.TRUST_USER_ID_HEADER = String(s.trustUserIdHeader);
    // The entry function runs the turn, so it is where a pattern asks before booking (all eight patterns); a
    // function that writes bookings gets it too (H's action group books only an approved slot), as locally.
    if (spec.role === 'http' || spec.bookings === 'read-write') env.REQUIRE_CONFIRMATION = String(s.requireConfirmation);
    if (spec.vendors.includes('openai')) env.OPENAI_MODEL = s.openaiModel;
    if (spec.vendors.includes('anthropic')) env.ANTHROPIC_MODEL = s.anthropicModel;
    if (spec.vendors.includes('bedrock')) env.BEDROCK_MODEL_ID = s.bedrockModelId;
    for (const vendor of secretVendorsOf(spec)) env[SECRET_ENV[vendor]] = this.requireSecret(vendor).arn;
    if (spec.bookings !== 'none' && this.bookings) env.BOOKINGS_TABLE = this.bookings.resource.name;
    if (spec.sessions !== 'none' && this.sessions) env.SESSIONS_TABLE = this.sessions.resource.name;
    for (const name of spec.invokes) env[invokeEnvName(name)] = this.target(spec, name).fn.functionName;
    return env;
  }

  private statements(spec: LambdaSpec): Statement[] {
    const statements = [
      ...tableStatements('BookingsTable', this.bookings, spec.bookings),
      ...tableStatements('SessionsTable', this.sessions, spec.sessions),
    ];
    const secretArns = secretVendorsOf(spec).map((v) => this.requireSecret(v).arn);
    if (secretArns.length > 0) statements.push({ sid: 'ReadApiKeys', actions: ['secretsmanager:GetSecretValue'], resources: secretArns });
    if (spec.invokes.length > 0) {
      const arns = spec.invokes.map((name) => this.target(spec, name).fn.arn);
      statements.push({ sid: 'InvokeOwnWorkers', actions: ['lambda:InvokeFunction'], resources: arns });
    }
    if (spec.vendors.includes('bedrock')) {
      const { modelArns } = bedrockModelArns(this.aws, this.props.settings.bedrockModelId, this.props.settings.bedrockInferenceRegions);
      // Converse and ConverseStream are authorised by these two actions.
      statements.push({
        sid: 'InvokeBedrockModel',
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: modelArns,
      });
    }
    return statements;
  }

  private requireSecret(vendor: SecretVendor): SecretsmanagerSecret {
    const secret = this.secrets.get(vendor);
    if (!secret) throw new Error(`no ${vendor} secret in ${stackId(this.props.pattern)}`);
    return secret;
  }
}
