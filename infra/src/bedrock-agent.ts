/**
 * Pattern H's managed agent: the agent, its action group (executed by the action-group Lambda)
 * and an alias the invoker calls. Only this agent may invoke the action-group Lambda.
 */
import { Construct } from 'constructs';
import { BedrockagentAgent } from '@cdktf/provider-aws/lib/bedrockagent-agent';
import { BedrockagentAgentActionGroup } from '@cdktf/provider-aws/lib/bedrockagent-agent-action-group';
import { BedrockagentAgentAlias } from '@cdktf/provider-aws/lib/bedrockagent-agent-alias';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
// The agent's definition lives with pattern H, so the deployed agent and the offline stand-in share it.
import { ACTION_GROUP, AGENT_INSTRUCTION, agentFunctions } from '@tennis/pattern-h/agent';
import { bedrockModelArns, type AwsContext } from './aws-context';
import { serviceRole, type Statement } from './iam';

export interface BedrockAgentProps {
  name: string;
  aws: AwsContext;
  modelId: string;
  inferenceRegions: readonly string[];
  executor: LambdaFunction;
}

/** The action group's functions (the shared tools, via pattern H's definition) as the provider's blocks. */
function actionGroupFunctions() {
  return agentFunctions().map((f) => ({
    name: f.name,
    description: f.description,
    parameters: Object.entries(f.parameters).map(([key, p]) => ({
      mapBlockKey: key,
      type: p.type,
      description: p.description,
      required: p.required,
    })),
  }));
}

export class BedrockAgent extends Construct {
  readonly agent: BedrockagentAgent;
  readonly alias: BedrockagentAgentAlias;

  constructor(scope: Construct, id: string, props: BedrockAgentProps) {
    super(scope, id);
    const { aws } = props;
    const models = bedrockModelArns(aws, props.modelId, props.inferenceRegions);
    const statements: Statement[] = [
      { sid: 'InvokeAgentModel', actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], resources: models.modelArns },
    ];
    if (models.profileArn) {
      statements.push({ sid: 'ReadInferenceProfile', actions: ['bedrock:GetInferenceProfile'], resources: [models.profileArn] });
    }
    const role = serviceRole(
      this,
      'role',
      `${props.name}-agent`,
      {
        service: 'bedrock.amazonaws.com',
        // The agent's ARN is not known before the role exists, so trust is limited to this account's agents.
        conditions: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:${aws.partition}:bedrock:${aws.region}:${aws.accountId}:agent/*`] },
        ],
      },
      statements,
    );
    this.agent = new BedrockagentAgent(this, 'agent', {
      agentName: props.name,
      agentResourceRoleArn: role.arn,
      foundationModel: props.modelId,
      instruction: AGENT_INSTRUCTION,
      idleSessionTtlInSeconds: 1800,
      // The action group prepares the agent once it is attached.
      prepareAgent: false,
    });
    const permission = new LambdaPermission(this, 'executor-permission', {
      statementId: 'AllowThisBedrockAgent',
      action: 'lambda:InvokeFunction',
      functionName: props.executor.functionName,
      principal: 'bedrock.amazonaws.com',
      sourceAccount: aws.accountId,
      sourceArn: this.agent.agentArn,
    });
    const actionGroup = new BedrockagentAgentActionGroup(this, 'action-group', {
      actionGroupName: ACTION_GROUP,
      agentId: this.agent.agentId,
      agentVersion: 'DRAFT',
      description: 'Check court availability and book a slot.',
      actionGroupExecutor: [{ lambda: props.executor.arn }],
      functionSchema: [{ memberFunctions: [{ functions: actionGroupFunctions() }] }],
      prepareAgent: true,
      skipResourceInUseCheck: true,
      dependsOn: [permission],
    });
    this.alias = new BedrockagentAgentAlias(this, 'alias', {
      agentAliasName: 'live',
      agentId: this.agent.agentId,
      description: 'What the invoker Lambda calls.',
      // An alias snapshots the prepared agent, so it must come after the action group.
      dependsOn: [actionGroup],
    });
  }
}
