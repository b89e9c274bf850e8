import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { currentTrace, runTraced, Trace, TraceWriter, traceWriterFromEnv, TRACE_FILE_ENV, type TraceRecord } from '../../../src/shared/trace';
import { tracedSleep, tracedStreamer } from '../../../src/completion/traced';
import type { StreamOptions, StreamRequest, StreamResult } from '../../../src/bedrock/types';

const ask: StreamRequest = { feature: 'completion', messages: [{ role: 'user', text: 'x' }], maxTokens: 8 };

/** A streamer that sends two deltas after a tick and reports which options it was given. */
function fakeStreamer() {
  return {
    async stream(_r: StreamRequest, options: StreamOptions = {}): Promise<StreamResult> {
      await new Promise((r) => setTimeout(r, 1));
      options.onText?.('a', 'a');
      options.onText?.('b', 'ab');
      return { outcome: 'complete', text: 'ab' } as StreamResult;
    },
  };
}

describe('Completion timing traces (UI latency benchmark)', () => {
  it('is off unless HAIKU_TRACE_FILE names a file', () => {
    assert.equal(traceWriterFromEnv({}), undefined);
    assert.equal(traceWriterFromEnv({ [TRACE_FILE_ENV]: '  ' }), undefined);
    assert.ok(traceWriterFromEnv({ [TRACE_FILE_ENV]: '/tmp/x.jsonl' }));
  });

  it('untraced, the streamer and sleep pass through without marking anything', async () => {
    let texts = 0;
    const r = await tracedStreamer(fakeStreamer(), () => 1).stream(ask, { onText: () => void texts++ });
    assert.equal(r.text, 'ab');
    assert.equal(texts, 2);
    assert.equal(currentTrace(), undefined);
  });

  it('marks the call that started a stream, through awaits, and keeps the first time of each mark', async () => {
    const trace = new Trace(1);
    let texts = 0;
    await runTraced(trace, async () => {
      await tracedSleep((_ms) => Promise.resolve())(40, new AbortController().signal);
      await tracedStreamer(fakeStreamer(), () => 7).stream(ask, { onText: () => void texts++ });
      // A later wait (the speculation's, the hand-over's) is not the debounce.
      await tracedSleep((_ms) => Promise.resolve())(300, new AbortController().signal);
    });
    const m = trace.record.marks;
    assert.equal(texts, 2, 'the caller still sees every delta');
    assert.equal(trace.record.requestId, 7);
    assert.equal(trace.record.waitMs, 40);
    for (const name of ['debounced', 'stream', 'firstText', 'streamEnd'] as const) assert.equal(typeof m[name], 'number', name);
    assert.ok(m.debounced! <= m.stream! && m.stream! <= m.firstText! && m.firstText! <= m.streamEnd!);
  });

  it('a wait that began before the stream but ended after it (a hand-over) is not the debounce', async () => {
    const trace = new Trace(1);
    let release = () => undefined as void;
    await runTraced(trace, async () => {
      const handover = tracedSleep(() => new Promise<void>((r) => (release = r)))(50, new AbortController().signal);
      await tracedStreamer(fakeStreamer(), () => 2).stream(ask);
      release();
      await handover;
    });
    assert.equal(trace.record.marks.debounced, undefined);
    assert.equal(trace.record.waitMs, undefined);
  });

  it('writes one JSON line per call; marks after the write are dropped', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trace-')), 'trace.jsonl');
    const w = new TraceWriter(file);
    const a = w.start();
    a.mark('called');
    a.set({ outcome: 'network', itemRequestId: 3 });
    w.write(a);
    a.mark('returned');
    const b = w.start();
    w.write(b);
    for (let i = 0; i < 50 && (!fs.existsSync(file) || fs.readFileSync(file, 'utf8').split('\n').length < 3); i++) await new Promise((r) => setTimeout(r, 10));
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceRecord);
    assert.deepEqual(lines.map((l) => l.call).sort(), [1, 2]);
    const first = lines.find((l) => l.call === 1)!;
    assert.equal(first.outcome, 'network');
    assert.equal(first.marks.returned, undefined);
    assert.equal(typeof first.marks.called, 'number');
  });
});
