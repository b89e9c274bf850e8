// Named filters for what a model writes around or instead of code: junk before the code, leaked prompt
// lines, placeholders and refusals, inline backticks, wrapper tags that are not ours. Each is small and
// linear in the answer; extract.ts and postprocess.ts apply them in order.

import { opensBlock, scanCode } from './syntax';
import { ELLIPSIS_LINE, type EllipsisIsCode } from './ellipsisBodies';

/** Languages whose text is prose: sentences there are content, not the model talking. */
const PROSE_LANGUAGES = new Set(['markdown', 'plaintext', 'restructuredtext', 'asciidoc', 'latex', 'tex', 'org', 'text', 'mdx']);
/** Markup whose text content between tags is prose. */
const MARKUP_LANGUAGES = new Set(['html', 'xml', 'vue', 'svelte', 'astro', 'javascriptreact', 'typescriptreact', 'php', 'handlebars', 'razor', 'erb', 'django-html', 'jinja']);

export function isProseLanguage(languageId = ''): boolean {
  return PROSE_LANGUAGES.has(languageId);
}

/**
 * Whether a sentence at the cursor is content: in a prose file, in the text between markup tags, in a
 * comment, or inside a string literal still open on the cursor line (or a triple-quoted one).
 */
export function proseFits(linePrefix: string, languageId = ''): boolean {
  if (isProseLanguage(languageId)) return true;
  if (MARKUP_LANGUAGES.has(languageId) && linePrefix.lastIndexOf('>') > linePrefix.lastIndexOf('<')) return true;
  return inCommentOrString(linePrefix) || openTextBlock(linePrefix) !== undefined;
}

