import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  parseSaved,
  type PostmarkConfigStore,
  type SavedPostmarkConfig,
} from './postmark-config.store';

/** File name of the saved config under DATA_DIR. */
export const SAVED_CONFIG_FILE = 'postmark-config.json';

/**
 * `DATA_DIR/postmark-config.json`, mode 0600 (it holds the server token). Written atomically:
 * a unique temp file in the same directory, flushed, then renamed over the old file, so a reader
 * or a crash never sees half a file and concurrent writers leave one whole file.
 */
export class FilePostmarkConfigStore implements PostmarkConfigStore {
  readonly kind = 'file' as const;
  readonly location: string;

  constructor(private readonly dir: string) {
    this.location = join(resolve(dir), SAVED_CONFIG_FILE);
  }

  async load(): Promise<SavedPostmarkConfig | null> {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseSaved(text, this.location);
  }

  async save(saved: SavedPostmarkConfig): Promise<void> {
    await mkdir(resolve(this.dir), { recursive: true, mode: 0o700 });
    const temp = `${this.location}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(saved, null, 2)}\n`, 'utf8');
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(temp, { force: true });
      throw error;
    }
    await file.close();
    try {
      await rename(temp, this.location);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    // nothing to release
  }
}
