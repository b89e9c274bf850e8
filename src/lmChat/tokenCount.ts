// Token counts for VS Code's chat: Bedrock's CountTokens where the model and Region offer it, else the
// catalog's estimate. VS Code asks for every message of every request, so counts are cached (by a hash of
// the text: no text is kept), one question per text is in flight at a time, only a few run at once, and
// none may take long: the estimate answers whenever Bedrock cannot answer quickly. Texts are redacted as
// a request would be before they are counted: the count is of what would be sent.

import { createHash } from 'node:crypto';
import { countTokensFailure } from '../bedrock/countTokens';
import type { BedrockError } from '../bedrock/types';
import { redactSecrets } from '../privacy';

export interface TokenCounterDeps {
  /** Bedrock's CountTokens for the model (an LM model id: catalog id or profile ARN); rejects with a BedrockError. */
  count?: (model: string, text: string, signal: AbortSignal) => Promise<number>;
  now?: () => number;
  log?: (message: string) => void;
}

export interface TokenCounterLimits {
  /** Shorter texts get the estimate: its error there is a few tokens, not worth a round trip. */
  minChars: number;
  maxEntries: number;
  maxInFlight: number;
  timeoutMs: number;
  /** After a passing failure (throttled, offline, expired session), the estimate alone for this long. */
  backoffMs: number;
}

export const TOKEN_COUNT_LIMITS: TokenCounterLimits = { minChars: 400, maxEntries: 500, maxInFlight: 4, timeoutMs: 1500, backoffMs: 30_000 };

export class TokenCounter {
  /** Insertion order is recency: a hit moves to the end, the oldest goes first. */
  private readonly cache = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<number | undefined>>();
  private readonly unsupported = new Set<string>();
  private pausedUntil = 0;
  /** Answers from Bedrock and from the estimate, for the log and the tests. */
  readonly stats = { counted: 0, cached: 0, estimated: 0 };

  constructor(private readonly deps: TokenCounterDeps, private readonly limits: TokenCounterLimits = TOKEN_COUNT_LIMITS) {}

  /** `model` is what the request names; `region` keys what is unsupported; `estimate` answers otherwise. */
  async count(model: string, region: string, text: string, estimate: (text: string) => number, signal?: AbortSignal): Promise<number> {
    const sent = redactSecrets(text).text;
    const where = `${model}\u0000${region}`;
    const now = (this.deps.now ?? Date.now)();
    if (!this.deps.count || sent.length < this.limits.minChars || this.unsupported.has(where) || now < this.pausedUntil || signal?.aborted) {
      return this.estimated(estimate(sent));
    }
    const key = `${where}\u0000${createHash('sha256').update(sent).digest('base64')}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      this.stats.cached++;
      return hit;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      if (this.inFlight.size >= this.limits.maxInFlight) return this.estimated(estimate(sent));
      pending = this.ask(model, where, key, sent).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const n = await untilAborted(pending, signal);
    return n ?? this.estimated(estimate(sent));
  }

  private estimated(n: number): number {
    this.stats.estimated++;
    return n;
  }

  /** Bedrock's count, or undefined (too slow, unsupported, failed): the caller estimates. */
  private async ask(model: string, where: string, key: string, text: string): Promise<number | undefined> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.limits.timeoutMs);
    try {
      const n = await this.deps.count!(model, text, controller.signal);
      if (!Number.isInteger(n) || n < 0) return undefined;
      this.cache.set(key, n);
      if (this.cache.size > this.limits.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.stats.counted++;
      return n;
    } catch (e) {
      if (controller.signal.aborted) return undefined;
      const error = e as BedrockError;
      if (typeof error?.kind === 'string' && countTokensFailure(error) === 'unsupported') {
        this.unsupported.add(where);
        this.deps.log?.(`CountTokens is not available for this model here (${error.detail}); VS Code chat uses token estimates.`);
      } else {
        this.pausedUntil = (this.deps.now ?? Date.now)() + this.limits.backoffMs;
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The promise's value, or undefined as soon as the caller gives up (VS Code cancelled the count). */
function untilAborted<T>(p: Promise<T | undefined>, signal?: AbortSignal): Promise<T | undefined> {
  if (!signal) return p;
  return new Promise((resolve) => {
    const done = () => resolve(undefined);
    signal.addEventListener('abort', done, { once: true });
    void p.then((v) => {
      signal.removeEventListener('abort', done);
      resolve(v);
    });
  });
}
