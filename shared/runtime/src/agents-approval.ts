/**
 * Human approval (REQUIRE_CONFIRMATION) in the @openai/agents patterns (E, F, G), with the SDK's own
 * human-in-the-loop: a tool with `needsApproval` pauses the run (`result.interruptions`); the paused run is
 * serialised (`result.state.toString()`) into the turn's `approval.hold`, which the runtime keeps in the
 * session record; the member's answer comes with the next turn, maybe in another container, where
 * `RunState.fromStringWithContext` rebuilds the run, `approve` or `reject` settles the paused call, and
 * `runner.run(agent, state)` carries on from exactly where it stopped.
 *
 * What the hold is: the SDK's RunState JSON (the paused model response and tool call, the items generated so
 * far, the approval decisions, the turn count, the agent-as-tool runs nested in it) and the serialisable part
 * of the run context (`userId`, and `asked`: the slot each paused call asks about). The turn's trace, bookings
 * and tool timers are never serialised (agents-turn.ts); the resuming turn attaches its own.
 */
import { RunContext, RunState, type Agent, type RunToolApprovalItem, type Runner, type Session } from '@openai/agents';
import type { AgentsToolsOptions, ToolApprovalPolicy } from '@tennis/booking-service/agents';
import { isBookingError, parseSlotId, type BookingService } from '@tennis/booking-service';
import * as z from 'zod';
import { approvalQuestion, pendingApproval, type ApprovalAnswer, type ApprovalRequest } from './approval';
import { answerAtTurnLimit, correctedAnswer, type AgentsTurnContext, type EditableSession } from './agents-turn';

/**
 * A `needsApproval` policy for a tool call that books one slot: `slotOf` names the slot the call would book
 * (null: nothing to book, so nothing to ask). A free slot is recorded in the run context under the call id
 * and the run pauses; a slot that is not free (or not a slot) is not worth a question: the call runs and
 * its error reaches the model as usual.
 */
export function askBeforeBooking<A>(
  bookings: BookingService,
  slotOf: (args: A, context: AgentsTurnContext, callId: string) => Promise<string | null> | string | null,
): ToolApprovalPolicy {
  return async (runContext: RunContext<AgentsTurnContext>, args: A, callId?: string) => {
    const context = runContext.context;
    if (!callId) throw new Error('needsApproval was called without a call id.');
    if (context.asked[callId]) return true;
    const slot = await slotOf(args, context, callId);
    if (!slot || !(await isFree(bookings, slot))) return false;
    context.asked[callId] = slot;
    return true;
  };
}

/** The slot a `book` call would book: its slot_id argument. */
export const bookSlot = (args: { slot_id?: unknown }): string | null => (typeof args.slot_id === 'string' ? args.slot_id : null);

/** The booking tools' options for REQUIRE_CONFIRMATION: `book` pauses the run for the member's yes to its slot_id. */
export function bookingApproval(bookings: BookingService, requireConfirmation: boolean): AgentsToolsOptions {
  return requireConfirmation ? { needsApproval: { book: askBeforeBooking(bookings, bookSlot) } } : {};
}

/** Whether the slot can be booked now. A malformed or past slot is not; a store failure fails the run (never books unasked). */
async function isFree(bookings: BookingService, slotId: string): Promise<boolean> {
  try {
    const { date, time } = parseSlotId(slotId);
    const { available } = await bookings.checkAvailability({ date, time });
    return available.some((slot) => slot.slot_id === slotId);
  } catch (err) {
    if (isBookingError(err)) return false;
    throw err;
  }
}

/** What a paused call's result says to the model when the member did not approve it. */
export const NOT_APPROVED = {
  no: 'Not approved: the member said no to this booking, so it was not made. Nothing was booked.',
  other: 'Not approved: the member did not answer yes to this booking and wrote the next message instead, so it was not made.',
} as const;

/** The hold: the paused RunState as its JSON string (RunState.toString()). */
const Hold = z.string().min(2);
/** The part of the serialised run context this module restores (the rest is the SDK's own). */
const HeldContext = z.object({
  context: z.object({ context: z.object({ asked: z.record(z.string(), z.string()).optional() }).passthrough() }),
});

export interface AgentsTurnOptions {
  bookings: BookingService;
  context: AgentsTurnContext;
  /** The session the run reads and extends (StateSession over the runtime's session state). */
  session: Session & EditableSession;
  /** Model calls allowed per run (MAX_MODEL_CALLS, counted across a pause); past it the run ends with a bounded answer. */
  maxModelCalls: number;
}

export interface AgentsTurnResult {
  /** The answer for the member: the agent's, the grounding guard's correction, or the approval question. */
  response: string;
  /** The run stopped to ask: the slot, and the paused run to resume next turn. Null otherwise. */
  approval: ApprovalRequest | null;
}

