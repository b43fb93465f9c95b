export { TEST_DATE_SENTENCE, TEST_NOW, TEST_TIMEZONE, testClock, tomorrow, clubDate } from './clock';
export { timesMentioned, mentionsTime, mentionsCourt } from './text';
export { apiGatewayEvent, lambdaContext, type HttpRequestSpec } from './events';
export {
  createTestApp,
  type TestApp,
  type TestAppOptions,
  type ChatReply,
  type ErrorReply,
  type ChatResult,
  type ChatOptions,
} from './app';
export {
  SCENARIOS,
  CANONICAL_BOOKING,
  AVAILABILITY_QUESTION,
  TWO_TURN_BOOKING,
  FULLY_BOOKED,
  IDENTITY_FROM_CALLER,
  type Scenario,
  type ScenarioTurn,
  type ScenarioSetup,
  type ExpectedBooking,
  type ExpectedApproval,
  type AnswerCheck,
} from './scenarios';
export { judgeTurn, OUTCOMES, type Outcome, type TurnJudgement } from './judge';
export {
  memberReply,
  playScenario,
  runScenario,
  ScenarioFailedError,
  type PlayOptions,
  type ScenarioRun,
  type ScenarioTarget,
  type TurnRun,
} from './run-scenario';
export { loadSuite, parseSuite, scenarioById, scenarioEnv, SuiteFormatError, SUITE_FILE, type LoadSuiteOptions } from './suite';
export { fakeFetch, httpError, ScriptExhaustedError, type FakeFetch, type ScriptedReply, type RecordedRequest } from './fake-fetch';
export { openaiText, openaiJson, openaiToolCalls, anthropicText, anthropicToolUse } from './vendor-replies';
export { decodeOtlpTraces, otlpHandler, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
