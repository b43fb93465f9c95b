/** What the offline agent runtime hosts: Bedrock agents as CreateAgent / CreateAgentActionGroup define them. */

export interface OfflineAgentFunction {
  name: string;
  description?: string;
  parameters: Record<string, { type: string; description?: string; required?: boolean }>;
  /** ENABLED: ask the user first (returnControl with USER_CONFIRMATION). */
  requireConfirmation?: 'ENABLED' | 'DISABLED';
}

export interface OfflineActionGroup {
  name: string;
  /** A Lambda the agent invokes, or RETURN_CONTROL: the caller of InvokeAgent runs the function. */
  executor: { lambda: string } | { customControl: 'RETURN_CONTROL' };
  functions: OfflineAgentFunction[];
}

export interface OfflineAgentDefinition {
  agentId: string;
  agentAliasId: string;
  agentName: string;
  /** Reported in traces; the offline model answers whatever it is. */
  foundationModel: string;
  instruction: string;
  actionGroups: OfflineActionGroup[];
}

/** Invokes a Lambda by name with a JSON event and returns its JSON result; throws when the function failed. */
export type InvokeLambda = (functionName: string, event: unknown) => Promise<unknown>;