type TurnAgent = Agent<AgentsTurnContext>;
type TurnRunState = RunState<AgentsTurnContext, TurnAgent>;

/**
 * One turn of an agent: a new run for the member's message, or, when the previous turn paused for approval,
 * that run resumed with their answer:
 * - 'yes' approves the paused call (the one that asked about `approval.pending.slot_id`; any other is rejected);
 * - 'no' rejects it: the model reads that nothing was booked and says so;
 * - 'other' rejects it and hands the model the new message in the same resumed run (RunState.addInput), so
 *   "yes, but court B instead" is read with the conversation that asked.
 * A run that pauses (again) returns the approval question and the hold. The grounding guardrail checks the
 * agent's answers only: the approval question is written by code and claims nothing.
 */
export async function runAgentTurn(
  runner: Runner,
  agent: TurnAgent,
  { message, approval }: { message: string; approval?: ApprovalAnswer },
  { bookings, context, session, maxModelCalls }: AgentsTurnOptions,
): Promise<AgentsTurnResult> {
  const runOptions = { session, maxTurns: maxModelCalls, errorHandlers: { maxTurns: answerAtTurnLimit(maxModelCalls) } };
  let input: string | TurnRunState = message;
  if (approval) {
    const state = await resumedRun(agent, approval, context);
    context.trace.record({
      type: 'agent',
      actor: agent.name,
      name: agent.name,
      detail: `resumed from the session: the member said ${approval.reply}`,
    });
    // 'other': the new message goes into the resumed run, unless the run cannot take it (no model turn left):
    // then the paused run is closed (its rejection recorded in the session) and the message starts a new run.
    if (approval.reply !== 'other' || addInput(state, message, maxModelCalls)) input = state;
    else await runner.run(agent, state, runOptions).catch((err: unknown) => correctedAnswer(err, session));
  }
  let result;
  try {
    result = await runner.run(agent, input, { ...runOptions, context });
  } catch (err) {
    return { response: await correctedAnswer(err, session), approval: null };
  }
  const paused = pausedAt(result.interruptions ?? [], context);
  if (!paused) return { response: result.finalOutput ?? '', approval: null };
  const pending = pendingApproval(bookings, paused);
  context.trace.record({
    type: 'agent',
    actor: agent.name,
    name: 'approval',
    detail: `paused before booking ${paused}; the run waits in the session`,
  });
  return { response: approvalQuestion(pending), approval: { pending, hold: result.state.toString() } };
}

/** The slot the paused run asks about: the first interruption that recorded one. */
function pausedAt(interruptions: RunToolApprovalItem[], context: AgentsTurnContext): string | undefined {
  if (interruptions.length === 0) return undefined;
  const slot = interruptions.map((item) => context.asked[callIdOf(item)]).find((s) => s !== undefined);
  if (!slot) throw new Error(`The run paused at ${interruptions.map((i) => i.name).join(', ')}, which asked about no slot.`);
  return slot;
}

function callIdOf(item: RunToolApprovalItem): string {
  const raw = item.rawItem as { callId?: string; id?: string };
  return raw.callId ?? raw.id ?? '';
}

/**
 * The paused run rebuilt from the hold with this turn's context (its trace, no bookings yet; `asked` restored
 * from the hold), and its paused calls settled by the member's answer.
 */
async function resumedRun(agent: TurnAgent, approval: ApprovalAnswer, context: AgentsTurnContext): Promise<TurnRunState> {
  const hold = Hold.parse(approval.hold);
  Object.assign(context.asked, HeldContext.parse(JSON.parse(hold)).context.context.asked ?? {});
  const state = await RunState.fromStringWithContext<AgentsTurnContext, TurnAgent>(agent, hold, new RunContext(context));
  const interruptions = state.getInterruptions();
  const approved =
    approval.reply === 'yes' ? interruptions.find((item) => context.asked[callIdOf(item)] === approval.pending.slot_id) : undefined;
  if (approval.reply === 'yes' && !approved) throw new Error(`The held run does not ask about ${approval.pending.slot_id}.`);
  for (const item of interruptions) {
    if (item === approved) state.approve(item);
    else state.reject(item, { message: approval.reply === 'other' ? NOT_APPROVED.other : NOT_APPROVED.no });
  }
  return state;
}

/** Adds the member's new message to the resumed run, when the run has a model call left to read it. */
function addInput(state: TurnRunState, message: string, maxModelCalls: number): boolean {
  if (state._currentTurn >= maxModelCalls) return false;
  try {
    state.addInput(message);
    return true;
  } catch {
    return false;
  }
}
