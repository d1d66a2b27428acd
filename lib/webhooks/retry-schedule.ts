// When the next attempt is due after a failure: the operator's schedule
// (KEYWARD_WEBHOOK_RETRY_SCHEDULE, by default 5 s, 5 min, 30 min, 2 h, 5 h,
// 10 h, 10 h: about 28 hours in all), each wait spread by up to ±10% so that
// deliveries that failed together (a receiver's outage) do not all come back
// in the same second.

/** The wait before the attempt after failure number `retryStep` (0-based), or null when the schedule is used up. */
export function retryDelayMs(schedule: readonly number[], retryStep: number, random: () => number = Math.random): number | null {
  const seconds = schedule[retryStep];
  if (seconds === undefined) return null;
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.round(seconds * 1000 * jitter);
}

/** The whole span of the schedule, without jitter: how long a delivery keeps trying. */
export function scheduleSpanMs(schedule: readonly number[]): number {
  return schedule.reduce((sum, seconds) => sum + seconds * 1000, 0);
}
