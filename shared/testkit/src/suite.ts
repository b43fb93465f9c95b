/**
 * The scenario suite as data (scenarios/suite.json): dates are day offsets from the club's today, so
 * the same suite runs against a fixed test clock or against deployed services on any day.
 * loadSuite resolves it into Scenarios for one "today"; a malformed file fails with the scenario and
 * field at fault.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays } from '@tennis/booking-service';
import { clubDate, TEST_NOW, TEST_TIMEZONE } from './clock';
import type { AnswerCheck, ExpectedApproval, ExpectedBooking, Scenario, ScenarioSetup, ScenarioTurn } from './scenarios';

export const SUITE_FILE = fileURLToPath(new URL('../scenarios/suite.json', import.meta.url));

export class SuiteFormatError extends Error {
  constructor(where: string, problem: string) {
    super(`Scenario suite: ${where}: ${problem}`);
    this.name = 'SuiteFormatError';
  }
}

type Json = Record<string, unknown>;

const ANSWER_FIELDS: Record<AnswerCheck['kind'], string[]> = {
  mentions_time: ['time'],
  mentions_booked_court: [],
  mentions_time_between: ['from', 'to'],
  mentions_other_time: ['than'],
  asks_or_lists: [],
  mentions: ['text'],
  matches: ['pattern'],
};
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SuiteFormatError(where, 'expected an object');
  return value as Json;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new SuiteFormatError(where, 'expected an array');
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new SuiteFormatError(where, 'expected a non-empty string');
  return value;
}

function time(value: unknown, where: string): string {
  const t = text(value, where);
  if (!HHMM.test(t)) throw new SuiteFormatError(where, `expected HH:MM, got "${t}"`);
  return t;
}

function day(value: unknown, where: string): number {
  if (!Number.isInteger(value)) throw new SuiteFormatError(where, 'expected a whole number of days from today');
  return value as number;
}

function answerCheck(raw: unknown, where: string): AnswerCheck {
  const o = object(raw, where);
  const kind = o.kind as AnswerCheck['kind'];
  const fields = ANSWER_FIELDS[kind];
  if (!fields)
    throw new SuiteFormatError(where, `unknown answer check "${String(o.kind)}"; known: ${Object.keys(ANSWER_FIELDS).join(', ')}`);
  for (const f of fields) (f === 'text' || f === 'pattern' ? text : time)(o[f], `${where}.${f}`);
  if (kind === 'matches') {
    try {
      new RegExp(o.pattern as string, 'i');
    } catch {
      throw new SuiteFormatError(`${where}.pattern`, 'not a valid regular expression');
    }
  }
  return o as unknown as AnswerCheck;
}

/** The slot a turn expects (to be booked, or asked about): a day offset, a time and, if named, the court. */
function expectedSlot(o: Json, where: string, today: string): ExpectedApproval {
  return {
    date: addDays(today, day(o.day, `${where}.day`)),
    time: time(o.time, `${where}.time`),
    ...(o.court === undefined ? {} : { court: text(o.court, `${where}.court`) }),
  };
}

function expectedBooking(raw: unknown, where: string, today: string, speaker: string): ExpectedBooking | null {
  if (raw === null) return null;
  const o = object(raw, where);
  return {
    ...expectedSlot(o, where, today),
    user_id: o.user === undefined ? speaker : text(o.user, `${where}.user`),
    ...(o.optional === true ? { optional: true } : {}),
  };
}

function expectedApproval(raw: unknown, where: string, today: string): ExpectedApproval | null {
  return raw === null ? null : expectedSlot(object(raw, where), where, today);
}

function fillSetup(raw: unknown, where: string, today: string): ScenarioSetup {
  const fill = object(object(raw, where).fill, `${where}.fill`);
  return {
    fill: {
      date: addDays(today, day(fill.day, `${where}.fill.day`)),
      time: time(fill.time, `${where}.fill.time`),
      byUser: text(fill.byUser, `${where}.fill.byUser`),
    },
  };
}

function environment(raw: unknown, where: string): Record<string, string> {
  const o = object(raw, where);
  for (const [k, v] of Object.entries(o)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(k)) throw new SuiteFormatError(`${where}.${k}`, 'expected an environment variable name');
    text(v, `${where}.${k}`);
  }
  return o as Record<string, string>;
}

