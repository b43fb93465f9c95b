// A turn's OpenTelemetry spans as a waterfall: one row per span, indented under its parent, its bar placed
// by start time and sized by duration. The spans come from the dev server's own OTLP receiver (`pnpm dev --spans`).

/**
 * @typedef {{ spanId: string, parentSpanId: string, name: string, startMs: number, endMs: number, status: number,
 *   attributes: Record<string, string | number | boolean>, resource: Record<string, string | number | boolean> }} SpanLike
 * @typedef {{ depth: number, name: string, service: string, offsetMs: number, durationMs: number, error: boolean, detail: string }} WaterfallRow
 */

/** @param {SpanLike} s */
function detailOf(s) {
  const a = s.attributes;
  if (a['gen_ai.usage.input_tokens'] !== undefined)
    return `${a['gen_ai.provider.name']} · ${a['gen_ai.usage.input_tokens']} in / ${a['gen_ai.usage.output_tokens']} out`;
  if (a['error.type'] !== undefined) return `error: ${a['error.type']}`;
  return '';
}

/**
 * Rows in tree order (a parent, then its children by start time); spans whose parent is not here are roots.
 * @param {SpanLike[]} spans
 * @returns {WaterfallRow[]}
 */
export function waterfallRows(spans) {
  if (spans.length === 0) return [];
  const ids = new Set(spans.map((s) => s.spanId));
  /** @type {Map<string, SpanLike[]>} */
  const children = new Map();
  for (const s of spans) {
    const parent = ids.has(s.parentSpanId) ? s.parentSpanId : '';
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const t0 = Math.min(...spans.map((s) => s.startMs));
  /** @type {WaterfallRow[]} */
  const rows = [];
  /** @param {string} parent @param {number} depth */
  const walk = (parent, depth) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.startMs - b.startMs);
    for (const s of list) {
      rows.push({
        depth,
        name: s.name,
        service: String(s.resource['service.name'] ?? ''),
        offsetMs: s.startMs - t0,
        durationMs: Math.max(0, s.endMs - s.startMs),
        error: s.status === 2,
        detail: detailOf(s),
      });
      walk(s.spanId, depth + 1);
    }
  };
  walk('', 0);
  return rows;
}

/**
 * @param {WaterfallRow[]} rows
 * @returns {HTMLElement}
 */
export function renderWaterfall(rows) {
  const total = Math.max(1, ...rows.map((r) => r.offsetMs + r.durationMs));
  const box = document.createElement('div');
  box.className = 'waterfall';
  for (const r of rows) {
    const row = document.createElement('div');
    row.className = r.error ? 'span-row error' : 'span-row';
    const label = document.createElement('span');
    label.className = 'span-label';
    label.style.paddingLeft = `${r.depth * 12}px`;
    label.textContent = r.name;
    label.title = `${r.service}${r.detail ? ` · ${r.detail}` : ''}`;
    const lane = document.createElement('span');
    lane.className = 'span-lane';
    const bar = document.createElement('span');
    bar.className = 'span-bar';
    bar.style.left = `${(r.offsetMs / total) * 100}%`;
    bar.style.width = `max(2px, ${(r.durationMs / total) * 100}%)`;
    lane.append(bar);
    const ms = document.createElement('span');
    ms.className = 'span-ms';
    ms.textContent = `${r.durationMs.toFixed(1)} ms`;
    const service = document.createElement('span');
    service.className = 'span-service';
    service.textContent = r.service;
    row.append(label, service, lane, ms);
    box.append(row);
  }
  return box;
}
