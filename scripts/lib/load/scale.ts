/** LOAD_SCALE: one knob sizing the load and storm runs (1 = the full figures; CI uses less). */

export function loadScale(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.LOAD_SCALE;
  if (raw === undefined || raw.trim() === '') return fallback;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10)
    throw new Error(`LOAD_SCALE must be a number above 0 and at most 10, got "${raw}"`);
  return scale;
}

/** `full` scaled, never below `min`. */
export function scaled(full: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(full * scale));
}
