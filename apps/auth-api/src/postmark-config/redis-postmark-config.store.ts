import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import {
  parseSaved,
  type PostmarkConfigStore,
  type SavedPostmarkConfig,
} from './postmark-config.store';

/**
 * The saved config under `<REDIS_KEY_PREFIX>postmark-config`, shared by every instance. A save
 * publishes on `<prefix>postmark-config:changed`; the other instances re-read the key and activate it.
 */
export class RedisPostmarkConfigStore implements PostmarkConfigStore {
  readonly kind = 'redis' as const;
  readonly location: string;
  private readonly channel: string;
  private readonly instance = randomUUID();
  private subscriber?: Redis;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.location = `${prefix}postmark-config`;
    this.channel = `${prefix}postmark-config:changed`;
  }

  async load(): Promise<SavedPostmarkConfig | null> {
    const text = await this.redis.get(this.location);
    return text === null
      ? null
      : parseSaved(text, `Redis key ${this.location}`);
  }

  async save(saved: SavedPostmarkConfig): Promise<void> {
    await this.redis.set(this.location, JSON.stringify(saved));
    await this.redis.publish(this.channel, this.instance);
  }

  async watch(onChange: () => void): Promise<void> {
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true });
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, from: string) => {
      if (channel === this.channel && from !== this.instance) onChange();
    });
    // A notice sent while this connection was down is lost: re-read on every (re)connection.
    let connected = false;
    subscriber.on('ready', () => {
      if (connected) onChange();
      connected = true;
    });
    // Outages are logged by the shared client; without a listener ioredis would print each error.
    subscriber.on('error', () => undefined);
    await subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber && subscriber.status !== 'end')
      await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
