import { FixedWindowThrottlerStorage } from './fixed-window-throttler.storage';

describe('FixedWindowThrottlerStorage', () => {
  let storage: FixedWindowThrottlerStorage;
  let now: number;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new FixedWindowThrottlerStorage();
  });
  afterEach(() => {
    storage.onModuleDestroy();
    jest.restoreAllMocks();
  });

  it('allows `limit` hits per window, then blocks for blockDuration', async () => {
    for (let i = 1; i <= 3; i++) {
      await expect(
        storage.increment('ip', 60_000, 3, 30_000, 'default'),
      ).resolves.toMatchObject({
        totalHits: i,
        isBlocked: false,
        timeToExpire: 60,
      });
    }
    await expect(
      storage.increment('ip', 60_000, 3, 30_000, 'default'),
    ).resolves.toEqual({
      totalHits: 4,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    now += 10_000;
    await expect(
      storage.increment('ip', 60_000, 3, 30_000, 'default'),
    ).resolves.toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 20,
    });
  });

  it('starts a new window once the old one has ended and the block is over', async () => {
    for (let i = 0; i < 4; i++)
      await storage.increment('ip', 1_000, 3, 1_000, 'default');
    now += 1_001;
    await expect(
      storage.increment('ip', 1_000, 3, 1_000, 'default'),
    ).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('keeps keys and throttler names apart', async () => {
    await storage.increment('a', 60_000, 1, 0, 'default');
    await expect(
      storage.increment('b', 60_000, 1, 0, 'default'),
    ).resolves.toMatchObject({ isBlocked: false });
    await expect(
      storage.increment('a', 60_000, 1, 0, 'burst'),
    ).resolves.toMatchObject({ isBlocked: false });
    await expect(
      storage.increment('a', 60_000, 1, 0, 'default'),
    ).resolves.toMatchObject({ isBlocked: true });
  });

  it('drops ended windows when it sweeps, so idle keys do not pile up', async () => {
    for (let i = 0; i < 100; i++)
      await storage.increment(`ip-${i}`, 1_000, 10, 0, 'default');
    expect(storage.size).toBe(100);
    now += 1_001;
    storage.sweep();
    expect(storage.size).toBe(0);
  });

  it('costs the same whatever the number of hits in the window', async () => {
    // A timestamp-per-hit store would hold 50,000 entries here and filter them on every request.
    for (let i = 0; i < 50_000; i++)
      await storage.increment('busy', 60_000, 1e9, 0, 'default');
    expect(storage.size).toBe(1);
    await expect(
      storage.increment('busy', 60_000, 1e9, 0, 'default'),
    ).resolves.toMatchObject({ totalHits: 50_001 });
  });
});
