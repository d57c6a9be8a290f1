import type { PostmarkConnectorConfig } from '@app/postmark-mailer';

/** The fields of a connector config that are saved; transport settings stay with the environment. */
export const SAVED_CONFIG_KEYS = [
  'serverToken',
  'fromEmail',
  'templates',
  'messageStream',
] as const;

/** What is persisted: the connector config an admin saved, and when. */
export interface SavedPostmarkConfig {
  version: 1;
  savedAt: string;
  config: PostmarkConnectorConfig;
}

/** Where a saved Postmark config lives: a file under DATA_DIR, Redis, or memory (tests). */
export interface PostmarkConfigStore {
  /** `file`, `redis` or `memory`. */
  readonly kind: 'file' | 'redis' | 'memory';
  /** Where, for the log: a path or a Redis key (never a value). */
  readonly location: string;
  load(): Promise<SavedPostmarkConfig | null>;
  save(saved: SavedPostmarkConfig): Promise<void>;
  /** Calls `onChange` when another instance saved a config (Redis only). */
  watch?(onChange: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Injection token of the {@link PostmarkConfigStore}. */
export const POSTMARK_CONFIG_STORE = Symbol('POSTMARK_CONFIG_STORE');

/** Thrown when a saved config cannot be read back; names the place, never a value. */
export class SavedConfigError extends Error {
  override readonly name = 'SavedConfigError';
}

/** Parses what a store read; throws {@link SavedConfigError} for anything but a saved config. */
export function parseSaved(
  text: string,
  location: string,
): SavedPostmarkConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SavedConfigError(
      `the saved Postmark config in ${location} is not valid JSON`,
    );
  }
  const saved = value as Partial<SavedPostmarkConfig> | null;
  if (
    !saved ||
    typeof saved !== 'object' ||
    saved.version !== 1 ||
    typeof saved.config !== 'object' ||
    saved.config === null
  ) {
    throw new SavedConfigError(
      `the saved Postmark config in ${location} has an unknown shape`,
    );
  }
  return saved as SavedPostmarkConfig;
}

/** Keeps the saved config in this process only (NODE_ENV=test without DATA_DIR). */
export class MemoryPostmarkConfigStore implements PostmarkConfigStore {
  readonly kind = 'memory' as const;
  readonly location = 'memory';
  private saved: SavedPostmarkConfig | null = null;

  async load(): Promise<SavedPostmarkConfig | null> {
    return this.saved;
  }

  async save(saved: SavedPostmarkConfig): Promise<void> {
    this.saved = structuredClone(saved);
  }

  async close(): Promise<void> {
    // nothing to release
  }
}
