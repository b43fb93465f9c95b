import type { NeutralMessage } from '../types';

/** The agreed sentence: "Today is Saturday 2026-11-21 and the time is 14:05 in Europe/London." */
const TODAY_SENTENCE = /\bToday is [A-Za-z]+ (\d{4}-\d{2}-\d{2}) and the time is (\d{2}:\d{2})/;
const ANY_ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

export interface Today {
  date: string;
  time?: string;
}

/** "Today" as the system prompt states it; any ISO date in system text as a fallback; else unknown. */
export function findToday(messages: NeutralMessage[]): Today | undefined {
  const systemText = messages.flatMap((m) => (m.role === 'system' ? [m.text] : [])).join('\n');
  const sentence = TODAY_SENTENCE.exec(systemText);
  if (sentence?.[1]) return { date: sentence[1], time: sentence[2] };
  const iso = ANY_ISO_DATE.exec(systemText)?.[1];
  return iso ? { date: iso } : undefined;
}
