// One turn's trace as a sequence diagram: who talked to whom, in order.
// Plain JavaScript (no build step) because the browser playground imports it as is; the compare
// script imports the same file (types in sequence.d.ts), so the report's Mermaid diagrams and the
// playground's SVG diagrams are drawn from one reading of the trace.

const CODE = 'code';
const BOOKINGS = 'bookings';
const USER = 'user';
const MAX_TEXT = 60;

/** @param {string} s */
function short(s) {
  const flat = String(s).replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

/** @param {unknown} args */
function argsText(args) {
  if (!args || typeof args !== 'object') return '';
  return Object.entries(args)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** Names compared loosely: "booking_specialist", "Booking specialist" and "booking-specialist" are one. @param {string} s */
function norm(s) {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Builds the diagram model. Participants appear in order of first use: the user, the pattern's own
 * code, agents, Lambdas, models, the booking service. Actors are resolved loosely because patterns
 * name them in their own words: an agent (from agent events), a Lambda of the pattern (merged events
 * carry "<step>/<actor>"), otherwise the pattern's code. LLM calls made as plain "model" belong to
 * the agent running at the time.
 * @param {import('./sequence').TraceEventLike[]} events
 * @param {import('./sequence').TurnInfo} turn
 * @returns {import('./sequence').SequenceModel}
 */
export function sequenceFromTrace(events, turn) {
  /** @type {Map<string, import('./sequence').Participant>} */
  const participants = new Map();
  /** @type {import('./sequence').SequenceMessage[]} */
  const messages = [];
  const agents = new Map(events.flatMap((e) => (e.type === 'agent' ? [[norm(e.actor), e.actor]] : [])));
  const functions = [...new Set([...(turn.functions ?? []), ...events.flatMap((e) => (e.type === 'invoke' ? [e.function] : []))])];
  /** Agents running now, innermost last ("started" pushes, "answered" returns to the asking agent). */
  const running = /** @type {string[]} */ ([]);

  const add = (/** @type {string} */ id, /** @type {string} */ label, /** @type {import('./sequence').ParticipantKind} */ kind) => {
    if (!participants.has(id)) participants.set(id, { id, label, kind });
    return id;
  };
  const lambdaFor = (/** @type {string} */ name) =>
    functions.find((fn) => norm(name) === norm(fn) || norm(name).startsWith(norm(fn.replace(/^pattern-[a-h]-/, ''))));
  const who = (/** @type {string} */ actor) => {
    const agent = agents.get(norm(actor));
    if (agent) return add(`agent:${agent}`, agent, 'agent');
    if (actor === 'model' && running.length) return who(running[running.length - 1] ?? '');
    const fn = lambdaFor(actor.split('/')[0] ?? '');
    return fn ? add(`lambda:${fn}`, fn, 'lambda') : CODE;
  };
  const say = (
    /** @type {string} */ from,
    /** @type {string} */ to,
    /** @type {string} */ text,
    /** @type {import('./sequence').MessageKind} */ kind,
  ) => messages.push({ from, to, text: short(text), kind });

  // A Lambda's own events are merged into the trace right after its invoke event, so its reply is
  // drawn once they end: pending holds the invoked functions whose reply is not drawn yet.
  /** @type {{ fn: string, from: string, to: string, text: string, kind: import('./sequence').MessageKind }[]} */
  const pending = [];
  const inside = (/** @type {string} */ actor, /** @type {string} */ fn) =>
    actor.includes('/') && lambdaFor(actor.split('/')[0] ?? '') === fn;
  const flush = (/** @type {string | undefined} */ actor) => {
    while (pending.length && (actor === undefined || !inside(actor, pending[pending.length - 1].fn))) {
      const r = /** @type {(typeof pending)[number]} */ (pending.pop());
      say(r.from, r.to, r.text, r.kind);
    }
  };

  add(USER, 'User', 'user');
  add(CODE, `Pattern ${turn.pattern.toUpperCase()}`, 'code');
  say(USER, CODE, turn.message, 'call');
  for (const e of inStartOrder(events)) {
    flush(e.type === 'handoff' ? e.from : e.actor);
    switch (e.type) {
      case 'llm': {
        const model = add(`llm:${e.vendor}:${e.model}`, `${e.vendor} ${e.model}`, 'model');
        const from = who(e.actor);
        say(from, model, `${e.api} (${e.input_tokens} in)`, 'call');
        say(model, from, e.error ? `error: ${e.error}` : `${e.decision} (${e.output_tokens} out)`, e.error ? 'error' : 'reply');
        break;
      }
      case 'tool': {
        const from = who(e.actor);
        add(BOOKINGS, 'Booking service', 'service');
        say(from, BOOKINGS, `${e.name}(${argsText(e.args)})`, 'call');
        say(BOOKINGS, from, e.summary, e.ok ? 'reply' : 'error');
        break;
      }
      case 'invoke': {
        const from = who(e.actor);
        const fn = add(`lambda:${e.function}`, e.function, 'lambda');
        say(from, fn, 'Invoke', 'call');
        pending.push({
          fn: e.function,
          from: fn,
          to: from,
          text: e.ok ? 'ok' : `failed${e.detail ? `: ${e.detail}` : ''}`,
          kind: e.ok ? 'reply' : 'error',
        });
        break;
      }
      case 'handoff':
        say(who(e.from), who(e.to), 'handoff', 'call');
        break;
      case 'step':
        say(who(e.actor), who(e.actor), e.detail ? `${e.name}: ${e.detail}` : e.name, 'note');
        break;
      case 'agent':
        agentEvent(e);
        break;
    }
  }
  flush(undefined);
  say(CODE, USER, turn.response, 'reply');
  return { participants: [...participants.values()], messages };

  /** @param {Extract<import('./sequence').TraceEventLike, { type: 'agent' }>} e */
  function agentEvent(e) {
    if (e.detail === 'started') {
      if (running[running.length - 1] !== e.actor) running.push(e.actor);
    } else if (e.detail.startsWith('asked:')) {
      say(who(e.actor), who(e.name), e.detail, 'call');
    } else if (e.detail.startsWith('answered:')) {
      while (running.length && norm(running[running.length - 1] ?? '') !== norm(e.actor)) running.pop();
      say(who(e.name), who(e.actor), e.detail, 'reply');
    } else {
      say(who(e.actor), who(e.actor), e.detail, 'note');
    }
  }
}

/**
 * A timed step is recorded when it ends, after the calls made inside it; it is drawn where it
 * started, heading those calls: before everything its process recorded since its previous timed
 * step. Events merged from a Lambda ("<step>/<actor>") are their own process.
 * @param {import('./sequence').TraceEventLike[]} events
 */
function inStartOrder(events) {
  /** @type {import('./sequence').TraceEventLike[]} */
  const out = [];
  /** @type {Map<string, number>} where each process's current segment starts in `out` */
  const since = new Map();
  for (const e of events) {
    const proc = e.actor.includes('/') ? (e.actor.split('/')[0] ?? '') : '';
    if (!since.has(proc)) since.set(proc, out.length);
    if (e.type === 'step' && e.ms !== undefined) {
      out.splice(since.get(proc) ?? out.length, 0, e);
      since.set(proc, out.length);
    } else {
      out.push(e);
    }
  }
  return out;
}

/** Mermaid forbids these in message text; they are replaced, not escaped, so any renderer copes. @param {string} s */
function mermaidText(s) {
  return s.replace(/[;#]/g, ',');
}

/**
 * Mermaid sequenceDiagram source for the model (participants get short ids, labels via "as").
 * @param {import('./sequence').SequenceModel} model
 * @returns {string}
 */
export function toMermaid(model) {
  const ids = new Map(model.participants.map((p, i) => [p.id, `P${i}`]));
  const id = (/** @type {string} */ key) => ids.get(key) ?? 'P0';
  const lines = ['sequenceDiagram'];
  for (const p of model.participants) lines.push(`  ${p.kind === 'user' ? 'actor' : 'participant'} ${id(p.id)} as ${mermaidText(p.label)}`);
  for (const m of model.messages) {
    if (m.kind === 'note') lines.push(`  Note over ${id(m.from)}: ${mermaidText(m.text)}`);
    else lines.push(`  ${id(m.from)}${m.kind === 'call' ? '->>' : m.kind === 'error' ? '--x' : '-->>'}${id(m.to)}: ${mermaidText(m.text)}`);
  }
  return lines.join('\n');
}
