// Every log line passes redaction before it reaches the output channel.

import type { Logger } from '../shared/logger';
import { redactSecrets } from './redact';

const redactText = (s: string) => (s.length > 0 ? redactSecrets(s).text : s);

function redactArg(a: unknown): unknown {
  if (typeof a === 'string') return redactText(a);
  if (a instanceof Error) {
    const e = new Error(redactText(a.message));
    e.name = a.name;
    if (a.stack) e.stack = redactText(a.stack);
    return e;
  }
  return a;
}

/**
 * Redacts secret-shaped text in every line before `inner` sees it. Error details come from the SDK and from
 * helpers such as a profile's credential_process (whose failure message quotes its command line and
 * stderr), so no call site can promise its text is clean; the output channel is often pasted into issues.
 */
export function redactingLogger(inner: Logger): Logger {
  const wrap = (level: Exclude<keyof Logger, 'error'>) => (message: string, ...args: unknown[]) =>
    inner[level](redactText(message), ...args.map(redactArg));
  return {
    trace: wrap('trace'),
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: (message: string | Error, ...args: unknown[]) => inner.error(redactArg(message) as string | Error, ...args.map(redactArg)),
  };
}
