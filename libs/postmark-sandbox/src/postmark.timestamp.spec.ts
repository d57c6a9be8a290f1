import { formatPostmarkTimestamp } from './postmark.timestamp';

describe('formatPostmarkTimestamp', () => {
  it('writes ISO 8601 with seven fraction digits and an offset, which parses back to the same instant', () => {
    const date = new Date('2026-11-25T17:00:00.123Z');
    const text = formatPostmarkTimestamp(date);
    expect(text).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.1230000[+-]\d\d:\d\d$/,
    );
    expect(Date.parse(text)).toBe(date.getTime());
  });
});
