/**
 * The offline model's decisions: what a competent small chat model would do with this request,
 * chosen from the conversation and the tools offered (by their shape, never by who offers them).
 */
import type { ModelErrorMode } from '../model-errors';
import type { JsonSchema, ModelDecision, ModelRequest, NeutralTool } from '../types';
import { readConversation, type Conversation, type ToolStep } from './conversation';
import { forgetHistory, keepOwnReading, misact, misread, Mistakes, misstructure, type Action } from './mistakes';
import * as reply from './reply';
import type { ToolResult } from './results';
import { bestSlot, exactSlot, withNearestAlternatives } from './slots';
import { buildValue, plainJson } from './structured';
import { classifyTools, delegateParam, delegateRequest, type ToolRoles, type Topic } from './tools';

export type BrainFault = 'invalid_tool_args' | 'hallucinated_slot' | 'endless_tools';

export interface DecideOptions {
  fault?: BrainFault;
  /** Mistakes drawn for this call (OFFLINE_MODEL_ERRORS); undefined when no error profile is set. */
  errors?: ReadonlySet<ModelErrorMode>;
}

const say = (text: string): Action => ({ text });
const call = (tool: NeutralTool, args: Record<string, unknown>): Action => ({ call: { tool, args } });

const hasParam = (tool: NeutralTool, name: string): boolean => name in (tool.parameters.properties ?? {});

/** A finished answer from a tool result (relayed specialist text, a booking, a listing, an error). */
function describeResult(result: ToolResult, conv: Conversation): string {
  switch (result.kind) {
    case 'booking':
      return reply.confirmBooking(result.booking);
    case 'availability':
      return reply.listAvailability(withNearestAlternatives(result.result, conv.wish), conv.wish);
    case 'error':
      return reply.relayError(result.message);
    case 'not_approved':
      return reply.notApproved();
    case 'text':
      return result.text;
  }
}

/** Answers that need no tool: declining, small talk, or the missing day. Undefined when a tool is needed. */
function conversationalAnswer(conv: Conversation, latestText: string): string | undefined {
  const { wish, latest } = conv;
  if (conv.declined) return reply.declined();
  if (latest.intent === 'small_talk') return reply.smallTalk(latestText);
  const wantsCourt = wish.intent === 'book' || wish.intent === 'availability';
  if (!wantsCourt && !wish.date && !wish.time && !wish.court) return reply.smallTalk(latestText);
  if (!wish.date) return reply.askForDay();
  return undefined;
}

const latestUserText = (req: ModelRequest): string => req.messages.findLast((m) => m.role === 'user')?.text ?? '';

/** The best answer from what is known, without calling anything (toolChoice none, no tools, a hand-back). */
function answerFromState(conv: Conversation, req: ModelRequest): string {
  const lastResult = conv.steps.findLast((s) => s.result)?.result;
  if (lastResult) return describeResult(lastResult, conv);
  const booking = conv.seen.bookings.at(-1);
  if (booking) return reply.confirmBooking(booking);
  const slot = bestSlot(conv.seen.slots, conv.wish);
  if (slot) return `The best match is ${reply.describeSlot(slot)} (slot ${slot.slot_id}).`;
  const answer = conversationalAnswer(conv, latestUserText(req));
  if (answer) return answer;
  return `Shall I check which courts are free on ${reply.formatDay(conv.wish.date ?? '')}?`;
}

function availabilityArgs(tool: NeutralTool, conv: Conversation): Record<string, unknown> {
  const args: Record<string, unknown> = { date: conv.wish.date };
  if (conv.wish.time && hasParam(tool, 'time')) args.time = conv.wish.time;
  return args;
}

const sameArgs = (a: Record<string, unknown>, b: Record<string, unknown>): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

const findStep = (conv: Conversation, tool: NeutralTool, args: Record<string, unknown>): ToolStep | undefined =>
  conv.steps.findLast((s) => s.name === tool.name && sameArgs(s.args, args));

