// The completion engine's streamer and sleep, marking the trace of the call on whose behalf they run
// (src/shared/trace.ts): only wired in when the UI latency benchmark asks for traces.

import type { ModelStreamer, StreamOptions, StreamRequest, StreamResult } from '../bedrock/types';
import { currentTrace } from '../shared/trace';

/** Marks stream, firstText and streamEnd on the trace of the call that starts a stream; `requestId` names it. */
export function tracedStreamer(inner: ModelStreamer, requestId: () => number): ModelStreamer {
  return {
    stream(request: StreamRequest, options: StreamOptions = {}): Promise<StreamResult> {
      const trace = currentTrace();
      if (!trace) return inner.stream(request, options);
      trace.mark('stream');
      trace.set({ requestId: requestId() });
      const onText = options.onText;
      const traced: StreamOptions = {
        ...options,
        onText: (delta, soFar) => {
          trace.mark('firstText');
          return onText?.(delta, soFar);
        },
      };
      return inner.stream(request, traced).then((r) => {
        trace.mark('streamEnd');
        return r;
      });
    },
  };
}

/**
 * Marks the end of the debounce: the first wait of a call that ends before the call streams (a wait that
 * ends after, like the hand-over of an abandoned stream or the speculation's pause, is not it).
 */
export function tracedSleep(inner: (ms: number, signal: AbortSignal) => Promise<void>): (ms: number, signal: AbortSignal) => Promise<void> {
  return (ms, signal) => {
    const trace = currentTrace();
    if (!trace || trace.has('stream') || trace.has('debounced')) return inner(ms, signal);
    return inner(ms, signal).then(() => {
      if (trace.has('stream') || trace.has('debounced')) return;
      trace.set({ waitMs: Math.round(ms) });
      trace.mark('debounced');
    });
  };
}

/** Marks when the request gate (session and budget checks, before anything is sent) let a traced call through. */
export function traceGate(holder: { gate?: (...args: never[]) => unknown }): void {
  const gate = holder.gate;
  if (!gate) return;
  holder.gate = async (...args: never[]) => {
    const r = await gate(...args);
    currentTrace()?.mark('gated');
    return r;
  };
}