/** A comment or a string opened on the cursor line and not closed before the cursor. */
function inCommentOrString(line: string): boolean {
  if (/^\s*(?:\*|\/\*|<!--|--|;|%|')/.test(line)) return true;
  const scan = scanCode(line);
  return scan.inComment || scan.openQuote !== undefined;
}

/** The delimiter of a multi-line text block the cursor line opens and leaves open (`"""`, `'''`, a backtick). */
export function openTextBlock(linePrefix: string): string | undefined {
  for (const delim of ['"""', "'''"]) {
    if (linePrefix.split(delim).length % 2 === 0) return delim;
  }
  return undefined;
}

/** Another model's end-of-text or turn token (`<|endoftext|>`, `<|im_end|>`, `<|eot_id|>`, `<EOT>`, DeepSeek's `<｜end▁of▁sentence｜>`). */
const END_TOKEN = /<[|｜](?:endoftext|end_of_text|end|eot_id|eos|im_end|im_start|file_separator|end▁of▁sentence)[|｜]>|<EOT>/i;

/**
 * Where an end-of-text token stands in code (not inside a string literal or a comment, where it may be the
 * tokenizer constant a user writes), or -1. Nothing after it belongs to the answer.
 */
export function endTokenAt(text: string): number {
  if (!END_TOKEN.test(text)) return -1;
  let start = 0;
  for (const line of text.split('\n')) {
    const re = new RegExp(END_TOKEN.source, 'gi');
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const scan = scanCode(line.slice(0, m.index));
      if (scan.openQuote === undefined && !scan.inComment) return start + m.index;
    }
    start += line.length + 1;
  }
  return -1;
}

/** The answer up to a leaked end-of-text token, without the spaces before it. */
export function cutAtEndToken(text: string): string {
  const at = endTokenAt(text);
  return at < 0 ? text : text.slice(0, at).replace(/[ \t]+$/, '');
}

/** Files where `&lt;` and `&amp;` are written as such (markup, prose, XML dialects). */
const ENTITIES_ARE_TEXT = new Set([...MARKUP_LANGUAGES, ...PROSE_LANGUAGES, 'xsl', 'svg', 'xhtml', 'jsp']);
const ENTITY = /&(?:lt|gt|amp|quot|apos|#39|#x27);/g;
const DECODED: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'", '&#39;': "'", '&#x27;': "'" };

/**
 * An answer HTML-escaped on its way (`n &gt;= lo &amp;&amp; ok`) is decoded. Only in code files, and only
 * when an entity stands in code rather than in a string or comment (`'&amp;'` in a string is the user's
 * text) and not right after `/` or `\` (a regular expression that matches the entity).
 */
export function unescapeHtmlEntities(text: string, languageId = ''): string {
  if (!/&(?:lt|gt|amp|quot);/.test(text) || ENTITIES_ARE_TEXT.has(languageId)) return text;
  // Real tags next to the entities: markup (JSX in a .js file), where `&amp;` is written as such.
  if (/<\/[A-Za-z]|<[A-Za-z][\w.-]*(?:\s+[\w-]+=|\s*\/?>)/.test(text)) return text;
  const inCode = text.split('\n').some((line) => {
    let found = false;
    scanCode(line, (ch, i) => {
      if (!found && ch === '&' && !/[/\\]/.test(line[i - 1] ?? '') && /^&(?:lt|gt|amp|quot);/.test(line.slice(i, i + 6))) found = true;
    });
    return found;
  });
  return inCode ? text.replace(ENTITY, (e) => DECODED[e] ?? e) : text;
}

const ZERO_WIDTH = /[\u200B\u200C\u200D\u2060\uFEFF]/g;

/** Zero-width characters are never code; at the start they are junk together with the spaces after them. */
export function stripZeroWidth(text: string): string {
  return text.replace(/^[\u200B\u200C\u200D\u2060\uFEFF]+[ \t]*/, '').replace(ZERO_WIDTH, '');
}

/** Languages where a leading `-`, `+`, `*` or `.` starts real content (lists, diffs, `. file`). */
const BULLET_LANGUAGES = new Set([...PROSE_LANGUAGES, 'yaml', 'diff', 'shellscript', 'git-commit', 'ignore', 'properties']);

/**
 * Junk before the code at the start of a line: a bullet, an emoji, or a diff marker or dot followed by
 * spaces where a statement starts (after `;`, `{`, `}` or at the top). Kept where such a start is content
 * (Markdown, YAML lists, diffs) and in comments (` * ` of a doc comment).
 */
export function stripLeadingJunk(text: string, atLineStart: boolean, languageId = '', lineAbove?: string): string {
  let out = text.replace(/^(?:\p{Extended_Pictographic}\uFE0F?|[\u2022\u25CF\u25AA\u25BA\u27A4\u2795\u2796])[ \t]*/u, '');
  const statementStart = lineAbove === undefined || /[;{}]\s*$/.test(lineAbove.slice(-200));
  if (atLineStart && statementStart && !BULLET_LANGUAGES.has(languageId)) out = out.replace(/^[ \t]*[-+.][ \t]+(?=[\w$"'`(\[])/, '');
  return out;
}

/** A line where the model went on writing the prompt instead of the code. */
const LEAK_LINE = /^\s*(?:(?:Human|Assistant|User|H|A):\s|(?:\/\/|#|--|;|%|\/\*)\s*(?:Path|File(?:name)?):\s*\S+|<\/?(?:file|snippet)\b|<\/?(?:user|assistant|human|system)>)/;

/** A file-name header comment (`// File: src/a.ts`, `# Path: main.tf`): the prompt's own header, echoed. */
const PATH_HEADER = /^\s*(?:\/\/|#|--|;|%|\/\*|<!--)\s*(?:(?:Path|File(?:name)?):\s*\S+|[\w.-]+(?:\/[\w.-]+)+\.[A-Za-z]\w{0,4})\s*(?:\*\/|-->)?\s*$/i;

/**
 * Cuts the answer at the first leaked prompt line. A file-name header before any code is the model
 * labelling its answer: that line goes and the code after it stays.
 */
export function cutPromptLeak(text: string): string {
  let lines = text.split('\n');
  let head = 0;
  while (head < lines.length && (PATH_HEADER.test(lines[head]) || (head > 0 && !lines[head].trim() && PATH_HEADER.test(lines[head - 1])))) head++;
  if (head > 0) lines = lines.slice(head);
  const at = lines.findIndex((l) => LEAK_LINE.test(l));
  return at < 0 ? lines.join('\n') : lines.slice(0, at).join('\n');
}

/**
 * An answer written as a diff: every line starts with `+` or `-` (a removal), some with `+`. The removed
 * lines go, the markers of the added ones go; the rest of each line (its indentation) stays. Not where a
 * leading `-` or `+` is content (YAML lists, Markdown, diffs), nor for `++i` / `--` comments.
 */
export function stripDiffMarkers(text: string, languageId = ''): string {
  if (BULLET_LANGUAGES.has(languageId)) return text;
  const lines = text.split('\n');
  const code = lines.filter((l) => l.trim());
  if (code.length < 2 || !code.every((l) => /^[+-](?![+-])/.test(l)) || !code.some((l) => l.startsWith('+'))) return text;
  return lines.filter((l) => !l.startsWith('-')).map((l) => l.slice(l.startsWith('+') ? 1 : 0)).join('\n');
}

const COMMENT = String.raw`(?:\/\/|#|--|\/\*+|<!--|;)`;
/** Lines standing for code the model left out: `...`, `// ... existing code ...`, `# TODO: implement`. */
const PLACEHOLDER_LINES = [
  /^\s*(?:\.{3}|…)\s*$/,
  new RegExp(String.raw`^\s*${COMMENT}\s*(?:\.{3}|…)`),
  new RegExp(String.raw`^\s*${COMMENT}\s*(?:rest of (?:the )?(?:code|function|method|implementation|file|class)|existing code|(?:your )?(?:code|implementation|logic) (?:goes )?here|your code here)\b`, 'i'),
  new RegExp(String.raw`^\s*${COMMENT}\s*TODO\b[:\s-]*(?:implement(?:ation)?(?: (?:this|me|here|it|the \w+))?|add (?:code|logic|implementation)(?: here)?)?\s*(?:\*\/|-->)?\s*$`, 'i'),
];

/** A comment that is only a note of work to do. */
const TODO_NOTE = new RegExp(String.raw`^\s*${COMMENT}\s*(?:TODO|FIXME)\b.*$`, 'i');

export function isPlaceholderLine(line: string): boolean {
  return PLACEHOLDER_LINES.some((re) => re.test(line));
}

/**
 * Placeholders are not code: a placeholder line ends the answer (what follows re-quotes the file), and an
 * answer that is nothing but placeholders is empty. A block whose body is only a placeholder is a skeleton:
 * it goes with its header (`for (…) {` alone would leave the user a block to close and fill by hand).
 */
export function cutPlaceholders(text: string, ellipsisIsCode?: EllipsisIsCode): string {
  const lines = text.split('\n');
  // A lone `...` is a placeholder unless the language and the context say it is a body (ellipsisBodies.ts).
  const placeholder = (i: number) => isPlaceholderLine(lines[i]) && !(ellipsisIsCode && ELLIPSIS_LINE.test(lines[i]) && ellipsisIsCode(lines, i));
  // An answer that is only to-do notes (`// TODO: convert the error`) leaves the work undone: nothing to show.
  if (lines.every((l) => !l.trim() || TODO_NOTE.test(l))) return '';
  let start = 0;
  while (start < lines.length && (placeholder(start) || (!lines[start].trim() && start > 0))) start++;
  if (start === lines.length) return '';
  const rel = lines.slice(start).findIndex((_, j) => placeholder(start + j));
  let end = rel < 0 ? lines.length : start + rel;
  if (rel > 0) {
    let header = end - 1;
    while (header > start && !lines[header].trim()) header--;
    if (opensBlock(lines[header])) end = header;
  }
  if (end === start) return '';
  // A leading blank line of the answer (the code starts on the next line) is kept.
  return (start > 0 && !lines[0].trim() ? [''] : []).concat(lines.slice(start, end)).join('\n');
}

/** The model declining instead of answering. */
const REFUSAL = /^\s*(?:i'?m (?:sorry|unable|not able)|i am (?:sorry|unable|not able)|i (?:cannot|can't|can not|could not|couldn't)|unable to|sorry,|as an ai|there is nothing|no completion|nothing to (?:complete|insert|add))/i;

export function isRefusal(text: string): boolean {
  return REFUSAL.test(text);
}

/** Wrapper tags other than ours around the whole answer: `<code>`, `<CODE1234>`, `<completion>`. */
const FOREIGN_WRAPPER = /^\s*<(code\d*|CODE\d*|completion|answer|output|result|suggestion|snippet)>\n?([\s\S]*?)\n?<\/\1>\s*$/;

export function unwrapForeignTags(text: string, languageId = ''): string {
  const m = FOREIGN_WRAPPER.exec(text);
  if (!m) {
    // An opening wrapper whose close was cut off by the stop sequence or the token limit.
    const open = /^\s*<(CODE\d+|completion|answer|output)>\n?/.exec(text);
    return open ? text.slice(open[0].length) : text;
  }
  // `<code>` is real markup in markup and prose files.
  if (/^code$/i.test(m[1]) && (MARKUP_LANGUAGES.has(languageId) || isProseLanguage(languageId))) return text;
  return m[2];
}

/** Languages where backticks are code: Markdown, shell command substitution, Go raw strings, JS templates. */
const BACKTICK_LANGUAGES = new Set(['markdown', 'mdx', 'shellscript', 'powershell', 'go', 'kotlin', 'scala', 'mysql', 'sql', 'perl', 'haskell', 'r', 'ruby', 'julia', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'svelte']);

/**
 * A one-line answer wrapped in inline backticks (`foo()`) is code quoted in Markdown. In languages where
 * backticks are syntax the answer is kept unless it is plainly a quoted call or statement.
 */
export function unwrapInlineBackticks(text: string, languageId = ''): string {
  const m = /^\s*`([^`\n]+)`\s*$/.exec(text);
  if (!m) return text;
  const inner = m[1];
  if (!BACKTICK_LANGUAGES.has(languageId)) return inner;
  if (languageId === 'markdown' || languageId === 'mdx' || languageId === 'shellscript' || languageId === 'go') return text;
  return !inner.includes('${') && /[()=;]/.test(inner) ? inner : text;
}

/** A line that ends in the same chunk repeated again and again (`foo = foo = foo = …`): a model loop. */
export function endsInRepetition(line: string, minRepeats = 4): boolean {
  const t = line.trimEnd();
  for (let p = 2; p <= 40 && p * minRepeats <= t.length; p++) {
    let run = 0;
    for (let i = t.length - 1 - p; i >= 0 && t[i] === t[i + p]; i--) run++;
    const unit = t.slice(t.length - p);
    if ((run + p) / p >= minRepeats && /[A-Za-z]/.test(unit)) return true;
  }
  return false;
}
