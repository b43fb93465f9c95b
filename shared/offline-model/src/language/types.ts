/** What the offline model understood from one piece of user text. */
export type Intent = 'book' | 'availability' | 'small_talk' | 'unknown';

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

export interface Understanding {
  intent: Intent;
  /** Club-local calendar date, YYYY-MM-DD. */
  date?: string;
  /** 24h HH:MM. Minutes are kept as said ("half past 2" -> 14:30); the booking service decides what is bookable. */
  time?: string;
  partOfDay?: PartOfDay;
  /** Normalised court name, e.g. "Court B". */
  court?: string;
  /** 1-based position in a list the assistant showed; -1 means "the last one". */
  ordinal?: number;
  /** true for "yes please", false for "no" / "cancel"; absent when neither. */
  confirm?: boolean;
}
