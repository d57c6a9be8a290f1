/**
 * Fault injection for Postmark API calls: answer an error status, wait before answering,
 * or drop the connection. A fault applies `times` calls in a row, or to a `probability`
 * share of calls until cleared.
 */

/** HTTP statuses a status fault can answer with. */
export const SANDBOX_FAULT_STATUSES = [429, 500, 503] as const;
export type SandboxFaultStatus = (typeof SANDBOX_FAULT_STATUSES)[number];

/** Longest accepted `delayMs` (10 minutes). */
export const MAX_FAULT_DELAY_MS = 600_000;

/** Answer `status` with a Postmark-like JSON error body; the call is not handled (nothing stored). */
export interface SandboxStatusFault {
  status: SandboxFaultStatus;
}
/** Wait `delayMs`, then handle the call normally (a send is stored). */
export interface SandboxDelayFault {
  delayMs: number;
}
/** Destroy the connection without answering; the call is not handled (nothing stored). */
export interface SandboxResetFault {
  reset: true;
}
export type SandboxFaultAction =
  SandboxStatusFault | SandboxDelayFault | SandboxResetFault;

/** Apply to the next `times` Postmark API calls. */
export interface SandboxFaultTimes {
  times: number;
}
/** Apply to each Postmark API call with this probability (0..1), until faults are cleared. */
export interface SandboxFaultProbability {
  probability: number;
}
export type SandboxFaultTrigger = SandboxFaultTimes | SandboxFaultProbability;

/** A fault to add: one action and one trigger, e.g. `{ status: 503, times: 2 }` or `{ reset: true, probability: 0.1 }`. */
export type SandboxFault = SandboxFaultAction & SandboxFaultTrigger;

/** A stored fault, as `POST /sandbox/faults` answers it. `remaining` counts down for `times` faults. */
export type SandboxFaultRecord = SandboxFault & {
  id: number;
  remaining?: number;
};

/** Thrown for a fault description that does not fit; the message names the field. */
export class SandboxFaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxFaultError';
  }
}

const KNOWN_FIELDS = new Set([
  'status',
  'delayMs',
  'reset',
  'times',
  'probability',
]);

/** Checks an untrusted fault description (e.g. a `POST /sandbox/faults` body). */
export function parseSandboxFault(input: unknown): SandboxFault {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new SandboxFaultError(
      'A fault must be a JSON object such as { "status": 503, "times": 1 }.',
    );
  }
  const body = input as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new SandboxFaultError(
        `Unknown field '${key}': a fault has one of 'status', 'delayMs', 'reset' and one of 'times', 'probability'.`,
      );
    }
  }
  const actions = ['status', 'delayMs', 'reset'].filter(
    (key) => body[key] !== undefined,
  );
  if (actions.length !== 1) {
    throw new SandboxFaultError(
      actions.length === 0
        ? `A fault needs one of 'status', 'delayMs' or 'reset'.`
        : `A fault takes only one of 'status', 'delayMs' or 'reset', got ${actions.map((a) => `'${a}'`).join(' and ')}.`,
    );
  }
  let action: SandboxFaultAction;
  if (body['status'] !== undefined) {
    const status = body['status'];
    if (!SANDBOX_FAULT_STATUSES.includes(status as SandboxFaultStatus)) {
      throw new SandboxFaultError(
        `'status' must be one of ${SANDBOX_FAULT_STATUSES.join(', ')}.`,
      );
    }
    action = { status: status as SandboxFaultStatus };
  } else if (body['delayMs'] !== undefined) {
    const delayMs = body['delayMs'];
    if (
      typeof delayMs !== 'number' ||
      !Number.isInteger(delayMs) ||
      delayMs < 0 ||
      delayMs > MAX_FAULT_DELAY_MS
    ) {
      throw new SandboxFaultError(
        `'delayMs' must be an integer from 0 to ${MAX_FAULT_DELAY_MS}.`,
      );
    }
    action = { delayMs };
  } else {
    if (body['reset'] !== true) {
      throw new SandboxFaultError(`'reset' must be true.`);
    }
    action = { reset: true };
  }

  const hasTimes = body['times'] !== undefined;
  const hasProbability = body['probability'] !== undefined;
  if (hasTimes === hasProbability) {
    throw new SandboxFaultError(
      hasTimes
        ? `A fault takes 'times' or 'probability', not both.`
        : `A fault needs 'times' or 'probability'.`,
    );
  }
  if (hasTimes) {
    const times = body['times'];
    if (
      typeof times !== 'number' ||
      !Number.isSafeInteger(times) ||
      times < 1
    ) {
      throw new SandboxFaultError(`'times' must be a positive integer.`);
    }
    return { ...action, times };
  }
  const probability = body['probability'];
  if (
    typeof probability !== 'number' ||
    !Number.isFinite(probability) ||
    probability < 0 ||
    probability > 1
  ) {
    throw new SandboxFaultError(`'probability' must be a number from 0 to 1.`);
  }
  return { ...action, probability };
}

/**
 * Faults in the order added. For each call, the oldest `times` fault with calls left applies;
 * when none is left, each `probability` fault in turn gets its chance.
 */
export class SandboxFaultQueue {
  private counted: SandboxFaultRecord[] = [];
  private probable: SandboxFaultRecord[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  get size(): number {
    return this.counted.length + this.probable.length;
  }

  /** Validates (throws `SandboxFaultError`) and stores a fault; returns a copy of the stored record. */
  add(fault: SandboxFault): SandboxFaultRecord {
    const parsed = parseSandboxFault(fault);
    const id = this.nextId++;
    if ('times' in parsed) {
      const record: SandboxFaultRecord = {
        ...parsed,
        id,
        remaining: parsed.times,
      };
      this.counted.push(record);
      return { ...record };
    }
    const record: SandboxFaultRecord = { ...parsed, id };
    this.probable.push(record);
    return { ...record };
  }

  clear(): void {
    this.counted = [];
    this.probable = [];
  }

  /** Stored faults, `times` ones first. */
  list(): SandboxFaultRecord[] {
    return [...this.counted, ...this.probable].map((record) => ({ ...record }));
  }

  /** The fault for the next call, if any; consumes one of a `times` fault's calls. */
  take(): SandboxFaultAction | undefined {
    const head = this.counted[0];
    if (head) {
      head.remaining = (head.remaining ?? 1) - 1;
      if (head.remaining <= 0) {
        this.counted.shift();
      }
      return head;
    }
    for (const record of this.probable) {
      if (
        'probability' in record &&
        record.probability > 0 &&
        this.random() < record.probability
      ) {
        return record;
      }
    }
    return undefined;
  }
}