/** Another agent or service for a topic when this one lacks the tool: a handoff, else a delegate. */
function passOn(roles: ToolRoles, topic: Topic, conv: Conversation): Action | undefined {
  const handoff = roles.handoffs[topic];
  if (handoff) return call(handoff, {});
  const delegate = roles.delegates[topic];
  return delegate ? call(delegate, { [delegateParam(delegate)]: delegateRequest(topic, conv) }) : undefined;
}

/** Step 4: book the identified slot, or explain why not and offer what is free. */
function bookOrOffer(conv: Conversation, roles: ToolRoles, available: ToolResult & { kind: 'availability' }): Action {
  const { wish } = conv;
  const result = withNearestAlternatives(available.result, wish);
  const slot = exactSlot(result.available, wish);
  if (!slot) {
    const sameTime = result.available.filter((s) => s.time === wish.time && s.date === wish.date);
    const what = `${wish.court ? `${wish.court} is not` : 'nothing is'} free on ${reply.formatDay(wish.date ?? result.date)} at ${wish.time}.`;
    return say(reply.offerAlternatives(`Sorry, ${what}`, sameTime.length > 0 ? sameTime : result.alternatives));
  }
  if (!roles.book) return passOn(roles, 'booking', conv) ?? say(`${reply.describeSlot(slot)} is free, but I cannot book it from here.`);
  const args = { slot_id: slot.slot_id };
  const earlier = findStep(conv, roles.book, args);
  return earlier?.result ? say(describeResult(earlier.result, conv)) : call(roles.book, args);
}

/** What to do after the latest tool result, or undefined to carry on with the request. */
function afterResult(conv: Conversation, roles: ToolRoles): Action | undefined {
  const last = conv.steps.findLast((s) => s.result);
  if (!last?.result) return undefined;
  const { result } = last;
  if (result.kind === 'booking') return say(reply.confirmBooking(result.booking));
  if (result.kind === 'not_approved') return say(reply.notApproved());
  if (result.kind === 'text' && last.name !== roles.availability?.name) return say(result.text);
  if (result.kind !== 'error') return undefined;
  const recheck = roles.availability && availabilityArgs(roles.availability, conv);
  const recheckedAfter = recheck && conv.steps.indexOf(last) < conv.steps.findLastIndex((s) => sameArgs(s.args, recheck));
  if (result.code === 'ALREADY_BOOKED' && roles.availability && recheck && !recheckedAfter) {
    return call(roles.availability, recheck);
  }
  if (result.code === 'ALREADY_BOOKED') return say(`Sorry, that slot has just been booked by someone else. ${reply.askForOther()}`);
  return say(reply.relayError(result.message));
}

/** A real model's tool loop over the availability and book tools. */
function domainAction(conv: Conversation, roles: ToolRoles, req: ModelRequest): Action {
  const after = afterResult(conv, roles);
  if (after) return after;
  const answer = conversationalAnswer(conv, latestUserText(req));
  if (answer) return say(answer);
  if (!roles.availability) return passOn(roles, 'availability', conv) ?? say(answerFromState(conv, req));
  const args = availabilityArgs(roles.availability, conv);
  const checked = findStep(conv, roles.availability, args);
  if (!checked?.result) return call(roles.availability, args);
  if (checked.result.kind !== 'availability') return say(describeResult(checked.result, conv));
  if (conv.wish.intent === 'book' && conv.wish.time) return bookOrOffer(conv, roles, checked.result);
  return say(reply.listAvailability(withNearestAlternatives(checked.result.result, conv.wish), conv.wish));
}

