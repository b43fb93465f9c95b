import type { TraceEvent } from '@tennis/runtime';

/** Who did what, without timings: "Manager asked availability_specialist", "Booking specialist: book ok". */
export function steps(trace: TraceEvent[]): string[] {
  return trace.flatMap((e) => {
    if (e.type === 'tool') return [`${e.actor}: ${e.name} ${e.ok ? 'ok' : 'failed'}`];
    if (e.type === 'agent' && e.detail.startsWith('asked')) return [`${e.actor} asked ${e.name}`];
    return [];
  });
}
