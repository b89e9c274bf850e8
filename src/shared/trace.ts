// Timing marks of each completion request, for the UI latency benchmark (test/bench/ui): one JSON line per
// provider call, appended to the file HAIKU_TRACE_FILE names. Unset (as for every user), nothing is
// created, stored or written, and the hooks below cost one undefined check. A line holds times, ids and
// outcomes only, never text. Times are wall-clock milliseconds with fractions (performance.timeOrigin +
// performance.now()), the clock the benchmark's browser page reads too.

import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';

export const TRACE_FILE_ENV = 'HAIKU_TRACE_FILE';

/**
 * issued: the window's own stamp of the request (VS Code's requestIssuedDateTime, its clock);
 * edit: the document changed (as the extension host heard it); called: VS Code called the provider;
 * debounced: our own wait ended; stream: the engine asked for the request; gated: the request gate
 * (session, budget) let it through; handled: the request reached
 * the HTTP handler (built and signed); sent: its body was written; headers: the response began (the first
 * byte); firstText: the first text delta; streamEnd: the stream's result; returned: the provider returned.
 */
export type MarkName = 'issued' | 'edit' | 'called' | 'debounced' | 'stream' | 'gated' | 'handled' | 'sent' | 'headers' | 'firstText' | 'streamEnd' | 'returned';

export interface TraceRecord {
  /** Provider call number in this extension host. */
  call: number;
  marks: Partial<Record<MarkName, number>>;
  /** The wait our debounce asked for (ms). */
  waitMs?: number;
  /** The engine's id of the request this call sent. */
  requestId?: number;
  /** The engine's id of the request whose answer this call returned, and where it came from. */
  itemRequestId?: number;
  outcome?: string;
  /** Asked for with Alt+\ (`explicit`) or by typing. */
  trigger?: 'explicit' | 'automatic';
  /** The engine's id of the request already in flight this call waited for instead of sending its own. */
  joinedRequestId?: number;
}

export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export class Trace {
  readonly record: TraceRecord;
  /** Written: later marks (a stream outliving its call) are dropped. */
  private frozen = false;

  constructor(call: number) {
    this.record = { call, marks: {} };
  }

  /** Keeps the first time of each mark (a retried request keeps its first send). */
  mark(name: MarkName, at = preciseNow()): void {
    if (!this.frozen) this.record.marks[name] ??= Math.round(at * 10) / 10;
  }

  has(name: MarkName): boolean {
    return this.record.marks[name] !== undefined;
  }

  set(fields: Partial<Omit<TraceRecord, 'call' | 'marks'>>): void {
    if (this.frozen) return;
    for (const [k, v] of Object.entries(fields) as [keyof TraceRecord, unknown][]) {
      if (v !== undefined && this.record[k] === undefined) (this.record as unknown as Record<string, unknown>)[k] = v;
    }
  }

  freeze(): TraceRecord {
    this.frozen = true;
    return this.record;
  }
}

const active = new AsyncLocalStorage<Trace>();

/** The trace of the provider call this code runs on behalf of (through awaits and the SDK), if tracing. */
export function currentTrace(): Trace | undefined {
  return active.getStore();
}

export function runTraced<T>(trace: Trace | undefined, fn: () => T): T {
  return trace ? active.run(trace, fn) : fn();
}

export class TraceWriter {
  private calls = 0;

  constructor(private readonly file: string) {}

  start(): Trace {
    return new Trace(++this.calls);
  }

  /** Appends without blocking the extension host; a failed write loses a line of a benchmark, nothing more. */
  write(trace: Trace): void {
    fs.appendFile(this.file, `${JSON.stringify(trace.freeze())}\n`, () => undefined);
  }
}

export function traceWriterFromEnv(env: NodeJS.ProcessEnv = process.env): TraceWriter | undefined {
  const file = env[TRACE_FILE_ENV]?.trim();
  return file ? new TraceWriter(file) : undefined;
}
