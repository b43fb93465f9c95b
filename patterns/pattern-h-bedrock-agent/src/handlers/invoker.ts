/**
 * Lambda entry for pattern H's invoker: the HTTP API's /chat -> InvokeAgent. Deployed, the agent ids come
 * from infra (BEDROCK_AGENT_ID, BEDROCK_AGENT_ALIAS_ID). Offline, the same code talks to the offline agent
 * runtime, which hosts the agent defined in agent.ts and invokes the action-group Lambda through the local
 * Lambda runtime (H_ACTION_GROUP_FUNCTION names it).
 */
import { calleeNames, ConfigError, createHandler, type Config, type Runtime } from '@tennis/runtime';
import { selectMode } from '@tennis/runtime/clients/context';
import { bedrockAgentClient, type InvokeLambda, type OfflineAgentDefinition } from '@tennis/runtime/local/bedrock-agent';
import { ACTION_GROUP, AGENT_INSTRUCTION, agentFunctions, OFFLINE_AGENT_ALIAS_ID, OFFLINE_AGENT_ID } from '../agent';
import { createPatternH } from '../pattern';

/** The action-group function's name in the local Lambda runtime: H_ACTION_GROUP_FUNCTION (set by the dev server and demo), else this. */
const CALLEES = { actionGroup: 'pattern-h-action-group' };

/** The action-group function the offline agent runtime invokes. */
export function actionGroupFunction(env: Record<string, string | undefined> = process.env): string {
  return calleeNames(CALLEES, env).actionGroup;
}

/**
 * The agent the offline runtime hosts: the same instruction and function schema infra gives the real one,
 * with user confirmation on `book` when REQUIRE_CONFIRMATION=true (config.requireConfirmation; on the deployed
 * agent that one field is set by hand, see the README's "Approval").
 */
export function offlineAgent(config: Config, executor: string): OfflineAgentDefinition {
  return {
    agentId: OFFLINE_AGENT_ID,
    agentAliasId: OFFLINE_AGENT_ALIAS_ID,
    agentName: 'tennis-pattern-h (offline)',
    foundationModel: config.bedrockModelId,
    instruction: AGENT_INSTRUCTION,
    actionGroups: [
      {
        name: ACTION_GROUP,
        executor: { lambda: executor },
        functions: agentFunctions({ requireConfirmation: config.requireConfirmation }),
      },
    ],
  };
}

/** Pattern H over a runtime. `invokeLambda` replaces the Lambda Invoke path offline (in-process tests). */
export function build(rt: Runtime, options: { env?: Record<string, string | undefined>; invokeLambda?: InvokeLambda } = {}) {
  const { config } = rt;
  const mode = selectMode(config, 'bedrock');
  if (mode === 'live' && !(config.bedrockAgentId && config.bedrockAgentAliasId)) {
    throw new ConfigError([
      {
        variable: 'BEDROCK_AGENT_ID / BEDROCK_AGENT_ALIAS_ID',
        value: '""',
        expected: 'the deployed agent and alias ids (infra sets them)',
      },
    ]);
  }
  const agents = [offlineAgent(config, actionGroupFunction(options.env))];
  return createPatternH({
    bookings: rt.bookings,
    agent: bedrockAgentClient(config, { agents, ...(options.invokeLambda ? { invokeLambda: options.invokeLambda } : {}) }),
    agentId: mode === 'live' ? config.bedrockAgentId! : OFFLINE_AGENT_ID,
    agentAliasId: mode === 'live' ? config.bedrockAgentAliasId! : OFFLINE_AGENT_ALIAS_ID,
    mode,
    model: config.bedrockModelId,
    maxModelCalls: config.maxModelCalls,
    grounding: rt.grounding,
    requireConfirmation: config.requireConfirmation,
  });
}

export const handler = createHandler('h', build);
