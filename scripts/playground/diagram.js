// Draws a SequenceModel (sequence.js) as inline SVG: no library, no network.

const SVG = 'http://www.w3.org/2000/svg';
/** Lane width: 150 px, narrower (down to 104) when there are many lanes, so the whole diagram stays compact. */
const MAX_COL = 150;
const MIN_COL = 104;
const COMPACT_WIDTH = 760;
const ROW = 26;
const HEAD = 34;
const PAD = 12;

/** @param {string} name @param {Record<string, string | number>} attrs @param {string} [text] */
function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {string} s @param {number} max */
function fitText(s, max) {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * @param {import('./sequence').SequenceModel} model
 * @returns {SVGSVGElement}
 */
export function renderSequence(model) {
  const col = Math.max(MIN_COL, Math.min(MAX_COL, Math.floor(COMPACT_WIDTH / Math.max(1, model.participants.length))));
  const x = new Map(model.participants.map((p, i) => [p.id, PAD + col / 2 + i * col]));
  const width = PAD * 2 + model.participants.length * col;
  const height = HEAD + PAD * 2 + (model.messages.length + 1) * ROW;
  // Scaled down to its card's width, so every lane shows (never above its natural size). One pattern
  // alone gets the whole page width, where a diagram shows at full size.
  const size = `width: 100%; height: auto; max-width: ${width}px`;
  const svg = /** @type {SVGSVGElement} */ (el('svg', { class: 'sequence', viewBox: `0 0 ${width} ${height}`, style: size, role: 'img' }));
  svg.append(el('title', {}, 'Sequence diagram of this turn, drawn from its trace'));
  const defs = el('defs', {});
  defs.append(markerArrow('arrow'));
  svg.append(defs);

  for (const p of model.participants) {
    const cx = x.get(p.id) ?? 0;
    svg.append(el('line', { class: 'lifeline', x1: cx, y1: HEAD, x2: cx, y2: height - PAD }));
    svg.append(el('rect', { class: `head ${p.kind}`, x: cx - col / 2 + 6, y: 4, width: col - 12, height: HEAD - 8, rx: 4 }));
    const label = el(
      'text',
      { class: 'head-label', x: cx, y: HEAD / 2 + 4, 'text-anchor': 'middle' },
      fitText(p.label, Math.floor(col / 7.5)),
    );
    label.append(el('title', {}, p.label));
    svg.append(label);
  }

  model.messages.forEach((m, i) => {
    const y = HEAD + PAD + (i + 1) * ROW;
    const x1 = x.get(m.from) ?? 0;
    const x2 = x.get(m.to) ?? 0;
    const g = el('g', { class: `msg ${m.kind}` });
    if (m.kind === 'note' || x1 === x2) {
      g.append(el('rect', { class: 'note', x: x1 - col / 2 + 10, y: y - ROW + 8, width: col - 20, height: ROW - 6, rx: 2 }));
      g.append(el('text', { x: x1, y: y - 6, 'text-anchor': 'middle' }, fitText(m.text, Math.floor(col / 6.2))));
    } else {
      g.append(el('line', { x1, y1: y, x2, y2: y, 'marker-end': 'url(#arrow)' }));
      const span = Math.abs(x2 - x1);
      g.append(el('text', { x: (x1 + x2) / 2, y: y - 5, 'text-anchor': 'middle' }, fitText(m.text, Math.max(12, Math.floor(span / 6.2)))));
    }
    g.append(el('title', {}, m.text));
    svg.append(g);
  });
  return svg;
}

/** @param {string} id */
function markerArrow(id) {
  const marker = el('marker', {
    id,
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  return marker;
}
