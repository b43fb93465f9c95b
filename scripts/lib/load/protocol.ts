/** Messages between a suite (./target.ts) and its server process (./serve.ts). */
import type { Booking } from '../../../shared/booking-service/src/types';

export type ServeMessage =
  | { type: 'ready'; url: string; patterns: string[] }
  | { type: 'bookings'; bookings: Booking[] }
  | { type: 'error'; message: string };

export type ParentMessage = { type: 'bookings' } | { type: 'stop' };