/** A manager that routes to specialists through free-text delegate tools. */
function delegateAction(conv: Conversation, roles: ToolRoles, req: ModelRequest): Action {
  const last = conv.steps.findLast((s) => s.result);
  // The slot went to someone else: ask what else is free before answering, as the booking loop does.
  const { availability } = roles.delegates;
  const asked = availability && conv.steps.some((s) => s.name === availability.name);
  if (last?.result?.kind === 'error' && last.result.code === 'ALREADY_BOOKED' && availability && !asked) {
    return call(availability, { [delegateParam(availability)]: delegateRequest('availability', conv) });
  }
  if (last?.result) return say(describeResult(last.result, conv));
  const answer = conversationalAnswer(conv, latestUserText(req));
  if (answer) return say(answer);
  const topic: Topic = conv.wish.intent === 'book' && conv.wish.time && roles.delegates.booking ? 'booking' : 'availability';
  const tool = roles.delegates[topic] ?? roles.delegates.booking ?? roles.delegates.availability;
  if (!tool) return say(answerFromState(conv, req));
  return call(tool, { [delegateParam(tool)]: delegateRequest(tool === roles.delegates.booking ? 'booking' : 'availability', conv) });
}

/** A triage agent that only hands off: to booking for booking intent, else to availability. */
function handoffAction(conv: Conversation, roles: ToolRoles, req: ModelRequest): Action {
  const handedOff = conv.steps.some((s) => s.name.startsWith('transfer_to_'));
  const latestText = latestUserText(req);
  if (handedOff || conv.declined || conv.latest.intent === 'small_talk') return say(answerFromState(conv, req));
  const wantsCourt = conv.wish.intent !== 'unknown' || conv.wish.date || conv.wish.time || conv.wish.court;
  if (!wantsCourt) return say(reply.smallTalk(latestText));
  const preferred: Topic = conv.wish.intent === 'book' ? 'booking' : 'availability';
  const tool = roles.handoffs[preferred] ?? roles.handoffs[preferred === 'booking' ? 'availability' : 'booking'];
  return tool ? call(tool, {}) : say(answerFromState(conv, req));
}

/** Arguments for a tool the request forces or the model picks outside the booking loop. */
function argsFor(tool: NeutralTool, conv: Conversation, roles: ToolRoles, req: ModelRequest): Record<string, unknown> {
  if (tool === roles.availability) return availabilityArgs(tool, conv);
  if (tool === roles.book) {
    const slot = exactSlot(conv.seen.slots, conv.wish) ?? bestSlot(conv.seen.slots, conv.wish);
    return { slot_id: slot?.slot_id ?? null };
  }
  const topic = tool === roles.delegates.booking ? 'booking' : tool === roles.delegates.availability ? 'availability' : undefined;
  if (topic) return { [delegateParam(tool)]: delegateRequest(topic, conv) };
  const text = answerFromState(conv, req);
  return buildValue(tool.parameters, conv, { text, reason: reasonFor(conv) });
}

function reasonFor(conv: Conversation): string {
  const slot = bestSlot(conv.seen.slots, conv.wish);
  if (!slot) return 'No slot matches the request.';
  if (slot.time === conv.wish.time) return `It is free at the requested time, ${slot.time}.`;
  return conv.wish.time ? `It is the free slot nearest to ${conv.wish.time}.` : 'It is the earliest free slot that fits.';
}

/** Faults a flaky model shows, applied to the call it would otherwise make. */
function injectFault(action: Action, fault: BrainFault | undefined, conv: Conversation, roles: ToolRoles): Action {
  if (fault === 'endless_tools' && roles.availability) {
    return call(roles.availability, { date: conv.wish.date ?? conv.today?.date ?? null });
  }
  if (!('call' in action)) return action;
  const { tool } = action.call;
  if (fault === 'invalid_tool_args' && tool === roles.availability) return call(tool, { date: 'tomorrow', time: '3pm' });
  if (fault === 'invalid_tool_args' && tool === roles.book) return call(tool, { slot_id: 42 });
  if (fault === 'hallucinated_slot' && roles.book && (tool === roles.book || conv.wish.intent === 'book') && conv.wish.date) {
    const time = (conv.wish.time ?? '15:00').replace(':', '');
    return call(roles.book, { slot_id: `${conv.wish.date}_CourtZ_${time}` });
  }
  return action;
}

