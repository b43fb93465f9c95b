/** Public API of @tennis/runtime. LLM clients live in "@tennis/runtime/clients" and "@tennis/runtime/agents". */
export * from './contract';
export { PATTERN_CATALOGUE, PATTERN_LETTERS, type PatternEntry } from './patterns';
export * from './trace';
export {
  clubConfigFrom,
  CONFIG_VARIABLES,
  ConfigError,
  loadConfig,
  type Config,
  type ConfigIssue,
  type Env,
  type LogLevel,
} from './config';
export {
  APPROVAL_CLAIM_MS,
  createApp,
  createHandler,
  createRuntime,
  describeError,
  handleRequest,
  modeOf,
  onceUntilFailure,
  startRuntime,
  type App,
  type BuildPattern,
  type HandlerOptions,
  type HttpHandler,
  type Runtime,
  type RuntimeOverrides,
} from './handler';
export { bookingView, parseChatRequest, routeOf, type BookingView, type ChatRequest, type Route } from './http';
export {
  HttpError,
  SessionConflictError,
  StepFailedError,
  UpstreamError,
  classifyUpstream,
  toHttpError,
  type UpstreamKind,
} from './errors';
export { ANONYMOUS, USER_ID_PATTERN, userIdFrom } from './identity';
export { createLogger, type LogFields, type Logger, type LoggerOptions } from './logging';
export { calleeNames, invokeEnvName } from './callees';
export { boundHistory } from './history';
export {
  CAPTURE_CONTENT_VARIABLE,
  DEFAULT_EXPORT_TIMEOUT_MS,
  startTracedWork,
  telemetrySettings,
  traced,
  type RootOutcome,
  type RootSpan,
  type TracedWork,
} from './telemetry';
export { clubFacts, dateContext } from './prompt';
export { InMemorySessionStore, SESSION_ID_PATTERN, newSessionId, type SessionRecord, type SessionStore } from './sessions';
export { clearSecretCache, keyFromSecretString, resolveApiKeys, type ApiKeys } from './secrets';
export { bookingFrom, runBookingTool, type ToolCallContext } from './tool-call';
export {
  checkAnswer,
  claimFits,
  confirmation,
  createGroundingGuard,
  readClaims,
  type AnswerClaims,
  type ClaimKind,
  type GroundingGuard,
  type TurnFacts,
  type Verdict,
} from './grounding';
export {
  approvalQuestion,
  declinedAnswer,
  droppedNote,
  pendingApproval,
  readApprovalReply,
  type ApprovalAnswer,
  type ApprovalReply,
  type ApprovalRequest,
  type PendingApproval,
} from './approval';
