/** Human-readable rendering of one /chat turn for the terminal demo. */
import { styleText } from 'node:util';
import type { TraceEvent, Usage } from '../../shared/runtime/src/trace';

export interface ChatReply {
  pattern: string;
  session_id: string;
  response: string;
  booking: { booking_id: string; slot_id: string; court: string; date: string; time: string; user_id: string } | null;
  /** REQUIRE_CONFIRMATION: the slot waiting for the member's yes or no (absent from older servers). */
  pending_approval?: { slot_id: string; court: string; date: string; time: string } | null;
  trace: TraceEvent[];
  usage: Usage;
  mode: 'offline' | 'live' | 'none';
  request_id: string;
}

type Style = Parameters<typeof styleText>[0];
export type Paint = (style: Style, text: string) => string;

/** Colours only on a terminal that wants them. */
export function painter(enabled: boolean): Paint {
  return enabled ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}

function json(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function describeEvent(e: TraceEvent): string {
  switch (e.type) {
    case 'step':
      return `code step: ${e.name}${e.detail ? ` (${e.detail})` : ''}${e.ms === undefined ? '' : ` · ${e.ms} ms`}`;
    case 'llm': {
      const tokens = `${e.input_tokens}→${e.output_tokens} tokens`;
      const outcome = e.error ? `FAILED: ${e.error}` : e.decision;
      return `LLM call: ${e.vendor}·${e.model}·${e.mode} · ${e.api} · ${tokens} · ${e.ms} ms → ${outcome}`;
    }
    case 'tool':
      return `tool call: ${e.name}(${json(e.args)}) → ${e.ok ? '' : 'ERROR '}${e.summary} · ${e.ms} ms`;
    case 'handoff':
      return `handoff: ${e.from} → ${e.to}`;
    case 'invoke':
      return `Lambda invoke: ${e.function} ${e.ok ? 'ok' : 'FAILED'}${e.detail ? ` (${e.detail})` : ''} · ${e.ms} ms`;
    case 'agent':
      return `agent step: ${e.name}: ${e.detail}`;
  }
}

export function formatTrace(trace: TraceEvent[], paint: Paint): string[] {
  const width = String(trace.length).length;
  return trace.map((e) => `  ${String(e.seq).padStart(width)}. ${paint('dim', `[${e.actor}]`)} ${describeEvent(e)}`);
}

export function formatBooking(booking: ChatReply['booking']): string {
  if (!booking) return 'none';
  return `${booking.court}, ${booking.date} at ${booking.time} for ${booking.user_id} (${booking.booking_id}, slot ${booking.slot_id})`;
}

/** The slot a turn asks the member to approve, or undefined when it asks nothing. */
export function formatApproval(pending: ChatReply['pending_approval']): string | undefined {
  if (!pending) return undefined;
  return `${pending.court}, ${pending.date} at ${pending.time} (slot ${pending.slot_id}) is waiting for your yes or no; nothing is booked yet`;
}

export function formatUsage(u: Usage): string {
  return `${u.llm_calls} LLM call(s) · ${u.input_tokens} input + ${u.output_tokens} output tokens · ${u.tool_calls} tool call(s) · ${u.lambda_invokes} Lambda invoke(s)`;
}

/** Says plainly who answered: the offline stand-in or a live provider (with vendor·model). */
export function modeBanner(reply: ChatReply, paint: Paint): string {
  const live = [...new Set(reply.trace.flatMap((e) => (e.type === 'llm' && e.mode === 'live' ? [`${e.vendor}·${e.model}`] : [])))];
  if (reply.mode === 'offline')
    return `${paint(['bgYellow', 'black'], ' OFFLINE MODEL ')} deterministic stand-in, no API key used, no network`;
  if (reply.mode === 'live') return `${paint(['bgGreen', 'black'], ' LIVE PROVIDER ')} ${live.join(', ')}`;
  return paint('dim', 'no model was called this turn');
}

export function formatTurn(reply: ChatReply, paint: Paint): string {
  return [
    modeBanner(reply, paint),
    `${paint('bold', 'Assistant:')} ${reply.response}`,
    `${paint('bold', 'Booking:')} ${formatBooking(reply.booking)}`,
    ...(reply.pending_approval ? [`${paint(['bold', 'yellow'], 'Approval:')} ${formatApproval(reply.pending_approval)}`] : []),
    paint('bold', 'Trace:'),
    ...formatTrace(reply.trace, paint),
    `${paint('bold', 'Usage:')} ${formatUsage(reply.usage)}`,
    paint('dim', `session ${reply.session_id} · request ${reply.request_id}`),
  ].join('\n');
}
