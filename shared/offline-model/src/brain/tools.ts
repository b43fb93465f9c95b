/** Sorts the offered tools into roles by their name, description and parameter schema, never by who offers them. */
import type { JsonSchema, NeutralTool } from '../types';
import type { Conversation } from './conversation';
import { bestSlot, sameCourt } from './slots';

export type Topic = 'availability' | 'booking';

export interface ToolRoles {
  availability?: NeutralTool;
  book?: NeutralTool;
  /** Free-text tools that hand a request to a specialist (agents as tools, specialist services). */
  delegates: Partial<Record<Topic, NeutralTool>>;
  /** `transfer_to_*` tools. */
  handoffs: Partial<Record<Topic, NeutralTool>> & { other: NeutralTool[] };
  other: NeutralTool[];
}

const FREE_TEXT_PARAMS = ['input', 'request', 'message', 'query', 'prompt', 'task', 'text', 'question', 'instructions'];

const propertyNames = (schema: JsonSchema): string[] => Object.keys(schema.properties ?? {});

const BOOKING_WORDS = /\b(?:book|booking|reserve|reservation)s?\b/;
const AVAILABILITY_WORDS = /\b(?:availab\w*|check|search|find|free|slots?|schedule)\b/;

function topicOfText(text: string): Topic | undefined {
  const words = text.toLowerCase().replace(/_/g, ' ');
  if (BOOKING_WORDS.test(words)) return 'booking';
  if (AVAILABILITY_WORDS.test(words)) return 'availability';
  return undefined;
}

/** Which specialist a tool serves: its name decides, its description only when the name says nothing. */
function topicOf(tool: NeutralTool): Topic | undefined {
  return topicOfText(tool.name) ?? topicOfText(tool.description ?? '');
}

function isHandoff(tool: NeutralTool): boolean {
  return tool.name.startsWith('transfer_to_') && propertyNames(tool.parameters).length <= 1;
}

function isDelegate(tool: NeutralTool): boolean {
  const names = propertyNames(tool.parameters);
  const only = names[0];
  return (
    names.length === 1 && only !== undefined && FREE_TEXT_PARAMS.includes(only) && tool.parameters.properties?.[only]?.type === 'string'
  );
}

export function classifyTools(tools: NeutralTool[]): ToolRoles {
  const roles: ToolRoles = { delegates: {}, handoffs: { other: [] }, other: [] };
  for (const tool of tools) {
    const params = propertyNames(tool.parameters);
    const topic = topicOf(tool);
    if (isHandoff(tool)) {
      if (topic && !roles.handoffs[topic]) roles.handoffs[topic] = tool;
      else roles.handoffs.other.push(tool);
    } else if (params.includes('slot_id') && topic === 'booking' && !roles.book) roles.book = tool;
    else if (params.includes('date') && !params.includes('slot_id') && topic !== 'booking' && !roles.availability) {
      roles.availability = tool;
    } else if (isDelegate(tool) && topic && !roles.delegates[topic]) roles.delegates[topic] = tool;
    else roles.other.push(tool);
  }
  return roles;
}

/** The free-text parameter of a delegate tool. */
export function delegateParam(tool: NeutralTool): string {
  return propertyNames(tool.parameters)[0] ?? 'input';
}

/** A self-contained request in absolute terms for a specialist that cannot see this conversation. */
export function delegateRequest(topic: Topic, conv: Conversation): string {
  const { date, time, court, partOfDay } = conv.wish;
  const day = date ?? 'a day the user has not given yet';
  if (topic === 'booking') {
    const slot = time ? bestSlot(conv.seen.slots, conv.wish) : undefined;
    const known = slot && slot.time === time && (!court || sameCourt(slot.court, court)) ? ` (slot_id ${slot.slot_id})` : '';
    return `Book ${court ?? 'any free court'} on ${day} at ${time}${known} for the user.`;
  }
  const when = time ? ` at ${time}` : partOfDay ? ` in the ${partOfDay}` : '';
  return `Check availability on ${day}${when}${court ? ` for ${court}` : ''}.`;
}
