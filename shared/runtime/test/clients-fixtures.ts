/** Shared set-up for the client factory tests: offline config, the booking service, the scenario prompt. */
import { BookingService, executeTool, fixedClock, InMemoryBookingStore, type ToolOutcome } from '@tennis/booking-service';
import { loadConfig, type Config, type Env } from '../src/config';

export const SYSTEM_PROMPT =
  'You are the booking assistant of a tennis club. Today is Saturday 2026-11-21 and the time is 10:00 in Europe/London. ' +
  'Use check_availability before booking.';
export const USER_MESSAGE = 'Book tomorrow at 3pm';
export const USER_ID = 'alice';
/** Most steps a booking conversation should take; more means the model is looping. */
export const MAX_STEPS = 6;

export function offlineConfig(env: Env = {}): Config {
  return loadConfig({ LLM_MODE: 'offline', ...env });
}

export interface BookingFixture {
  service: BookingService;
  /** Tool names in the order the model asked for them. */
  calls: string[];
  run(name: string, args: unknown): Promise<ToolOutcome>;
}

export function bookingFixture(): BookingFixture {
  const service = new BookingService({ store: new InMemoryBookingStore(), clock: fixedClock('2026-11-21T10:00:00Z') });
  const calls: string[] = [];
  return {
    service,
    calls,
    run: (name, args) => {
      calls.push(name);
      return executeTool(service, name, args, { userId: USER_ID });
    },
  };
}
