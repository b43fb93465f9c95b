/**
 * Sentences every pattern puts in its system prompt. The offline model parses dateContext's
 * exact wording to resolve "tomorrow" and "next Monday", so keep the format stable:
 * `Today is Saturday 2026-11-21 and the time is 14:05 in Europe/London.`
 */
import type { BookingService } from '@tennis/booking-service';

/** Today's weekday, date, time and zone in the club's time zone, from the booking service's clock. */
export function dateContext(bookings: BookingService): string {
  const now = bookings.now();
  return `Today is ${now.weekday} ${now.date} and the time is ${now.time} in ${now.timeZone}.`;
}

const hh = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

/** One line listing courts and opening hours, e.g. "Courts: Court A, Court B. Slots start on the hour from 08:00 to 21:00." */
export function clubFacts(bookings: BookingService): string {
  const { courts, firstSlotHour, lastSlotHour } = bookings.club;
  return `Courts: ${courts.join(', ')}. Slots start on the hour from ${hh(firstSlotHour)} to ${hh(lastSlotHour)}.`;
}
