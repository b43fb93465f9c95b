/**
 * Per-turn plumbing shared by the @openai/agents patterns (E, F, G):
 * - the run context: the caller's user id (the booking tools read it from here, never from model
 *   arguments), the turn's trace, and the bookings the `book` tool made in this run;
 * - agent hooks that record agent steps and tool calls as they happen, so they sit in the trace in order
 *   between the LLM calls the client transport records. Agent hooks (not Runner hooks) are used because
 *   an agent called as a tool runs in its own nested Runner, where only the agent's own hooks fire.
 */
import {
  OutputGuardrailTripwireTriggered,
  type Agent,
  type AgentInputItem,
  type OutputGuardrail,
  type RunErrorHandler,
} from '@openai/agents';
import { bookingTools, summarizeOutcome, toolCall as bookingToolCall, type Booking, type ToolOutcome } from '@tennis/booking-service';
import { bookingFrom } from './tool-call';
import { failedBookingIn, type GroundingGuard, type Verdict } from './grounding';
import type { TraceRecorder } from './trace';

/**
 * The run context. A run paused for approval is serialised with its context (RunState.toString()), so only
 * `userId` and `asked` are plain enumerable data; the turn's trace, its bookings and the tool timers belong
 * to one turn and are non-enumerable: never serialised, and attached afresh when a later turn resumes the
 * run (agents-approval.ts).
 */
export interface AgentsTurnContext {
  /** The caller, from the request. */
  userId: string;
  /** REQUIRE_CONFIRMATION: the slot each paused booking call asks about, by call id (agents-approval.ts). */
  asked: Record<string, string>;
  trace: TraceRecorder;
  /** Bookings the book tool made in this run, in order. */
  booked: Booking[];
  /** Start times of tool calls in flight, by call id (for the trace's ms). */
  toolStarts: Map<string, number>;
}

export function createTurnContext(userId: string, trace: TraceRecorder, asked: Record<string, string> = {}): AgentsTurnContext {
  const context = { userId, asked } as AgentsTurnContext;
  const turnOnly = (value: unknown) => ({ value, enumerable: false, writable: false, configurable: false });
  return Object.defineProperties(context, { trace: turnOnly(trace), booked: turnOnly([]), toolStarts: turnOnly(new Map()) });
}

/** The booking domain's functions; any other function tool of an observed agent is another agent called as a tool. */
const DOMAIN_TOOLS = new Set<string>(bookingTools.map((t) => t.name));
const DETAIL_CHARS = 160;

/** Records what `agent` does into the turn's trace. Call once per agent, where the agent is declared. */
export function observeAgent<A extends Agent<AgentsTurnContext>>(agent: A): A {
  agent.on('agent_start', (ctx) => {
    ctx.context.trace.record({ type: 'agent', actor: agent.name, name: agent.name, detail: 'started' });
  });
  agent.on('agent_tool_start', (ctx, tool, { toolCall }) => {
    const { trace, toolStarts } = ctx.context;
    toolStarts.set(callKey(toolCall), performance.now());
    if (!DOMAIN_TOOLS.has(tool.name)) {
      trace.record({ type: 'agent', actor: agent.name, name: tool.name, detail: `asked: ${clip(requestOf(argumentsOf(toolCall)))}` });
    }
  });
  agent.on('agent_tool_end', (ctx, tool, result, { toolCall }) => {
    const { trace, toolStarts, booked } = ctx.context;
    const started = toolStarts.get(callKey(toolCall)) ?? performance.now();
    toolStarts.delete(callKey(toolCall));
    if (!DOMAIN_TOOLS.has(tool.name)) {
      trace.record({ type: 'agent', actor: agent.name, name: tool.name, detail: `answered: ${describeAnswer(result)}` });
      return;
    }
    const outcome = parseOutcome(result);
    const booking = outcome && bookingFrom(bookingToolCall(tool.name, outcome));
    if (booking) booked.push(booking);
    trace.record({
      type: 'tool',
      actor: agent.name,
      name: tool.name,
      args: argumentsOf(toolCall),
      ok: outcome?.ok ?? false,
      summary: outcome ? summarizeOutcome(tool.name, outcome) : clip(result),
      ms: Math.round(performance.now() - started),
    });
  });
  return agent;
}

/** The booking made in this run: the last successful `book` result (a rebooking attempt keeps the latest). */
export function turnBooking(context: AgentsTurnContext): Booking | null {
  return context.booked.at(-1) ?? null;
}

