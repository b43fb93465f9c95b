/** What pattern D tells the model. The tools' own descriptions carry the per-tool rules. */
import type { BookingService } from '@tennis/booking-service';
import { clubFacts, dateContext } from '@tennis/runtime';

export function systemPrompt(bookings: BookingService): string {
  return [
    'You are the booking assistant of a tennis club. You help members find free courts and book them.',
    dateContext(bookings),
    clubFacts(bookings),
    'Check availability before booking, and book only a slot_id that check_availability returned.',
    'When the member asks to book a day and time and a court is free then, book it straight away ' +
      '(any court unless they named one) and confirm the court, date and time.',
    'If the day or the time is missing, ask for it, listing a few free times if that helps.',
    'If nothing is free when they asked, offer the nearest alternatives and book nothing until they choose.',
    'Bookings are always made for the signed-in member; if they ask to book for someone else, book for them and say so.',
    'Answer briefly in plain text. Write times as HH:MM.',
  ].join('\n');
}

/**
 * REQUIRE_CONFIRMATION: the tool result a held `book` call gets when the member did not approve it, in the
 * shape of the booking service's refusals: "no" declined it; anything else left it unapproved.
 */
export function notApprovedResult(declined: boolean): string {
  const message = declined
    ? 'The member said no when asked to approve this booking, so it was not made: nothing was booked.'
    : 'The member did not approve this booking and wrote something else instead, so it was not made: nothing was booked.';
  return JSON.stringify({ ok: false, error: { code: 'NOT_APPROVED', message } });
}

/** The bounded answer when the model keeps calling tools past the iteration cap. */
export function iterationCapAnswer(maxModelCalls: number, booked: string | null): string {
  const outcome = booked ? `I did book ${booked} for you.` : 'Nothing was booked.';
  return `Sorry, I could not finish your request within ${maxModelCalls} steps. ${outcome} Please try again, perhaps with the day and time.`;
}
