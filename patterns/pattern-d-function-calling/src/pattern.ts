/**
 * Pattern D, function calling: the model suggests which tool to call; this code runs the loop.
 * It executes each call (validated, with the caller's identity), hands the result back, and decides
 * whether to ask the model again, until the model answers in plain text or the iteration cap is hit.
 */
import type OpenAI from 'openai';
import type { ChatCompletionMessage, ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import { toolCall, toOpenAIChatTools, type Booking, type BookingService, type BookingToolCall } from '@tennis/booking-service';
import { approvalQuestion, bookingFrom, pendingApproval, runBookingTool } from '@tennis/runtime';
import type { ApprovalRequest, GroundingGuard, Pattern, PendingApproval, TraceRecorder, TurnInput, TurnOutput } from '@tennis/runtime';
import { boundedHistory, heldCall, restoreHistory, slotOf, unansweredCalls, type HeldCall, type PatternDState } from './history';
import { iterationCapAnswer, notApprovedResult, systemPrompt } from './prompts';

export interface PatternDDeps {
  openai: OpenAI;
  model: string;
  bookings: BookingService;
  /** Model calls allowed per turn (MAX_MODEL_CALLS). */
  maxModelCalls: number;
  /** Checks the model's answer against what the turn did (GROUNDING_GUARD). */
  grounding: GroundingGuard;
  /** REQUIRE_CONFIRMATION: the loop holds the model's `book` call until the member approves its slot. */
  requireConfirmation: boolean;
}

export function createPatternD(deps: PatternDDeps): Pattern {
  const { openai, model, bookings, maxModelCalls, grounding, requireConfirmation } = deps;
  const tools = toOpenAIChatTools();

  /** The model decides: answer, or which tool(s) to call with which arguments. */
  async function askModel(messages: ChatCompletionMessageParam[]): Promise<ChatCompletionMessage> {
    const completion = await openai.chat.completions.create({ model, messages, tools, tool_choice: 'auto' });
    const message = completion.choices[0]?.message;
    if (!message) throw new Error('The model returned no message.');
    return message;
  }

  /** Our code executes the call: arguments validated, user id injected, errors returned to the model. */
  async function executeCall(call: ChatCompletionMessageToolCall, userId: string, trace: TraceRecorder): Promise<BookingToolCall> {
    if (call.type !== 'function') {
      return {
        name: call.custom.name,
        outcome: { ok: false, error: { code: 'INVALID_INPUT', message: 'Only function tools are supported.' } },
      };
    }
    const { name, arguments: args } = call.function;
    return toolCall(name, await runBookingTool(bookings, name, args, { userId, trace, actor: 'loop' }));
  }

  /** Executes the call and appends its result to the conversation; the booking it made, if any. */
  async function runCall(call: ChatCompletionMessageToolCall, userId: string, trace: TraceRecorder, history: ChatCompletionMessageParam[]) {
    const executed = await executeCall(call, userId, trace);
    history.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(executed.outcome) });
    return bookingFrom(executed);
  }

  /** A `book` call for a slot of one of the club's courts: the approval it needs (anything else runs, and fails if invalid). */
  function approvalFor(call: ChatCompletionMessageToolCall): PendingApproval | undefined {
    const slotId = call.type === 'function' && call.function.name === 'book' ? slotOf(call) : undefined;
    if (!slotId) return undefined;
    try {
      const pending = pendingApproval(bookings, slotId);
      return bookings.club.courts.includes(pending.court) ? pending : undefined;
    } catch {
      return undefined;
    }
  }

  async function turn({ message, userId, state, trace, approval }: TurnInput): Promise<TurnOutput> {
    // 1. Rebuild the conversation: fresh system prompt (today's date), kept history, the new message.
    const history: ChatCompletionMessageParam[] = restoreHistory(state);
    const conversation = () => [{ role: 'system' as const, content: systemPrompt(bookings) }, ...history];
    let booking: Booking | null = null;

    //    approval (REQUIRE_CONFIRMATION): the `book` call held last turn gets the member's answer. "yes" runs exactly
    //    that call; "no" answers it "declined"; anything else answers it "not approved" and is the new message.
    const held = approval?.reply === 'yes' ? heldCall(history, approval.hold, approval.pending.slot_id) : undefined;
    if (held) booking = await runCall(held, userId, trace, history);
    for (const call of unansweredCalls(history)) {
      history.push({ role: 'tool', tool_call_id: call.id, content: notApprovedResult(approval?.reply === 'no') });
    }
    if (!held && approval?.reply !== 'no') history.push({ role: 'user', content: message });

    for (let iteration = 1; iteration <= maxModelCalls; iteration++) {
      // 2. The model suggests the next step.
      const reply = await askModel(conversation());

      // 3. Decision point: no tool call means the model has answered, so the loop stops,
      //    once code has checked the answer against what this turn really did.
      if (!reply.tool_calls?.length) {
        const answer = await grounding.ground(reply.content ?? '', { userId, booking }, trace);
        history.push({ role: 'assistant', content: answer });
        return done(answer, booking, history);
      }
      history.push(assistantParam(reply));

      // 4. Execute every suggested call and append its result for the next model call.
      //    approval (REQUIRE_CONFIRMATION): a `book` call is held instead, unanswered, and the turn asks the member.
      let hold: ApprovalRequest | undefined;
      for (const call of reply.tool_calls) {
        const pending = requireConfirmation ? approvalFor(call) : undefined;
        if (pending && !hold) hold = { pending, hold: { tool_call_id: call.id, slot_id: pending.slot_id } satisfies HeldCall };
        else if (pending) history.push({ role: 'tool', tool_call_id: call.id, content: notApprovedResult(false) });
        else booking = (await runCall(call, userId, trace, history)) ?? booking;
      }
      if (hold) {
        trace.step('loop', 'approval', `holds book(${hold.pending.slot_id})`);
        return { ...done(approvalQuestion(hold.pending), booking, history), approval: hold };
      }
    }

    // 5. Cap reached: stop with a bounded answer instead of looping on.
    trace.step('loop', 'iteration cap reached', `${maxModelCalls} model calls`);
    const answer = iterationCapAnswer(maxModelCalls, booking && describe(booking));
    history.push({ role: 'assistant', content: answer });
    return done(answer, booking, history);
  }

  return { turn };
}

function done(response: string, booking: Booking | null, history: ChatCompletionMessageParam[]) {
  const state: PatternDState = { messages: boundedHistory(history) };
  return { response, booking, state };
}

/** The model's reply as a message to send back next time (content and tool calls only). */
function assistantParam(reply: ChatCompletionMessage): ChatCompletionMessageParam {
  return reply.tool_calls?.length
    ? { role: 'assistant', content: reply.content, tool_calls: reply.tool_calls }
    : { role: 'assistant', content: reply.content ?? '' };
}

function describe(booking: Booking): string {
  return `${booking.court} on ${booking.date} at ${booking.time}`;
}