/**
 * The grounding guard as an @openai/agents output guardrail, for the agent that writes the member's answer:
 * it trips when the answer's booking claim is false against this run's book results and the store.
 * None when GROUNDING_GUARD=off.
 */
export function groundingGuardrails(guard: GroundingGuard): OutputGuardrail<'text', AgentsTurnContext>[] {
  if (!guard.enabled) return [];
  const grounding: OutputGuardrail<'text', AgentsTurnContext> = {
    name: 'grounding',
    async execute({ agentOutput, context }) {
      const { userId, trace } = context.context;
      const facts = { userId, booking: turnBooking(context.context), failedBooking: failedBookingIn(trace) };
      const verdict = await guard.check(String(agentOutput ?? ''), facts, trace);
      return { tripwireTriggered: !verdict.ok, outputInfo: verdict };
    },
  };
  return [grounding];
}

/** Items a session can take back and add (StateSession, or any @openai/agents Session). */
export interface EditableSession {
  getItems(): Promise<AgentInputItem[]>;
  popItem(): Promise<AgentInputItem | undefined>;
  addItems(items: AgentInputItem[]): Promise<void>;
}

const isAssistantMessage = (item: AgentInputItem | undefined): boolean => !!item && 'role' in item && item.role === 'assistant';

/**
 * The run's answer: its final output, or, when the grounding guardrail tripped, the guard's code-written
 * correction (correctedAnswer).
 */
export async function groundedAnswer(run: Promise<{ finalOutput?: string | undefined }>, session: EditableSession): Promise<string> {
  try {
    return (await run).finalOutput ?? '';
  } catch (err) {
    return correctedAnswer(err, session);
  }
}

/**
 * For a run that failed on the grounding guardrail: the guard's correction is the answer, and it also
 * replaces the false answer in the session so the next turn builds on the truth. Any other error is rethrown.
 */
export async function correctedAnswer(err: unknown, session: EditableSession): Promise<string> {
  const verdict = err instanceof OutputGuardrailTripwireTriggered ? (err.result.output.outputInfo as Verdict | undefined) : undefined;
  if (!verdict || verdict.ok) throw err;
  if (isAssistantMessage((await session.getItems()).at(-1))) await session.popItem();
  await session.addItems([{ role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: verdict.correction }] }]);
  return verdict.correction;
}

/**
 * The run's maxTurns error handler: instead of an exception, a bounded answer that says honestly what
 * did and did not happen (a booking the tool already made stands, and is reported).
 */
export function answerAtTurnLimit(maxModelCalls: number): RunErrorHandler<AgentsTurnContext, Agent<AgentsTurnContext>> {
  return ({ context }) => {
    const booking = turnBooking(context.context);
    const done = booking
      ? `I booked ${booking.court} on ${booking.date} at ${booking.time} for you, but could not finish the rest of your request`
      : 'Sorry, I could not finish this request, and nothing was booked';
    return {
      finalOutput: `${done} within ${maxModelCalls} steps. Please try again, naming the date and time you want.`,
      includeInHistory: true,
    };
  };
}

type ToolCallLike = { callId?: string; id?: string; arguments?: string };

function callKey(toolCall: unknown): string {
  const call = toolCall as ToolCallLike;
  return call.callId ?? call.id ?? '';
}

function argumentsOf(toolCall: unknown): Record<string, unknown> {
  const raw = (toolCall as ToolCallLike).arguments;
  try {
    const parsed: unknown = JSON.parse(raw ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    return { raw };
  }
}

/** A tool result is the ToolOutcome JSON; anything else (the SDK's error text for a failed call) is not. */
function parseOutcome(result: string): ToolOutcome | null {
  try {
    const parsed = JSON.parse(result) as Partial<ToolOutcome>;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.ok === 'boolean' ? (parsed as ToolOutcome) : null;
  } catch {
    return null;
  }
}

/** What an agent asked another agent: its one text argument (whatever the tool names it), else all arguments. */
function requestOf(args: Record<string, unknown>): unknown {
  const values = Object.values(args);
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : args;
}

/** A specialist's answer as one line: a booking-tool result is summarised like the tool call itself. */
function describeAnswer(result: string): string {
  const outcome = parseOutcome(result);
  if (!outcome) return clip(result);
  if (!outcome.ok) return `${outcome.error.code}: ${clip(outcome.error.message)}`;
  const value = outcome.result as Record<string, unknown>;
  return summarizeOutcome('booking_id' in value ? 'book' : 'check_availability', outcome);
}

function clip(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS - 1)}…` : text;
}
