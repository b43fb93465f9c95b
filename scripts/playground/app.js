// The playground: one message to one pattern or to all of them side by side, each answer with its
// booking, usage and a sequence diagram of the turn drawn from its trace; with `pnpm dev --spans`, the
// turn's OpenTelemetry spans as a waterfall beside it. With REQUIRE_CONFIRMATION, a turn's pending
// approval gets Approve and Decline buttons.
import { renderSequence } from './diagram.js';
import { sequenceFromTrace } from './sequence.js';
import { renderWaterfall, waterfallRows } from './waterfall.js';

/** @typedef {{ key: string, name: string, functions: string[] }} PatternEntry */

const $ = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (document.querySelector(sel));
/** @type {PatternEntry[]} */
let patterns = [];
/** session id per pattern key */
const sessions = new Map();

function h(/** @type {string} */ tag, /** @type {Record<string, string>} */ attrs = {}, /** @type {(Node | string)[]} */ ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function selected() {
  const choice = /** @type {HTMLSelectElement} */ ($('#pattern')).value;
  return choice === 'all' ? patterns : patterns.filter((p) => p.key === choice);
}

function layout() {
  const board = $('#board');
  board.replaceChildren(
    ...selected().map((p) =>
      h(
        'section',
        { class: 'column', 'data-pattern': p.key },
        h('h2', {}, `${p.key.toUpperCase()} · ${p.name}`),
        h('div', { class: 'log' }),
      ),
    ),
  );
  board.classList.toggle('single', selected().length === 1);
}

function usageText(/** @type {any} */ u) {
  return `${u.llm_calls} LLM calls · ${u.tool_calls} tool calls · ${u.lambda_invokes} Lambda invokes · ${u.input_tokens} in / ${u.output_tokens} out tokens`;
}

function bookingText(/** @type {any} */ b) {
  return b ? `Booked ${b.court}, ${b.date} ${b.time} (${b.booking_id}) for ${b.user_id}` : 'No booking this turn';
}

/** Seeded mistakes the offline model made in this turn, and the grounding guard's corrections, from the trace. */
function robustnessNotes(/** @type {any[]} */ trace) {
  const mistakes = [...new Set(trace.flatMap((e) => (e.type === 'llm' && e.mistakes ? e.mistakes : [])))];
  const corrections = trace.filter((e) => e.type === 'step' && e.actor === 'guard');
  return [
    ...(mistakes.length ? [h('p', { class: 'mistakes' }, `Seeded model mistakes: ${mistakes.join(', ')}`)] : []),
    ...corrections.map((e) => h('p', { class: 'guard' }, `Grounding guard corrected the answer: ${e.detail}`)),
  ];
}

/**
 * The turn's spans as the dev server's OTLP receiver got them, by the trace id of the traceresponse header;
 * null when the turn was not exported or the spans are collected elsewhere.
 * @param {Response} res
 */
async function spansOf(res) {
  const traceId = /^00-([0-9a-f]{32})-/.exec(res.headers.get('traceresponse') ?? '')?.[1];
  if (!traceId) return null;
  const spans = await fetch(`/playground/spans/${traceId}`);
  return spans.ok ? spans.json() : null;
}

/** "Sunday" for "2026-11-22" (the date is the club's calendar day, so it is read at noon UTC). */
function weekday(/** @type {string} */ date) {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
}

/**
 * REQUIRE_CONFIRMATION: the slot the turn asks the member to approve, with Approve and Decline buttons that
 * send "yes" / "no" on the same session. The server reads the answer; the buttons go once anything is sent.
 * @param {PatternEntry} p @param {{ slot_id: string, court: string, date: string, time: string }} pending
 */
function approvalNode(p, pending) {
  const answer = (/** @type {string} */ text) => () => void sendTo(p, text);
  const approve = h('button', { type: 'button', class: 'approve' }, 'Approve');
  const decline = h('button', { type: 'button', class: 'decline' }, 'Decline');
  approve.addEventListener('click', answer('yes'));
  decline.addEventListener('click', answer('no'));
  return h(
    'div',
    { class: 'approval', 'data-slot': pending.slot_id },
    h(
      'p',
      {},
      `Waiting for your approval: ${pending.court}, ${weekday(pending.date)} ${pending.date} at ${pending.time}. Nothing is booked yet.`,
    ),
    approve,
    decline,
  );
}

/** @param {PatternEntry} p @param {string} message @param {any} reply @param {number} ms @param {any[] | null} spans */
function answerNode(p, message, reply, ms, spans) {
  const model = sequenceFromTrace(reply.trace, { pattern: p.key, message, response: reply.response, functions: p.functions });
  const views = [h('details', { open: '' }, h('summary', {}, 'Sequence diagram'), h('div', { class: 'diagram' }, renderSequence(model)))];
  if (spans?.length)
    views.push(
      h('details', { open: '' }, h('summary', {}, `Spans (OpenTelemetry, ${spans.length})`), renderWaterfall(waterfallRows(spans))),
    );
  return h(
    'div',
    { class: 'turn' },
    h('p', { class: 'bot' }, reply.response),
    ...robustnessNotes(reply.trace),
    h('p', { class: reply.booking ? 'booking made' : 'booking' }, bookingText(reply.booking)),
    ...(reply.pending_approval ? [approvalNode(p, reply.pending_approval)] : []),
    h('p', { class: 'usage' }, `${usageText(reply.usage)} · ${reply.mode} · ${Math.round(ms)} ms`),
    h('div', { class: 'turn-views' }, ...views),
  );
}

/** X-User-Id, plus the bearer token when one is given (with AUTH=jwt only the token's sub counts). */
function requestHeaders() {
  const user = /** @type {HTMLInputElement} */ ($('#user')).value || 'anonymous';
  const token = /** @type {HTMLInputElement} */ ($('#token')).value.trim().replace(/^Bearer\s+/i, '');
  return { 'content-type': 'application/json', 'x-user-id': user, ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** @param {PatternEntry} p @param {string} message */
async function sendTo(p, message) {
  const log = /** @type {HTMLElement} */ (document.querySelector(`.column[data-pattern="${p.key}"] .log`));
  // Whatever is sent next answers the pending approval (the server claims it), so its buttons go.
  for (const box of log.querySelectorAll('.approval')) box.remove();
  log.append(h('p', { class: 'user' }, message));
  const pending = h('p', { class: 'pending' }, 'thinking…');
  log.append(pending);
  const started = performance.now();
  try {
    const body = { message, ...(sessions.has(p.key) ? { session_id: sessions.get(p.key) } : {}) };
    const res = await fetch(`/${p.key}/chat`, { method: 'POST', headers: requestHeaders(), body: JSON.stringify(body) });
    const reply = await res.json();
    // API Gateway's authorizer answers {"message":"Unauthorized"}; the handlers answer {"error":{...}}.
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${reply.error?.message ?? reply.message ?? 'error'}`);
    sessions.set(p.key, reply.session_id);
    const ms = performance.now() - started;
    pending.replaceWith(answerNode(p, message, reply, ms, await spansOf(res)));
  } catch (err) {
    pending.replaceWith(h('p', { class: 'error' }, err instanceof Error ? err.message : String(err)));
  }
  log.scrollTop = log.scrollHeight;
}

async function send(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('#message'));
  const message = input.value.trim();
  if (!message) return;
  input.value = '';
  await Promise.all(selected().map((p) => sendTo(p, message)));
}

function newSession() {
  sessions.clear();
  layout();
}

const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(1)}%`;

/** The committed scorecard: one row per pattern, and its chart. */
async function showRobustness() {
  const res = await fetch('/playground/robustness.json');
  if (!res.ok) return;
  const card = await res.json();
  const names = new Map(patterns.map((p) => [p.key, p.name]));
  const head = [
    'Pattern',
    'pass^1',
    `pass^${card.patterns[0]?.trials ?? 'k'}`,
    'Wrong bookings',
    'Missed bookings',
    'False claims',
    'Unhandled errors',
  ];
  const rows = card.patterns.map((/** @type {any} */ p) =>
    h(
      'tr',
      { 'data-pattern': p.pattern },
      ...[
        `${p.pattern.toUpperCase()} · ${p.name ?? names.get(p.pattern) ?? ''}`,
        pct(p.pass1),
        pct(p.passk),
        p.wrong_bookings,
        p.missed_bookings,
        p.false_claims,
        p.unhandled_errors,
      ].map((v) => h('td', {}, String(v))),
    ),
  );
  const what =
    card.mode === 'offline'
      ? `synthetic, seeded mistakes (--errors ${card.errors}, seed ${card.seed}), not a real model's error rates`
      : 'live providers';
  $('#robustness .robustness-body').replaceChildren(
    h(
      'p',
      {},
      `From pnpm compare: ${what}; grounding guard ${card.guards ? 'on' : 'off'}. Counts are turns; see scripts/robustness-report.md.`,
    ),
    h('table', {}, h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))), h('tbody', {}, ...rows)),
    h('img', { src: '/playground/robustness.svg', alt: 'Robustness chart' }),
  );
}

async function start() {
  patterns = await (await fetch('/playground/patterns.json')).json();
  const select = /** @type {HTMLSelectElement} */ ($('#pattern'));
  select.append(...patterns.map((p) => h('option', { value: p.key }, `${p.key.toUpperCase()} · ${p.name}`)));
  if (patterns.length === 0) $('#board').textContent = 'No pattern is built yet.';
  select.addEventListener('change', newSession);
  $('#user').addEventListener('change', newSession);
  $('#token').addEventListener('change', newSession);
  $('#new').addEventListener('click', newSession);
  $('#chat').addEventListener('submit', send);
  layout();
  await showRobustness();
}

start();
