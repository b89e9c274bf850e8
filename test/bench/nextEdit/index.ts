// `npm run bench:nextedit`: offline evaluation of next edit suggestions on this repository's own history.
// Prints tables and writes its section of test/bench/RESULTS.md ("## Next edit"). Figures are reported,
// never asserted.

import { writeResultsSection } from '../resultsFile';
import * as os from 'node:os';
import { findModel } from '../../../src/bedrock/catalog';
import { costOf } from '../../../src/bedrock/pricing';
import { emptyUsage } from '../../../src/bedrock/types';
import { casesOf, isNearbySmall, mineHistory } from './corpus';
import { adversarial, applyRate, prepare, recall } from './quality';
import { PAUSE_MS, runSessions, type SessionFigures } from './session';
import { percentile, table } from '../completions/util';

const REPO = process.env.NEXTEDIT_REPO ?? '/work/main';
const CACHE_TTL_MS = 5 * 60_000;

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : '–');
const usd = (n: number) => `$${n.toFixed(n < 1 ? 3 : 2)}`;

/** What the session's requests cost per hour of editing on a model, with or without prompt caching. */
function costPerHour(s: SessionFigures, modelId: string, caching: boolean): { usd: number; cachedShare: number } {
  const model = findModel(modelId)!;
  let total = 0;
  let cachedTokens = 0;
  let inputTokens = 0;
  let lastPrefix = '';
  let lastAt = -Infinity;
  for (const c of s.calls) {
    const u = emptyUsage();
    const prefixTokens = Math.ceil(c.prefix.length / model.charsPerToken);
    const rest = Math.ceil(c.restChars / model.charsPerToken);
    u.outputTokens = c.outputTokens;
    if (caching && prefixTokens >= model.cacheMinTokens) {
      // Sessions run on separate clocks; the same prefix within the cache lifetime is a read.
      const hit = c.prefix === lastPrefix && c.at - lastAt < CACHE_TTL_MS && c.at >= lastAt;
      if (hit) u.cacheReadTokens = prefixTokens;
      else u.cacheWriteTokens = prefixTokens;
      u.inputTokens = rest;
      if (hit) cachedTokens += prefixTokens;
      lastPrefix = c.prefix;
      lastAt = c.at;
    } else u.inputTokens = prefixTokens + rest;
    inputTokens += prefixTokens + rest;
    total += costOf(model, u).usd;
  }
  return { usd: total / (s.virtualMs / 3_600_000), cachedShare: inputTokens ? cachedTokens / inputTokens : 0 };
}

