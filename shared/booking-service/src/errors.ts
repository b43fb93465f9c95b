import type { BookingErrorCode } from './types';

/**
 * A booking failure whose message is written for the end user: every pattern hands it to a model
 * (or straight to the user), so it says what went wrong and what to do instead.
 */
export class BookingError extends Error {
  readonly code: BookingErrorCode;

  constructor(code: BookingErrorCode, message: string) {
    super(message);
    this.name = 'BookingError';
    this.code = code;
  }
}

export function isBookingError(error: unknown): error is BookingError {
  return error instanceof BookingError;
}
