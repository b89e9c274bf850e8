// One writer for test/bench/RESULTS.md: each benchmark replaces only its own section, between its markers.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const RESULTS_FILE = path.resolve(__dirname, 'RESULTS.md');

/** Replaces `<!-- name:start -->…<!-- name:end -->` with `body`, or appends the section when it is not there yet. */
export function writeResultsSection(name: string, body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trimEnd()}\n${end}`;
  let doc = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a >= 0 && b > a) doc = doc.slice(0, a) + block + doc.slice(b + end.length);
  else doc = `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(RESULTS_FILE, doc);
  console.log(`wrote the ${name} section of ${path.relative(process.cwd(), RESULTS_FILE)}`);
}
