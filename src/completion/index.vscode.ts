// The thin VS Code side of completions: an InlineCompletionItemProvider that turns documents, positions
// and cancellation tokens into the engine's plain shapes, the on/off/snooze command, and the wiring to
// credentials and settings.

import * as vscode from 'vscode';
import type { Services } from '../services';
import { DEFAULT_CHARS_PER_TOKEN, findModel } from '../bedrock/catalog';
import { isProbablyBinary, looksMinified, SAMPLE_CHARS, SIZE_LIMITS } from '../privacy/sendable';
import { readCompletionSettings } from '../shared/config.vscode';
import { CompletionEngine, type EngineDeps, type ModelTraits } from './engine';
import { CompletionState, type CompletionMode } from './state';
import type { SnippetSource } from './snippets';
import type { CompletionDocument, CompletionOutcome } from './types';
import { Warmup } from './warmup';
import { keystrokeAt } from './rhythm';
import { AcceptanceTracker } from './acceptanceTracker';
import { suggestionEndEvents } from './acceptanceEvents.vscode';
import type { AcceptanceStore } from '../status/api';
import { abortableSleep } from './flight';
import { currentTrace, preciseNow, runTraced, traceWriterFromEnv } from '../shared/trace';
import { traceGate, tracedSleep, tracedStreamer } from './traced';
import { GrammarLoader } from './parse/loader';
import { syntaxCheck } from './parse/syntaxCheck';
import { vscodeGrammarDir } from './parse/grammarDir.vscode';

const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-notebook-cell', 'vscode-vfs']);
const MAX_SNIPPET_DOCUMENT_LINES = 50_000;
/** Run by VS Code after Tab inserts one of our items (not in package.json: nobody calls it by hand). */
const ACCEPTED_COMMAND = 'bedrockHaiku.completion.accepted';
/**
 * Makes VS Code ask again at the cursor, for the block whose first line is on screen. Its precondition is
 * that inline ghost text is visible: after Escape (or once the line is gone) it does nothing.
 */
const ASK_AGAIN_COMMAND = 'editor.action.inlineSuggest.showNext';
/** How long a suggestion inserted to its end waits for that command before it counts as typed through. */
const ACCEPT_COMMAND_WAIT_MS = 1000;
/**
 * The UI latency benchmark's "before" (test/bench/ui): `edit` counts the debounce from the edit's arrival
 * here, `none` waits the whole debounce on top of the editor's own wait. Unset: from the keystroke.
 */
const BENCH_WAIT_FROM = process.env.HAIKU_BENCH_WAIT_FROM;

export function toCompletionDocument(doc: vscode.TextDocument): CompletionDocument {
  return {
    uri: doc.uri.toString(),
    relativePath: doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false),
    languageId: doc.languageId,
    version: doc.version,
    eol: doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    get lineCount() {
      return doc.lineCount;
    },
    lineAt: (i: number) => doc.lineAt(i).text,
  };
}

/** The start of a document (up to 8 KB) without `getText()` of the whole file. */
function sampleOf(doc: vscode.TextDocument): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; i < doc.lineCount && n < SAMPLE_CHARS; i++) {
    const text = doc.lineAt(i).text;
    parts.push(text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text);
    n += text.length + 1;
  }
  return parts.join('\n');
}

/** VS Code's stamp of the request, taken in the window at the edit (VS Code 1.139 passes it; older hosts do not). */
function issuedAt(context: vscode.InlineCompletionContext): number | undefined {
  const at = (context as { requestIssuedDateTime?: unknown }).requestIssuedDateTime;
  return typeof at === 'number' ? at : undefined;
}

export class CompletionProvider implements vscode.InlineCompletionItemProvider, vscode.Disposable {
  readonly engine: CompletionEngine;
  private readonly lastActive = new Map<string, number>();
  private readonly unsendable = new Map<string, { at: number; bad: boolean }>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The connection and credentials get ready when the person comes back, not at the first request. */
  private readonly warmup = new Warmup(() => void this.services.bedrock.preconnect?.());
  /** The latest edit (wall clock, ms): the editor's own wait before asking counts inside the debounce. */
  private lastEdit: { uri: string; at: number } | undefined;
  /** The window's own stamp of the latest call (VS Code's `requestIssuedDateTime`, not in the stable API types). */
  private lastIssued: { uri: string; at: number | undefined } | undefined;
  /** Timing marks per call for the UI latency benchmark; only when HAIKU_TRACE_FILE is set. */
  private readonly traces = traceWriterFromEnv();
  /** The last outcome, for the extension-host tests. */
  lastOutcome: CompletionOutcome | undefined;
  /** Counts shown / accepted / typed through, when an acceptance store is given. */
  private tracker: AcceptanceTracker | undefined;
  /** Grammars for the parse gate, each loaded from the first request sent in its language (never at activation). */
  readonly grammars: GrammarLoader;

