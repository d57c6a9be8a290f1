import {
  parseSandboxFault,
  SandboxFaultError,
  SandboxFaultQueue,
  type SandboxFault,
} from './sandbox-faults';

describe('parseSandboxFault', () => {
  it.each([
    [{ status: 429, times: 1 }],
    [{ status: 500, probability: 0.5 }],
    [{ status: 503, times: 3 }],
    [{ delayMs: 0, times: 1 }],
    [{ delayMs: 250, probability: 1 }],
    [{ reset: true, times: 2 }],
  ])('accepts %j', (fault) => {
    expect(parseSandboxFault(fault)).toEqual(fault);
  });

  it.each([
    [null, 'JSON object'],
    [[], 'JSON object'],
    [{ times: 1 }, `one of 'status', 'delayMs' or 'reset'`],
    [{ status: 503, reset: true, times: 1 }, `only one of`],
    [{ status: 404, times: 1 }, `'status' must be one of 429, 500, 503`],
    [{ status: '503', times: 1 }, `'status' must be one of`],
    [{ delayMs: -1, times: 1 }, `'delayMs' must be an integer`],
    [{ delayMs: 1.5, times: 1 }, `'delayMs'`],
    [{ delayMs: 600_001, times: 1 }, `'delayMs'`],
    [{ reset: false, times: 1 }, `'reset' must be true`],
    [{ status: 503 }, `needs 'times' or 'probability'`],
    [{ status: 503, times: 1, probability: 0.5 }, `not both`],
    [{ status: 503, times: 0 }, `'times' must be a positive integer`],
    [{ status: 503, times: 1.5 }, `'times'`],
    [
      { status: 503, probability: 1.1 },
      `'probability' must be a number from 0 to 1`,
    ],
    [{ status: 503, probability: -0.1 }, `'probability'`],
    [{ status: 503, times: 1, count: 2 }, `Unknown field 'count'`],
  ])('rejects %j naming the problem', (fault, message) => {
    expect(() => parseSandboxFault(fault)).toThrow(SandboxFaultError);
    expect(() => parseSandboxFault(fault)).toThrow(message);
  });
});

describe('SandboxFaultQueue', () => {
  it('applies a `times` fault exactly that many times, then nothing', () => {
    const queue = new SandboxFaultQueue();
    queue.add({ status: 503, times: 2 });
    expect(queue.take()).toMatchObject({ status: 503 });
    expect(queue.take()).toMatchObject({ status: 503 });
    expect(queue.take()).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('uses `times` faults in the order added, before probabilistic ones', () => {
    const queue = new SandboxFaultQueue(() => 0);
    queue.add({ reset: true, probability: 1 });
    queue.add({ status: 429, times: 1 });
    queue.add({ status: 500, times: 1 });
    expect(queue.take()).toMatchObject({ status: 429 });
    expect(queue.take()).toMatchObject({ status: 500 });
    expect(queue.take()).toMatchObject({ reset: true });
    expect(queue.take()).toMatchObject({ reset: true });
  });

  it('applies a probabilistic fault when the draw is below its probability, until cleared', () => {
    const draws = [0.2, 0.7, 0.49];
    const queue = new SandboxFaultQueue(() => draws.shift() ?? 0.99);
    queue.add({ status: 500, probability: 0.5 });
    expect(queue.take()).toMatchObject({ status: 500 });
    expect(queue.take()).toBeUndefined();
    expect(queue.take()).toMatchObject({ status: 500 });
    queue.clear();
    expect(queue.take()).toBeUndefined();
  });

  it('never applies probability 0', () => {
    const queue = new SandboxFaultQueue(() => 0);
    queue.add({ status: 500, probability: 0 });
    expect(queue.take()).toBeUndefined();
  });

  it('returns stored records with ids and remaining counts', () => {
    const queue = new SandboxFaultQueue();
    expect(queue.add({ delayMs: 10, times: 3 })).toEqual({
      id: 1,
      delayMs: 10,
      times: 3,
      remaining: 3,
    });
    expect(queue.add({ status: 429, probability: 0.1 })).toEqual({
      id: 2,
      status: 429,
      probability: 0.1,
    });
    queue.take();
    expect(queue.list()).toEqual([
      { id: 1, delayMs: 10, times: 3, remaining: 2 },
      { id: 2, status: 429, probability: 0.1 },
    ]);
  });

  it('validates faults added in code', () => {
    const queue = new SandboxFaultQueue();
    expect(() =>
      queue.add({ status: 418, times: 1 } as unknown as SandboxFault),
    ).toThrow(SandboxFaultError);
    expect(queue.size).toBe(0);
  });
});
