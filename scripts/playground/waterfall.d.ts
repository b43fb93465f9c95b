// Types for waterfall.js (plain JavaScript so the browser loads it without a build step).

export interface SpanLike {
  spanId: string;
  parentSpanId: string;
  name: string;
  startMs: number;
  endMs: number;
  status: number;
  attributes: Record<string, string | number | boolean>;
  resource: Record<string, string | number | boolean>;
}

export interface WaterfallRow {
  depth: number;
  name: string;
  service: string;
  offsetMs: number;
  durationMs: number;
  error: boolean;
  detail: string;
}

export function waterfallRows(spans: SpanLike[]): WaterfallRow[];
export function renderWaterfall(rows: WaterfallRow[]): HTMLElement;
