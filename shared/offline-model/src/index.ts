/**
 * @tennis/offline-model: a deterministic stand-in chat model speaking the OpenAI (Chat Completions,
 * Responses), Anthropic Messages and Bedrock Converse wire formats, with fault injection.
 */
export type * from './types';
export { decide, estimateTokens } from './brain';
export { parseFaults, FaultPlan, FaultSpecError, type ActiveFaults, type DecisionFault, type Vendor } from './faults';
export {
  MODEL_ERROR_DESCRIPTIONS,
  MODEL_ERROR_MODES,
  MODEL_ERROR_PROFILES,
  ModelErrorPlan,
  ModelErrorSpecError,
  parseModelErrors,
  parseModelSeed,
  type ModelErrorMode,
  type ModelErrorProfile,
  type ModelErrorRates,
} from './model-errors';
export {
  MISTAKES_HEADER,
  createOfflineEngine,
  TIMEOUT_FAULT_CAP_MS,
  type OfflineEngine,
  type OfflineOptions,
  type OfflineReply,
  type OfflineRequest,
} from './engine';
export { createOfflineFetch, createOfflineAwsHandler, type OfflineAwsHandlerOptions } from './transports';
export type { HttpHandler } from '@smithy/protocol-http';
export { serveOfflineModel, PortInUseError, type OfflineServer, type ServeOptions } from './server';
export {
  createOfflineAgentRuntime,
  type OfflineAgentRuntimeOptions,
  type OfflineAgentDefinition,
  type OfflineActionGroup,
  type OfflineAgentFunction,
  type InvokeLambda,
} from './agent-runtime';
