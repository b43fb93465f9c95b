/**
 * One pattern, started for a compare run: every function of it (single-Lambda patterns too) in the
 * local Lambda runtime, each in its own process with the environment the run asks for (the offline
 * model's faults, LLM_MODE), over one dynalite. Scenarios talk to it as curl talks to API Gateway.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { startLocalLambdaRuntime } from '../../../shared/runtime/src/local';
import type { ChatResult, ScenarioTarget } from '../../../shared/testkit/src/index';
import { toApiGatewayEvent } from '../api-gateway';
import type { PatternLetter } from '../lambdas';
import { localFunctions } from '../pattern-host';
import { requireBuilt } from '../patterns';
import { localBookingStore } from './store';

export interface PatternTarget extends ScenarioTarget {
  letter: PatternLetter;
  /** Empties the bookings table between scenarios. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  /** Environment for every function, on top of this process's. */
  env: Record<string, string>;
  /** Function output (default: dropped; the compare report is the output). */
  log?: (functionName: string, line: string) => void;
}

function chatResult(result: APIGatewayProxyStructuredResultV2): ChatResult {
  const status = result.statusCode ?? 200;
  const body = JSON.parse(result.body ?? 'null');
  return status === 200 ? { ok: true, status, body } : { ok: false, status, body };
}

export async function startPatternTarget(letter: PatternLetter, { env, log = () => {} }: TargetOptions): Promise<PatternTarget> {
  const info = requireBuilt(letter);
  const baseEnv = { ...process.env, ...env };
  const runtime = await startLocalLambdaRuntime({
    functions: localFunctions(info),
    baseEnv,
    log,
  });
  const tableName = runtime.env.BOOKINGS_TABLE!;
  const { bookings, table } = localBookingStore(runtime.dynamodbEndpoint, tableName, baseEnv);

  const chat: ScenarioTarget['chat'] = async (message, { sessionId, userId = 'alice' } = {}) => {
    const body = JSON.stringify(sessionId === undefined ? { message } : { message, session_id: sessionId });
    const event = toApiGatewayEvent({
      method: 'POST',
      path: '/chat',
      headers: { 'content-type': 'application/json', 'x-user-id': userId },
      body,
    });
    const outcome = await runtime.invoke(info.http.name, event);
    if (!outcome.ok) {
      const error = {
        code: 'bad_gateway',
        message: `${info.http.name} failed (${outcome.errorType})`,
        request_id: event.requestContext.requestId,
      };
      return { ok: false, status: 502, body: { error } };
    }
    return chatResult(JSON.parse(outcome.payload) as APIGatewayProxyStructuredResultV2);
  };

  return {
    letter,
    bookings,
    chat,
    listBookings: () => table.all(),
    reset: () => table.clear(),
    stop: async () => {
      table.close();
      await runtime.stop();
    },
  };
}
