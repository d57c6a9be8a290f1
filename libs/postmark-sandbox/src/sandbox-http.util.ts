import type { IncomingMessage, ServerResponse } from 'node:http';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** The body, `'tooLarge'` after more than `limit` bytes (the rest is read and dropped), or `'aborted'`. */
export type BodyResult = Buffer | 'tooLarge' | 'aborted';

/**
 * Reads a request body up to `limit` bytes. A larger body is still read to its end and dropped,
 * so the 413 answer reaches the client and the keep-alive connection stays usable.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      tooLarge = true;
    }
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) {
        return;
      }
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        resolve('tooLarge');
      } else {
        resolve(
          chunks.length === 1
            ? (chunks[0] as Buffer)
            : Buffer.concat(chunks, size),
        );
      }
    });
    req.on('error', () => resolve('aborted'));
    req.on('aborted', () => resolve('aborted'));
  });
}

/** Reads and parses a JSON body; `undefined` for an empty body. Throws `SyntaxError` for bad JSON. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) {
    return undefined;
  }
  return JSON.parse(body.toString('utf8'));
}
