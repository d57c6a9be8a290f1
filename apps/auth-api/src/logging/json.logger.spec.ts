import { JsonLogger, redactEmails } from './json.logger';

describe('JsonLogger', () => {
  it('writes one JSON object per line with level and context', () => {
    const lines: string[] = [];
    new JsonLogger((l) => lines.push(l)).warn('hello', 'Ctx');
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      context: 'Ctx',
      message: 'hello',
      time: expect.any(String),
    });
  });

  it('masks every email address, also in stacks', () => {
    const lines: string[] = [];
    new JsonLogger((l) => lines.push(l)).error(
      'failed for Jane.Doe@Example.org and <bob@x.io>',
      'Error: at bob@x.io',
      'Ctx',
    );
    expect(lines[0]).not.toMatch(/Jane\.Doe|bob@/);
    expect(JSON.parse(lines[0])).toMatchObject({
      message: 'failed for J***@Example.org and <b***@x.io>',
      stack: 'Error: at b***@x.io',
    });
  });

  it('keeps already masked addresses and leaves other text alone', () => {
    expect(redactEmails('sent to j***@example.org in 3ms')).toBe(
      'sent to j***@example.org in 3ms',
    );
  });

  it('drops disabled levels', () => {
    const lines: string[] = [];
    new JsonLogger((l) => lines.push(l)).debug('noise');
    expect(lines).toHaveLength(0);
  });
});
