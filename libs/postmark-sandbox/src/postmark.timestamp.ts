function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Formats a time like Postmark's `SubmittedAt`: ISO 8601 with seven fraction digits and
 * the UTC offset, e.g. `2026-11-25T12:00:00.1230000-05:00`. Postmark uses US Eastern time;
 * the sandbox uses the machine's zone, which `Date.parse` reads the same way.
 */
export function formatPostmarkTimestamp(date: Date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}0000${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
