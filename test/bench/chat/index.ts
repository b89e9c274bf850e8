// Chat rendering benchmark: a ~20,000-token answer streamed in small chunks into the built webview in
// headless Chromium, at a pace like Bedrock's (a chunk every ~20 ms). Prints, and writes into the "Chat"
// section of test/bench/RESULTS.md:
// - render time per animation frame over the first and the last 10 % of the answer (flat = the cost of one
//   more chunk does not grow with the answer's length);
// - time from a chunk reaching the webview to the DOM showing it, p50/p90;
// - for contrast, one render of the whole answer at once (what every chunk would cost near the end if each
//   chunk re-rendered everything).
// Run: npm run bench:chat. Figures, never assertions.

import * as fs from 'node:fs';
import * as os from 'node:os';
import { writeResultsSection } from '../resultsFile';
import { percentile } from '../../../src/status/usageStore';
import { chunks, emptyState, openChatPage, sampleAnswer, SCRIPT, streamingTurn } from '../../chromium/chatPage';

const TOKENS = Number(process.env.BENCH_TOKENS ?? 20_000);
const CHUNK_CHARS = Number(process.env.BENCH_CHUNK ?? 14);
const SPACING_MS = Number(process.env.BENCH_SPACING ?? 20);

interface Trace {
  /** Per render: when, how long, how many characters had arrived. */
  renders: { at: number; ms: number; chars: number }[];
  /** Per chunk: when it was posted, and when the render that showed it finished. */
  posted: number[];
  shown: number[];
}

async function main(): Promise<void> {
  // Other work on a 2-core machine shows up in the figures: say how busy it was.
  const loadAtStart = os.loadavg()[0];
  const text = sampleAnswer(TOKENS);
  const parts = chunks(text, CHUNK_CHARS);
  const cp = await openChatPage({ width: 480, height: 900 });
  try {
    await cp.load({ theme: 'dark' });
    await cp.host([emptyState(), { type: 'turnStarted', turn: streamingTurn('bench', 'Write a long answer') }, { type: 'busy', busy: true }]);

    const started = Date.now();
    const trace: Trace = await cp.page.evaluate(
      async ({ parts, spacing }) => {
        const renders: Trace['renders'] = [];
        const posted: number[] = [];
        const shown: number[] = new Array(parts.length).fill(0);
        let arrived = 0;
        let chars = 0;
        let firstUnshown = 0;
        // Deltas reach the page as message events; count what has arrived when each render finishes.
        window.addEventListener('message', (e) => {
          if ((e.data as { type?: string })?.type === 'delta') {
            arrived++;
            chars += (e.data as { text: string }).text.length;
          }
        });
        document.addEventListener('haiku:rendered', (e) => {
          const now = performance.now();
          renders.push({ at: now, ms: (e as CustomEvent<{ ms: number }>).detail.ms, chars });
          for (; firstUnshown < arrived; firstUnshown++) shown[firstUnshown] = now;
        });
        for (let i = 0; i < parts.length; i++) {
          // Jitter around the spacing, like network deltas.
          await new Promise((r) => setTimeout(r, spacing * (0.5 + Math.random())));
          posted.push(performance.now());
          window.postMessage({ type: 'delta', turnId: 'bench', text: parts[i], seq: i }, '*');
        }
        await new Promise((r) => setTimeout(r, 300));
        return { renders, posted, shown };
      },
      { parts, spacing: SPACING_MS },
    );
    const streamSeconds = (Date.now() - started) / 1000;

    // One render of the whole answer (the history path), repeated to steady the figure.
    const fullRenders: number[] = [];
    for (let i = 0; i < 5; i++) {
      fullRenders.push(
        await cp.page.evaluate(async ({ answer, id }) => {
          const t0 = performance.now();
          window.postMessage({ type: 'state', conversation: { id: 'c', title: 't', turns: [{ id, question: 'q', attachments: [], answer: { text: answer, status: 'complete' } }] }, history: [], attachments: [], busy: false, model: 'm' }, '*');
          await new Promise<void>((r) => {
            const check = () => (document.querySelector(`article.turn[data-turn-id="${id}"]`) ? r() : setTimeout(check, 0));
            check();
          });
          void document.getElementById('messages')!.scrollHeight;
          return performance.now() - t0;
        }, { answer: text, id: `full${i}` }),
      );
    }
    const domChars = await cp.page.locator('article.turn[data-turn-id="full4"] .markdown').evaluate((el) => (el as HTMLElement).innerText.length);

    const total = text.length;
    const inRange = (lo: number, hi: number) => trace.renders.filter((r) => r.chars > lo * total && r.chars <= hi * total).map((r) => r.ms).sort((a, b) => a - b);
    const first = inRange(0, 0.1);
    const last = inRange(0.9, 1);
    const lat = trace.posted.map((p, i) => trace.shown[i] - p).filter((x) => x > 0).sort((a, b) => a - b);
    const fmt = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(2));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const fullSorted = [...fullRenders].sort((a, b) => a - b);

    const rows = [
      `| answer | ${TOKENS.toLocaleString('en-US')} tokens (est.), ${total.toLocaleString('en-US')} chars, ${parts.length.toLocaleString('en-US')} chunks of ${CHUNK_CHARS} chars, one every ~${SPACING_MS} ms |`,
      `| renders (one per animation frame) | ${trace.renders.length.toLocaleString('en-US')} |`,
      `| render time per frame, first 10 % (p50 / p90 / mean ms) | ${fmt(percentile(first, 50))} / ${fmt(percentile(first, 90))} / ${fmt(mean(first))} (n=${first.length}) |`,
      `| render time per frame, last 10 % (p50 / p90 / mean ms) | ${fmt(percentile(last, 50))} / ${fmt(percentile(last, 90))} / ${fmt(mean(last))} (n=${last.length}) |`,
      `| last / first 10 % (mean) | ${(mean(last) / mean(first)).toFixed(2)}× |`,
      `| chunk reaching the webview → DOM showing it (p50 / p90 ms) | ${fmt(percentile(lat, 50))} / ${fmt(percentile(lat, 90))} (n=${lat.length}) |`,
      `| whole answer rendered at once (median of 5, ms) | ${fmt(percentile(fullSorted, 50))} (what each chunk would cost at the end if it re-rendered everything) |`,
      `| text in the DOM after the full render | ${domChars.toLocaleString('en-US')} chars |`,
      `| bundle dist/webview/chat.js | ${(fs.statSync(SCRIPT).size / 1024).toFixed(0)} KB (not minified; ${'`npm run build:release`'} minifies) |`,
    ];
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, load average ${loadAtStart.toFixed(1)} at the start, headless Chromium (/usr/bin/chromium), ${new Date().toISOString().slice(0, 10)}`;
    const section = [
      '## Chat',
      '',
      `Streaming a long answer into the chat webview (\`npm run bench:chat\`, ${machine}; streamed in ${streamSeconds.toFixed(0)} s).`,
      'Render time is the webview\'s work per animation frame (lex + render + sanitise the open tail, insert, one layout for auto-scroll).',
      '"Chunk → DOM" runs from the message event to the end of the render that shows the chunk; it includes waiting for the',
      'next animation frame, and excludes the extension → webview postMessage hop.',
      '',
      '| measure | value |',
      '|---|---|',
      ...rows,
      '',
    ].join('\n');
    console.log(section);
    writeResultsSection('chat', section);
  } finally {
    await cp.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
