/**
 * Reads an InvokeAgent completion stream: chunk bytes make the answer; trace events (enableTrace)
 * become our trace (model calls with their tokens, the action group's tool calls, the agent's
 * rationale); a returnControl event hands control back to the invoker. A booking is read from the
 * `book` action's result, never from the answer text.
 */
import type {
  FunctionParameter,
  OrchestrationTrace,
  ResponseStream,
  ReturnControlPayload,
  TracePart,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { summarizeOutcome, type Booking, type ToolOutcome } from '@tennis/booking-service';
import type { LlmMode, TraceRecorder } from '@tennis/runtime';

/** Who acted, in our trace: AWS's agent loop, and the action-group Lambda it invoked. */
export const AGENT_ACTOR = 'bedrock-agent';
export const ACTION_ACTOR = 'action-group';

export interface AgentTurn {
  answer: string;
  /** Set when the agent handed control back (return control or user confirmation). */
  returnControl?: ReturnControlPayload;
  booking: Booking | null;
}

/** Thrown for an exception event inside the stream; `name` is the service's exception name. */
export class AgentStreamError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Parameters as the trace shows arguments: { date: "2026-11-22" }. */
export function argsOf(parameters: FunctionParameter[] | undefined): Record<string, string> {
  return Object.fromEntries((parameters ?? []).map((p) => [p.name ?? '', p.value ?? '']));
}

/** An action result body (the action-group Lambda's TEXT body) as a tool outcome. */
export function outcomeOfBody(body: string): ToolOutcome {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false) return value as ToolOutcome;
    return { ok: true, result: value };
  } catch {
    return { ok: false, error: { code: 'INVALID_INPUT', message: body } };
  }
}

/** The booking a `book` result body holds. The body comes over the wire, so its shape is checked, not assumed. */
export function bookingOf(name: string, outcome: ToolOutcome): Booking | null {
  return name === 'book' && outcome.ok && isBooking(outcome.result) ? outcome.result : null;
}

function isBooking(value: unknown): value is Booking {
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return typeof fields.booking_id === 'string' && typeof fields.slot_id === 'string';
}

interface PendingModelCall {
  model: string;
  input_tokens: number;
  output_tokens: number;
  ms: number;
}

/** Turns the agent's trace events into our trace, in order. */
export class AgentTraceReader {
  private model: string;
  private pending?: PendingModelCall;
  private readonly calls = new Map<string, { name: string; args: Record<string, string> }>();
  booking: Booking | null = null;

  constructor(
    private readonly trace: TraceRecorder,
    private readonly mode: LlmMode,
    defaultModel: string,
  ) {
    this.model = defaultModel;
  }

  /** A model call is recorded once its decision is known (the next action, or the final answer). */
  private flushModelCall(decision: string): void {
    if (!this.pending) return;
    const { model, input_tokens, output_tokens, ms } = this.pending;
    this.trace.record({
      type: 'llm',
      actor: AGENT_ACTOR,
      vendor: 'bedrock',
      api: 'invoke_agent',
      model,
      mode: this.mode,
      input_tokens,
      output_tokens,
      ms,
      decision,
    });
    this.pending = undefined;
  }

  private orchestration(step: OrchestrationTrace): void {
    if (step.modelInvocationInput?.foundationModel) this.model = step.modelInvocationInput.foundationModel;
    const output = step.modelInvocationOutput;
    if (output) {
      this.flushModelCall('answer');
      const usage = output.metadata?.usage;
      this.pending = {
        model: this.model,
        input_tokens: usage?.inputTokens ?? 0,
        output_tokens: usage?.outputTokens ?? 0,
        ms: output.metadata?.totalTimeMs ?? 0,
      };
    }
    if (step.rationale?.text) this.trace.record({ type: 'agent', actor: AGENT_ACTOR, name: 'Bedrock agent', detail: step.rationale.text });
    const action = step.invocationInput?.actionGroupInvocationInput;
    if (action?.function) {
      this.flushModelCall(`tool_call: ${action.function}`);
      this.calls.set(step.invocationInput?.traceId ?? '', { name: action.function, args: argsOf(action.parameters) });
    }
    const observation = step.observation;
    if (observation?.actionGroupInvocationOutput) this.actionResult(observation.traceId ?? '', observation.actionGroupInvocationOutput);
    if (observation?.finalResponse) this.flushModelCall('answer');
  }

  private actionResult(traceId: string, output: { text?: string; metadata?: { totalTimeMs?: number } }): void {
    const call = this.calls.get(traceId) ?? [...this.calls.values()].at(-1);
    if (!call) return;
    this.calls.delete(traceId);
    const outcome = outcomeOfBody(output.text ?? '');
    this.trace.record({
      type: 'tool',
      actor: ACTION_ACTOR,
      name: call.name,
      args: call.args,
      ok: outcome.ok,
      summary: summarizeOutcome(call.name, outcome),
      ms: output.metadata?.totalTimeMs ?? 0,
    });
    this.booking = bookingOf(call.name, outcome) ?? this.booking;
  }

  read(part: TracePart): void {
    const t = part.trace;
    if (t?.orchestrationTrace) this.orchestration(t.orchestrationTrace);
    if (t?.failureTrace) this.trace.step(AGENT_ACTOR, 'agent failure', t.failureTrace.failureReason);
  }

  returnedControl(payload: ReturnControlPayload): void {
    const names = (payload.invocationInputs ?? []).map((i) => i.functionInvocationInput?.function ?? i.apiInvocationInput?.apiPath ?? '?');
    this.flushModelCall(`tool_call: ${names.join(', ')}`);
  }

  finish(): void {
    this.flushModelCall('answer');
  }
}

/** The exception an event carries ({ throttlingException: { message } }), if it is one. */
function exceptionIn(event: ResponseStream): AgentStreamError | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('Exception') && value) {
      const message = (value as { message?: string }).message ?? key;
      return new AgentStreamError(key[0]!.toUpperCase() + key.slice(1), message);
    }
  }
  return undefined;
}

/**
 * Reads the whole stream. Exceptions (thrown by the SDK, or present as exception members) propagate:
 * the caller answers with an error, never with a half-read answer.
 */
export async function readCompletion(stream: AsyncIterable<ResponseStream>, reader: AgentTraceReader): Promise<AgentTurn> {
  const decoder = new TextDecoder();
  let answer = '';
  let returnControl: ReturnControlPayload | undefined;
  for await (const event of stream) {
    const exception = exceptionIn(event);
    if (exception) throw exception;
    if (event.chunk?.bytes) answer += decoder.decode(event.chunk.bytes, { stream: true });
    if (event.trace) reader.read(event.trace);
    if (event.returnControl) {
      returnControl = event.returnControl;
      reader.returnedControl(event.returnControl);
    }
  }
  answer += decoder.decode();
  reader.finish();
  return { answer: answer.trim(), booking: reader.booking, ...(returnControl ? { returnControl } : {}) };
}