function chooseAction(conv: Conversation, roles: ToolRoles, req: ModelRequest): Action {
  if (roles.availability || roles.book) return domainAction(conv, roles, req);
  if (roles.delegates.availability || roles.delegates.booking) return delegateAction(conv, roles, req);
  if (roles.handoffs.availability || roles.handoffs.booking) return handoffAction(conv, roles, req);
  const other = roles.other[0];
  const used = conv.steps.some((s) => s.result);
  if (other && !used && (req.toolChoice === 'required' || conv.seen.slots.length > 0 || conv.wish.intent !== 'unknown')) {
    return call(other, argsFor(other, conv, roles, req));
  }
  return say(answerFromState(conv, req));
}

/** toolChoice 'required' forbids a plain answer: pick the most useful tool instead. */
function requireCall(action: Action, conv: Conversation, roles: ToolRoles, req: ModelRequest): Action {
  if ('call' in action) return action;
  const tool = roles.availability ?? roles.book ?? roles.delegates.availability ?? roles.delegates.booking ?? req.tools[0];
  return tool ? call(tool, argsFor(tool, conv, roles, req)) : action;
}

function toDecision(action: Action): ModelDecision {
  return 'call' in action
    ? { kind: 'tool_calls', calls: [{ name: action.call.tool.name, args: action.call.args }] }
    : { kind: 'text', text: action.text };
}

function structuredOutput(req: ModelRequest, conv: Conversation, schema: JsonSchema | undefined, mistakes: Mistakes): ModelDecision {
  const value = schema ? buildValue(schema, conv, { text: answerFromState(conv, req), reason: reasonFor(conv) }) : plainJson(conv);
  return { kind: 'json', value: misstructure(value, schema, conv, mistakes) };
}

/** The decision, with the mistakes actually made in it (none without an error profile). */
function withMistakes(decision: ModelDecision, mistakes: Mistakes): ModelDecision {
  return mistakes.made.length > 0 ? { ...decision, errors: [...mistakes.made] } : decision;
}

/**
 * Decides the next step for a chat request: a tool call, a text answer, or a JSON value when
 * structured output is requested. Deterministic and synchronous.
 */
export function decide(request: ModelRequest, opts: DecideOptions = {}): ModelDecision {
  const mistakes = new Mistakes(opts.errors);
  const req = forgetHistory(request, mistakes);
  const conv = readConversation(req);
  const roles = classifyTools(req.tools);
  misread(conv, mistakes, keepOwnReading(conv, roles), req);
  const choice = req.toolChoice ?? 'auto';
  if (typeof choice === 'object') {
    const tool = req.tools.find((t) => t.name === choice.name);
    if (!tool) throw new Error(`toolChoice names "${choice.name}", which is not among the offered tools`);
    return withMistakes(toDecision(injectFault(call(tool, argsFor(tool, conv, roles, req)), opts.fault, conv, roles)), mistakes);
  }
  const schema = req.output?.kind === 'json_schema' ? req.output.schema : undefined;
  if (choice === 'none' || req.tools.length === 0) {
    const decision = req.output
      ? structuredOutput(req, conv, schema, mistakes)
      : toDecision(misact(say(answerFromState(conv, req)), conv, roles, mistakes));
    return withMistakes(decision, mistakes);
  }
  const action = misact(chooseAction(conv, roles, req), conv, roles, mistakes);
  const forced = choice === 'required' ? requireCall(action, conv, roles, req) : action;
  const final = injectFault(forced, opts.fault, conv, roles);
  // With tools and an output schema, tools run first and the final answer is the structured value.
  return withMistakes(!('call' in final) && req.output ? structuredOutput(req, conv, schema, mistakes) : toDecision(final), mistakes);
}