function turn(raw: unknown, where: string, today: string, speaker: string): ScenarioTurn {
  const o = object(raw, where);
  if (!('booking' in o)) throw new SuiteFormatError(where, 'needs "booking" (an object, or null for "books nothing")');
  const status = o.status === undefined ? undefined : o.status;
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599)) {
    throw new SuiteFormatError(`${where}.status`, 'expected an HTTP status');
  }
  const user = o.user === undefined ? undefined : text(o.user, `${where}.user`);
  const setup = o.setup === undefined ? undefined : fillSetup(o.setup, `${where}.setup`, today);
  return {
    message: text(o.message, `${where}.message`),
    ...(user === undefined ? {} : { user }),
    ...(setup === undefined ? {} : { setup }),
    ...(o.pending === undefined ? {} : { pending: expectedApproval(o.pending, `${where}.pending`, today) }),
    booking: expectedBooking(o.booking, `${where}.booking`, today, user ?? speaker),
    answer: array(o.answer ?? [], `${where}.answer`).map((a, i) => answerCheck(a, `${where}.answer[${i}]`)),
    ...(status === undefined ? {} : { status: status as number }),
  };
}

function scenario(raw: unknown, where: string, today: string): Scenario {
  const o = object(raw, where);
  const userId = text(o.user, `${where}.user`);
  const turns = array(o.turns, `${where}.turns`).map((t, i) => turn(t, `${where}.turns[${i}]`, today, userId));
  if (turns.length === 0) throw new SuiteFormatError(`${where}.turns`, 'needs at least one turn');
  return {
    id: text(o.id, `${where}.id`),
    name: text(o.name, `${where}.name`),
    userId,
    ...(o.faults === undefined ? {} : { faults: text(o.faults, `${where}.faults`) }),
    ...(o.env === undefined ? {} : { env: environment(o.env, `${where}.env`) }),
    ...(o.setup === undefined ? {} : { setup: fillSetup(o.setup, `${where}.setup`, today) }),
    turns,
    ...(o.usersWithoutBookings === undefined
      ? {}
      : {
          usersWithoutBookings: array(o.usersWithoutBookings, `${where}.usersWithoutBookings`).map((u, i) =>
            text(u, `${where}.usersWithoutBookings[${i}]`),
          ),
        }),
  };
}

/** Resolves a parsed suite file for the club-local date `today` (YYYY-MM-DD). Ids must be unique. */
export function parseSuite(raw: unknown, today: string): Scenario[] {
  const scenarios = array(object(raw, 'file').scenarios, 'scenarios').map((s, i) => {
    const id = typeof (s as Json)?.id === 'string' ? `"${(s as Json).id as string}"` : `#${i + 1}`;
    return scenario(s, `scenario ${id}`, today);
  });
  const ids = scenarios.map((s) => s.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new SuiteFormatError(`scenario "${duplicate}"`, 'duplicate id');
  return scenarios;
}

export interface LoadSuiteOptions {
  /** The instant "today" is taken from (default TEST_NOW, the testkit's fixed clock). */
  now?: string;
  timeZone?: string;
  file?: string;
}

/** The suite resolved for the club-local day of `now`. */
export function loadSuite({ now = TEST_NOW, timeZone = TEST_TIMEZONE, file = SUITE_FILE }: LoadSuiteOptions = {}): Scenario[] {
  return parseSuite(JSON.parse(readFileSync(file, 'utf8')), clubDate(0, now, timeZone));
}

/** The scenario with this id; throws naming the known ids. */
export function scenarioById(scenarios: readonly Scenario[], id: string): Scenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`No scenario "${id}". Known: ${scenarios.map((s) => s.id).join(', ')}`);
  return found;
}

/** Environment a pattern must be started with for this scenario (its env, and its OFFLINE_FAULTS if any). */
export function scenarioEnv(scenario: Scenario): Record<string, string> {
  return { ...scenario.env, ...(scenario.faults ? { OFFLINE_FAULTS: scenario.faults } : {}) };
}