async function main() {
  const out: string[] = [];
  const say = (line = '') => {
    console.log(line);
    out.push(line);
  };
  const t0 = Date.now();
  const files = mineHistory(REPO);
  const all = casesOf(files);
  const nearby = all.filter((c) => isNearbySmall(c.file, c.k));
  const prepAll = all.map(prepare);
  const prep = nearby.map(prepare);

  say('## Next edit');
  say();
  say(`Replayed from \`git log\` of this repository (${REPO}): ${files.length} commit × file pairs with two or more hunks, ` +
    `${all.length} cases "hunks so far → next hunk", ${nearby.length} of them small (≤ 8 lines) and within 80 lines of the edit before ` +
    `(the edits the feature is for). Simulated model; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}. ` +
    'Diffs between published npm package versions were not replayed (time). `npm run bench:nextedit` prints these figures.');
  say();

  const r = recall(prep, 3.5);
  const rAll = recall(prepAll, 3.5);
  say('**Context recall** (the lines the next hunk changes, or stands on, are in the request):');
  say();
  say(table(['cases', 'in the region around edit and cursor', 'anywhere in the request', 'prompt tokens p50 / p90'], [
    ['nearby, small', pct(r.inRegion, r.cases), pct(r.inPrompt, r.cases), `${percentile(r.promptTokens, 50)} / ${percentile(r.promptTokens, 90)}`],
    ['all', pct(rAll.inRegion, rAll.cases), pct(rAll.inPrompt, rAll.cases), `${percentile(rAll.promptTokens, 50)} / ${percentile(rAll.promptTokens, 90)}`],
  ]));
  say();

  const a = applyRate(prep);
  say(`**Apply rate of correct answers** in the expected format (each case answered with the exact line number, ±2 lines and none): ` +
    `${a.exact} / ${a.answers} = **${pct(a.exact, a.answers)}** applied exactly (target ≥ 99 %). Dropped: ${JSON.stringify(a.dropped)} ` +
    '(redacted: the hunk edits a line holding a secret-shaped test value, which is never touched).');
  say();

  const adv = adversarial(prep);
  say(`**Malformed and adversarial answers**: ${adv.answers} answers, **${adv.wrongApplied} wrong edits applied** (target 0).`);
  say();
  say(table(['kind', 'answers', 'wrong edits applied'], Object.entries(adv.byKind).map(([k, v]) => [k, v.n, v.wrong])));
  for (const e of adv.examples) say(`- ${e}`);
  say();

  const sessionFiles = files.slice(0, 60);
  const s = await runSessions(sessionFiles);
  const hours = s.virtualMs / 3_600_000;
  say(`**Requests and cost per hour of editing**: ${sessionFiles.length} files' hunks typed key by key (150 ms a key, 2.5 s to think ` +
    `between hunks, pause before a request ${PAUSE_MS} ms), ${(hours * 60).toFixed(0)} min of virtual editing, ${s.keystrokes} keystrokes. ` +
    `${s.requests} requests (${(s.requests / hours).toFixed(0)} an hour; ${(s.requests / s.pauses).toFixed(2)} per hunk; at most ${s.maxPerPause} between two edits, target ≤ 1), ` +
    `${s.aborted} cancelled by a keystroke, ${s.shown} suggestions shown, ${s.accepted} accepted with Tab, Tab (chains included).`);
  say('Requests go out only after code is reworked (text replaced or removed, an insertion inside a line, a paste of ' +
    'several lines) or after an accept; typing new code at the end of a line is left to completions. The replay types ' +
    'every hunk as "clear the old lines, type the new ones", so nearly every hunk counts as rework: the figures are an upper bound. ' +
    'The simulated model is always right, so every suggestion shown is accepted.');
  say();
  const rows: string[][] = [];
  for (const id of ['claude-haiku-4-5', 'claude-haiku-5-5']) {
    const m = findModel(id)!;
    const off = costPerHour(s, id, false);
    const on = costPerHour(s, id, true);
    rows.push([m.displayName, usd(off.usd), usd(on.usd), pct(on.cachedShare, 1), String(m.cacheMinTokens)]);
  }
  say(table(['model', 'per hour, no caching', 'per hour, caching', 'input read from cache', 'cache minimum (tokens)'], rows));
  say();
  say('Most files of this repository are under the 4,096-token cache minimum of both Haikus, so caching changes little here; ' +
    'on a larger file the snapshot (instructions + file) stays the same across requests and is read from the cache.');
  say();

  const p = (v: number[], q: number) => percentile(v, q).toFixed(1);
  say(`**CPU on the typing path** (controller.didChange per keystroke, ${s.typingUs.length} keystrokes, µs): ` +
    `p50 ${p(s.typingUs, 50)}, p99 **${p(s.typingUs, 99)}**, max ${p(s.typingUs, 100)} (target p99 ≤ 1000); ` +
    `baseline (an empty call timed the same way, same run): p50 ${p(s.baselineUs, 50)}, p99 ${p(s.baselineUs, 99)}. At activation the feature only copies the text of the visible editors (no request, no SDK load: the extension-host activation test still passes).`);
  say();
  say(`_Run took ${((Date.now() - t0) / 1000).toFixed(0)} s._`);
  writeResultsSection('nextedit', out.join('\n'));
}

void main();
