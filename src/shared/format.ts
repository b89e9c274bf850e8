// Units as the user reads them, the same wherever they appear (status bar, chat footer, usage view).

/** 87 ms, 1.5 s, 12 s: milliseconds under a second, else seconds with one decimal below ten; a dash for none. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