  constructor(
    private readonly services: Services,
    readonly state: CompletionState,
    overrides: Partial<EngineDeps> = {},
  ) {
    this.grammars = new GrammarLoader({ dir: vscodeGrammarDir, log: (m) => services.log.info(m) });
    const deps: EngineDeps = {
      streamer: services.bedrock,
      state,
      settings: (doc) => (doc ? readCompletionSettings({ uri: vscode.Uri.parse(doc.uri), languageId: doc.languageId }) : services.config().completions),
      model: () => this.modelTraits(),
      isExcluded: (doc) => this.services.exclusions.isExcluded(vscode.Uri.parse(doc.uri)),
      otherDocuments: () => this.otherDocuments(),
      log: services.log,
      speculation: {},
      sinceEdit: (uri) => this.sinceKeystroke(uri),
      reask: () => void vscode.commands.executeCommand(ASK_AGAIN_COMMAND),
      syntax: syntaxCheck(this.grammars, { onOutcome: (language, action) => action !== 'kept' && action !== 'skipped' && services.log.debug(`parse gate: ${action} (${language})`) }),
      ...overrides,
    };
    if (this.traces) {
      const inner = deps.streamer;
      deps.streamer = tracedStreamer(inner, () => this.engine.stats.requests);
      deps.sleep = tracedSleep(deps.sleep ?? abortableSleep);
      traceGate(services.bedrock as { gate?: (...args: never[]) => unknown });
    }
    this.engine = new CompletionEngine(deps);
    const touch = (uri: vscode.Uri) => this.lastActive.set(uri.toString(), Date.now());
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        touch(e.document.uri);
        this.lastEdit = { uri: e.document.uri.toString(), at: preciseNow() };
        this.tracker?.changed(e.document.uri.toString(), e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, text: c.text })));
      }),
      ...suggestionEndEvents(() => this.tracker),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        this.engine.leave();
        this.tracker?.leave();
        if (e) touch(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.lastActive.delete(d.uri.toString());
        this.unsendable.delete(d.uri.toString());
      }),
      services.bedrock.onDidChangeCredentials(() => this.engine.resume()),
      vscode.window.onDidChangeWindowState((w) => {
        if (w.focused && state.mode() === 'on') this.warmup.activity();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bedrockHaiku.model') || e.affectsConfiguration('bedrockHaiku.exclude')) this.engine.cache.clear();
        // A permanent failure (access denied, retired model …) may be fixed by any of our settings.
        if (e.affectsConfiguration('bedrockHaiku')) this.engine.resume();
      }),
    );
    const problem = services.bedrock.authProblem();
    if (problem) state.setSignedOut(problem.message);
  }

  provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!this.traces) return this.provide(document, position, context, token);
    const trace = this.traces.start();
    trace.mark('called');
    if (this.lastEdit?.uri === document.uri.toString()) trace.mark('edit', this.lastEdit.at);
    const issued = issuedAt(context);
    if (issued !== undefined) trace.mark('issued', issued);
    trace.set({ trigger: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke ? 'explicit' : 'automatic' });
    return runTraced(trace, () => this.provide(document, position, context, token)).finally(() => {
      trace.mark('returned');
      this.traces?.write(trace);
    });
  }

  private async provide(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!SCHEMES.has(document.uri.scheme)) return undefined;
    // A workspace may turn completions off, never back on over the user's "off".
    if (!readCompletionSettings(document).enabled) return undefined;
    // The suggest widget is open: its item decides what is typed next.
    if (context.selectedCompletionInfo) return undefined;
    if (!this.sendable(document)) return undefined;
    // Before the debounce, so the handshake overlaps it.
    if (this.state.mode() === 'on') this.warmup.activity();
    await this.services.exclusions.ready;

    this.lastIssued = { uri: document.uri.toString(), at: issuedAt(context) };
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    try {
      const editor = vscode.window.activeTextEditor;
      const hasSelection = editor?.document === document && !editor.selection.isEmpty;
      const outcome = await this.engine.provide(
        {
          document: toCompletionDocument(document),
          position: { line: position.line, character: position.character },
          offset: document.offsetAt(position),
          trigger: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke ? 'explicit' : 'automatic',
          hasSelection,
        },
        controller.signal,
      );
      this.lastOutcome = outcome;
      if (!outcome.item || token.isCancellationRequested) {
        currentTrace()?.set({ outcome: outcome.skipped ?? 'cancelled' });
        return undefined;
      }
      currentTrace()?.set({ outcome: outcome.item.source, itemRequestId: outcome.item.requestId });
      const { insertText, replaceSuffixChars } = outcome.item;
      const text = document.eol === vscode.EndOfLine.CRLF ? insertText.replace(/\n/g, '\r\n') : insertText;
      const end = position.translate(0, Math.min(replaceSuffixChars, document.lineAt(position.line).text.length - position.character));
      const item = new vscode.InlineCompletionItem(text, new vscode.Range(position, end));
      if (this.tracker) {
        const continued = outcome.item.source === 'typedThrough' || !!outcome.item.completes;
        this.tracker.shown(document.uri.toString(), document.languageId, document.offsetAt(position), text, continued);
        item.command = { command: ACCEPTED_COMMAND, title: 'Completion accepted', arguments: [document.languageId] };
      }
      return [item];
    } catch (e) {
      // Completions never pop up errors.
      this.services.log.warn(`completion failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      sub.dispose();
    }
  }

  /** Counts what becomes of each suggestion in `store` (locally only). */
  trackAcceptance(store: Pick<AcceptanceStore, 'record'>): void {
    this.tracker = new AcceptanceTracker({
      record: (kind, language, detail) => store.record({ feature: 'completion', kind, language, ...detail }),
      defer: (run) => {
        const t = setTimeout(run, ACCEPT_COMMAND_WAIT_MS);
        return { cancel: () => clearTimeout(t) };
      },
    });
  }

  /** VS Code ran the command of an item of ours: Tab accepted it. */
  accepted(language: unknown): void {
    this.tracker?.accepted(typeof language === 'string' ? language : 'unknown');
  }

  dispose(): void {
    this.engine.dispose();
    for (const d of this.disposables) d.dispose();
    this.grammars.dispose();
  }

  /** How long ago the keystroke behind the latest call to `uri` happened, when known. */
  private sinceKeystroke(uri: string): number | undefined {
    if (this.lastEdit?.uri !== uri || BENCH_WAIT_FROM === 'none') return undefined;
    const issued = this.lastIssued?.uri === uri && BENCH_WAIT_FROM !== 'edit' ? this.lastIssued.at : undefined;
    return preciseNow() - keystrokeAt(this.lastEdit.at, issued);
  }

  private modelTraits(): ModelTraits {
    const m = this.services.bedrock.resolved();
    const catalog = m.catalogId ? findModel(m.catalogId) : undefined;
    return { acceptsPrefill: catalog?.acceptsPrefill ?? false, charsPerToken: catalog?.charsPerToken ?? DEFAULT_CHARS_PER_TOKEN };
  }

  /** Binary, minified or enormous documents are skipped; the verdict is kept for a while per document. */
  private sendable(doc: vscode.TextDocument): boolean {
    const key = doc.uri.toString();
    const known = this.unsendable.get(key);
    if (known && Date.now() - known.at < 30_000) return !known.bad;
    const last = doc.lineAt(doc.lineCount - 1).range.end;
    const length = doc.offsetAt(last);
    const sample = sampleOf(doc);
    const bad = length > SIZE_LIMITS.completionDocumentChars || isProbablyBinary(sample) || looksMinified(sample);
    this.unsendable.set(key, { at: Date.now(), bad });
    return !bad;
  }

  private otherDocuments(): SnippetSource[] {
    const out: SnippetSource[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      if (!SCHEMES.has(doc.uri.scheme) || doc.lineCount > MAX_SNIPPET_DOCUMENT_LINES) continue;
      if (this.services.exclusions.isExcluded(doc.uri).excluded || !this.sendable(doc)) continue;
      out.push({
        uri: doc.uri.toString(),
        relativePath: doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false),
        languageId: doc.languageId,
        version: doc.version,
        lines: { lineCount: doc.lineCount, lineAt: (i: number) => doc.lineAt(i).text },
        lastActive: this.lastActive.get(doc.uri.toString()) ?? 0,
      });
    }
    return out;
  }
}

const MODE_PICKS: { label: string; mode: CompletionMode; description: string }[] = [
  { label: '$(check) On', mode: 'on', description: 'Show inline completions' },
  { label: '$(circle-slash) Off', mode: 'off', description: 'Until turned on again' },
  { label: '$(clock) Off for 15 minutes', mode: 'snoozed', description: 'Back on by itself' },
];

export interface CompletionsHooks {
  /** Built and owned by the root (src/extension.ts), with the budget's pause check. */
  state: CompletionState;
  /** Where shown / accepted / typed-through counts go (local only). */
  acceptance?: Pick<AcceptanceStore, 'record'>;
}

export function registerCompletions(services: Services, hooks: CompletionsHooks): vscode.Disposable[] {
  const { state } = hooks;
  const provider = new CompletionProvider(services, state);
  if (hooks.acceptance) provider.trackAcceptance(hooks.acceptance);

  const toggle = vscode.commands.registerCommand('bedrockHaiku.toggleCompletions', async (mode?: CompletionMode) => {
    if (mode !== 'on' && mode !== 'off' && mode !== 'snoozed') {
      const now = state.mode();
      const pick = await vscode.window.showQuickPick(
        MODE_PICKS.map((p) => ({ ...p, picked: p.mode === now, detail: p.mode === now ? 'current' : undefined })),
        { title: 'Haiku inline completions', placeHolder: state.statusText() ?? 'Completions are on' },
      );
      if (!pick) return;
      mode = pick.mode;
    }
    state.set(mode);
    if (mode !== 'on') provider.engine.shown.forget();
  });

  return [
    vscode.commands.registerCommand(ACCEPTED_COMMAND, (language: unknown) => provider.accepted(language)),
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider),
    toggle,
    provider,
  ];
}
