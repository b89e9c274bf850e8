import * as assert from 'node:assert/strict';
import { bedrockError } from '../../../src/bedrock/errors';
import type { BedrockError, ErrorKind } from '../../../src/bedrock/types';
import type { EditorSnapshot } from '../../../src/chat/context';
import { ChatController, type ChatHost } from '../../../src/chat/controller';
import { HistoryStore } from '../../../src/chat/historyStore';
import { ExclusionRules } from '../../../src/privacy';
import { silentLogger } from '../../../src/shared/logger';
import { LIMITS, type HostMessage } from '../../../src/shared/protocol';
import { FakeStreamer, HAIKU_45, MemoryStorage } from './helpers';

class TestHost implements ChatHost {
  posts: HostMessage[] = [];
  copied: string[] = [];
  applied: [string, string][] = [];
  opened: [string, string | undefined][] = [];
  external: string[] = [];
  errorActions: BedrockError[] = [];
  snap: EditorSnapshot | string = 'Open a file in the editor first.';
  noEditor = false;
  post(msg: HostMessage) {
    this.posts.push(structuredClone(msg));
  }
  async copy(text: string) {
    this.copied.push(text);
  }
  async applyCode(action: 'insert' | 'replace', code: string) {
    if (this.noEditor) return 'Open a file in the editor first.';
    this.applied.push([action, code]);
    return undefined;
  }
  async openInEditor(code: string, language?: string) {
    this.opened.push([code, language]);
  }
  async openExternal(href: string) {
    this.external.push(href);
  }
  async snapshot() {
    return this.snap;
  }
  async exclusionRules() {
    return new ExclusionRules({ globs: [] });
  }
  async runErrorAction(e: BedrockError) {
    this.errorActions.push(e);
  }
  of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] {
    return this.posts.filter((p) => p.type === type) as Extract<HostMessage, { type: T }>[];
  }
}

function setup(storage = new MemoryStorage()) {
  const streamer = new FakeStreamer();
  const host = new TestHost();
  const store = new HistoryStore(storage, silentLogger);
  let t = 1000;
  const c = new ChatController({ streamer, resolved: () => HAIKU_45, store, host, log: silentLogger, now: () => ++t });
  return { c, streamer, host, store, storage };
}

describe('ChatController', () => {
  it('answers a question: turn started, deltas in order, settled answer with its footer figures', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.scripts.push({ chunks: ['Use ', '`Array.sort`', '.'] });
    await c.handle({ type: 'send', text: 'How do I sort?' });
    const started = host.of('turnStarted');
    assert.equal(started.length, 1);
    assert.equal(started[0].turn.question, 'How do I sort?');
    assert.deepEqual(host.of('delta').map((d) => [d.text, d.seq]), [['Use ', 0], ['`Array.sort`', 1], ['.', 2]]);
    const done = host.of('answerDone')[0];
    assert.equal(done.answer.status, 'complete');
    assert.equal(done.answer.text, 'Use `Array.sort`.');
    assert.equal(done.answer.meta?.cacheReadTokens, 5000);
    assert.equal(done.answer.meta?.costUsd, 0.0032);
    assert.deepEqual(host.of('busy').map((b) => b.busy), [true, false]);
    assert.equal(streamer.requests[0].feature, 'chat');
    assert.equal(host.of('history').pop()?.history[0].title, 'How do I sort?');
  });

  it('sends the conversation so far with the next question', async () => {
    const { c, streamer } = setup();
    await c.init();
    streamer.scripts.push({ chunks: ['first answer'] }, { chunks: ['second answer'] });
    await c.send('first');
    await c.send('second');
    assert.deepEqual(streamer.requests[1].messages.map((m) => m.text), ['first', 'first answer', 'second']);
  });

  it('ignores messages that fail the guard and does nothing with them', async () => {
    const { c, host, streamer } = setup();
    await c.init();
    assert.equal(await c.handle({ type: 'send', text: 7 }), false);
    assert.equal(await c.handle({ type: 'openLink', href: 'javascript:alert(1)' }), false);
    assert.equal(await c.handle({ type: 'eval', code: 'x' }), false);
    assert.equal(streamer.requests.length, 0);
    assert.deepEqual(host.external, []);
    assert.deepEqual(host.posts, []);
  });

  it('answers ready with the whole state', async () => {
    const { c, host } = setup();
    await c.init();
    await c.handle({ type: 'ready' });
    const s = host.of('state')[0];
    assert.equal(s.model, 'Claude Haiku 4.5');
    assert.equal(s.busy, false);
    assert.deepEqual(s.conversation.turns, []);
  });

  it('Stop aborts the stream and keeps the partial answer as stopped', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.scripts.push({ chunks: ['one ', 'two ', 'three ', 'four'], delayMs: 20 });
    const started = streamer.nextStarts();
    const sending = c.send('count');
    await started;
    assert.equal(c.busy, true);
    await c.handle({ type: 'stop' });
    await sending;
    const done = host.of('answerDone')[0];
    assert.equal(done.answer.status, 'stopped');
    assert.equal(done.answer.text, 'one ');
    assert.equal(c.busy, false);
  });

  it('refuses a second question while one streams', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.scripts.push({ chunks: ['a', 'b'], delayMs: 20 });
    const started = streamer.nextStarts();
    const first = c.send('one');
    await started;
    await c.send('two');
    c.stop();
    await first;
    assert.equal(streamer.requests.length, 1);
    assert.match(host.of('sendRefused')[0].reason, /still streaming/, 'the webview is told, so it keeps the text');
    assert.equal(host.of('sendAccepted').length, 1, 'only the first question was taken');
  });

  it('tells the webview a question was taken before its turn starts (the box is cleared only then)', async () => {
    const { c, host } = setup();
    await c.init();
    await c.handle({ type: 'send', text: 'hi' });
    const kinds = host.posts.map((p) => p.type);
    assert.ok(kinds.indexOf('sendAccepted') >= 0 && kinds.indexOf('sendAccepted') < kinds.indexOf('turnStarted'), kinds.join());
  });

  it('answers a question over the limit with the limit, sends nothing and keeps no turn', async () => {
    const { c, host, streamer } = setup();
    await c.init();
    const text = 'log line\n'.repeat(120_000); // ~1 MB pasted log
    assert.equal(await c.handle({ type: 'send', text }), false);
    const refused = host.of('sendRefused');
    assert.equal(refused.length, 1);
    assert.match(refused[0].reason, /1,080,000 characters; the limit is 100,000/);
    assert.equal(streamer.requests.length, 0);
    assert.equal(c.conversation.turns.length, 0);
    assert.equal(host.of('sendAccepted').length, 0);
    // At the limit exactly it is a question like any other.
    assert.equal(await c.handle({ type: 'send', text: 'x'.repeat(LIMITS.sendChars) }), true);
    assert.equal(streamer.requests.length, 1);
  });

  it('shows a failure with its action and runs the action through the extension', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    const error: BedrockError = { kind: 'expiredSso', message: 'Your AWS SSO session has expired.', action: { id: 'signIn', label: 'Sign In' }, detail: 'CredentialsProviderError' };
    streamer.scripts.push({ chunks: [], end: { outcome: 'error', error, text: '' } });
    await c.send('hi');
    const done = host.of('answerDone')[0];
    assert.equal(done.answer.status, 'error');
    assert.deepEqual(done.answer.error?.action, { id: 'signIn', label: 'Sign In' });
    await c.handle({ type: 'errorAction', turnId: done.turnId });
    assert.deepEqual(host.errorActions, [error]);
  });

  it('retries in place a turn that failed before any text arrived', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.scripts.push(
      { chunks: [], end: { outcome: 'error', error: bedrockError('throttled', 'ThrottlingException'), text: '' } },
      { chunks: ['full answer'] },
    );
    await c.send('q');
    const turnId = host.of('answerDone')[0].turnId;
    await c.handle({ type: 'retry', turnId });
    assert.equal(c.conversation.turns.length, 1);
    assert.equal(c.conversation.turns[0].answer.text, 'full answer');
    assert.equal(c.conversation.turns[0].answer.status, 'complete');
    assert.deepEqual(streamer.requests[1].messages.map((m) => m.text), ['q']);
  });

  for (const kind of ['timedOut', 'streamReset', 'cutOff'] as ErrorKind[]) {
    it(`${kind} after some text: the text stays on screen and in history, the error under it, Retry asks again and keeps it`, async () => {
      const storage = new MemoryStorage();
      const { c, streamer, host } = setup(storage);
      await c.init();
      streamer.scripts.push(
        { chunks: ['def ', 'parse('], end: { outcome: kind === 'cutOff' ? 'cutOff' : 'error', error: bedrockError(kind, 'detail'), text: '' } },
        { chunks: ['def parse(s):\n    return s'] },
      );
      await c.send('write parse');
      const done = host.of('answerDone')[0];
      assert.equal(done.answer.text, 'def parse(', 'the partial answer is in the settled answer');
      assert.equal(done.answer.status, 'error');
      assert.equal(done.answer.error?.kind, kind);
      assert.deepEqual(done.answer.error?.action, { id: 'retry', label: 'Retry' });
      if (kind === 'timedOut') assert.match(done.answer.error!.message, /Bedrock stopped answering/);
      const stored = setup(storage);
      await stored.c.init();
      assert.equal(stored.c.conversation.turns[0].answer.text, 'def parse(', 'the partial answer is saved');

      await c.handle({ type: 'errorAction', turnId: done.turnId }); // the Retry button
      const [first, second] = c.conversation.turns;
      assert.equal(first.answer.text, 'def parse(', 'Retry keeps the partial answer');
      assert.equal(first.answer.error?.kind, kind);
      assert.equal(second.question, 'write parse', 'the same question, asked again');
      assert.equal(second.retryOf, first.id);
      assert.equal(second.answer.text, 'def parse(s):\n    return s');
      assert.deepEqual(streamer.requests[1].messages.map((m) => m.text), ['write parse'], 'the broken answer is not sent back');
      assert.equal(host.of('turnStarted')[1].turn.retryOf, first.id);
      const reloaded = setup(storage);
      await reloaded.c.init();
      assert.deepEqual(reloaded.c.conversation.turns.map((t) => [t.answer.text, t.answer.status, t.retryOf]), [
        ['def parse(', 'error', undefined],
        ['def parse(s):\n    return s', 'complete', first.id],
      ]);
    });
  }

  it('a retried turn that breaks off again keeps both partial answers; a follow-up sends only the full one', async () => {
    const { c, streamer } = setup();
    await c.init();
    const broken = (text: string) => ({ chunks: [text], end: { outcome: 'error' as const, error: bedrockError('streamReset', 'reset'), text: '' } });
    streamer.scripts.push(broken('one'), broken('one two'), { chunks: ['one two three'] }, { chunks: ['four'] });
    await c.send('count');
    await c.retry(c.conversation.turns[0].id);
    // Only the newest turn offers Retry: the older broken one is left as it is.
    await c.retry(c.conversation.turns[0].id);
    assert.equal(c.conversation.turns.length, 2);
    await c.retry(c.conversation.turns[1].id);
    assert.deepEqual(c.conversation.turns.map((t) => t.answer.text), ['one', 'one two', 'one two three']);
    await c.send('and then?');
    assert.deepEqual(streamer.requests[3].messages.map((m) => m.text), ['count', 'one two three', 'and then?']);
  });

  it('a thrown streamer after some text keeps the text too', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.stream = async (_req, opts) => {
      opts?.onText?.('half an ', 'half an ');
      throw new Error('socket hang up');
    };
    await c.send('q');
    const done = host.of('answerDone')[0];
    assert.equal(done.answer.status, 'error');
    assert.equal(done.answer.text, 'half an ');
  });

  it('retries a budget refusal by itself once the user has allowed more', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    const error: BedrockError = { kind: 'budget', message: 'Budget spent.', action: { id: 'overrideBudget', label: 'Allow for today' }, detail: '' };
    streamer.scripts.push({ chunks: [], end: { outcome: 'error', error, text: '' } }, { chunks: ['ok now'] });
    await c.send('q');
    await c.handle({ type: 'errorAction', turnId: c.conversation.turns[0].id });
    assert.equal(host.errorActions.length, 1);
    assert.equal(c.conversation.turns[0].answer.text, 'ok now');
  });

  it('routes code-block actions to the editor and clipboard', async () => {
    const { c, host } = setup();
    await c.init();
    await c.handle({ type: 'codeAction', action: 'copy', code: 'a()' });
    await c.handle({ type: 'codeAction', action: 'insert', code: 'b()' });
    await c.handle({ type: 'codeAction', action: 'replace', code: 'c()' });
    await c.handle({ type: 'codeAction', action: 'open', code: 'd()', language: 'ts' });
    assert.deepEqual(host.copied, ['a()']);
    assert.deepEqual(host.applied, [['insert', 'b()'], ['replace', 'c()']]);
    assert.deepEqual(host.opened, [['d()', 'ts']]);
    host.noEditor = true;
    await c.handle({ type: 'codeAction', action: 'insert', code: 'e()' });
    assert.match(host.of('notice').pop()!.text, /Open a file/);
  });

  it('opens http(s) links only', async () => {
    const { c, host } = setup();
    await c.init();
    await c.handle({ type: 'openLink', href: 'https://docs.aws.amazon.com/bedrock/' });
    await c.handle({ type: 'openLink', href: 'command:workbench.action.reloadWindow' });
    assert.deepEqual(host.external, ['https://docs.aws.amazon.com/bedrock/']);
  });

  it('attaches context, sends it with the next question, then clears it', async () => {
    const { c, host, streamer } = setup();
    await c.init();
    host.snap = { relativePath: 'src/a.ts', languageId: 'typescript', text: 'const token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";\n', startLine: 4, endLine: 4 };
    await c.handle({ type: 'attach', kind: 'selection' });
    const chips = host.of('attachments').pop()!.attachments;
    assert.equal(chips.length, 1);
    assert.equal(chips[0].label, 'src/a.ts:4');
    assert.equal(chips[0].redactions, 1);
    assert.match(host.of('notice').pop()!.text, /1 secret in src\/a\.ts:4/);
    await c.send('what is this?');
    const prompt = streamer.requests[0].messages[0].text;
    assert.match(prompt, /Selected lines 4 of `src\/a\.ts`/);
    assert.doesNotMatch(prompt, /ghp_0123/);
    assert.ok(prompt.endsWith('what is this?'));
    assert.deepEqual(host.of('attachments').pop()!.attachments, []);
    assert.equal(host.of('turnStarted')[0].turn.attachments[0].label, 'src/a.ts:4');
    assert.ok(host.of('turnStarted')[0].turn.contextSent?.includes('<redacted:github-token>'));
  });

  it('says why context cannot be attached', async () => {
    const { c, host } = setup();
    await c.init();
    host.snap = { relativePath: '.env', languageId: 'dotenv', text: 'A=1' };
    await c.handle({ type: 'attach', kind: 'file' });
    assert.match(host.of('notice').pop()!.text, /\.env is not sent/);
    host.snap = 'Select some code first.';
    await c.handle({ type: 'attach', kind: 'selection' });
    assert.equal(host.of('notice').pop()!.text, 'Select some code first.');
    assert.equal(host.of('attachments').length, 0);
  });

  it('removes an attachment on request', async () => {
    const { c, host } = setup();
    await c.init();
    host.snap = { relativePath: 'a.ts', languageId: 'typescript', text: 'x' };
    await c.handle({ type: 'attach', kind: 'file' });
    const id = host.of('attachments').pop()!.attachments[0].id;
    await c.handle({ type: 'removeAttachment', id });
    assert.deepEqual(host.of('attachments').pop()!.attachments, []);
  });

  it('reopens the last conversation after a restart, with an interrupted answer marked stopped', async () => {
    const storage = new MemoryStorage();
    const a = setup(storage);
    await a.c.init();
    a.streamer.scripts.push({ chunks: ['kept'] });
    await a.c.send('remember me');
    const b = setup(storage);
    await b.c.init();
    assert.equal(b.c.conversation.turns[0].question, 'remember me');
    assert.equal(b.c.conversation.turns[0].answer.text, 'kept');
    assert.equal(b.c.conversation.turns[0].answer.meta?.model, 'Claude Haiku 4.5');
  });

  it('New chat starts empty and keeps the old one in the history; Open brings it back', async () => {
    const { c, host } = setup();
    await c.init();
    await c.send('old question');
    const oldId = c.conversation.id;
    await c.handle({ type: 'newChat' });
    assert.equal(c.conversation.turns.length, 0);
    assert.equal(host.of('state').pop()!.history[0].id, oldId);
    await c.handle({ type: 'openConversation', id: oldId });
    assert.equal(c.conversation.id, oldId);
    assert.equal(host.of('state').pop()!.conversation.turns[0].question, 'old question');
  });

  it('deleting the open conversation starts a new one', async () => {
    const { c, host } = setup();
    await c.init();
    await c.send('to delete');
    const id = c.conversation.id;
    await c.handle({ type: 'deleteConversation', id });
    assert.notEqual(c.conversation.id, id);
    assert.deepEqual(host.of('state').pop()!.history, []);
  });

  it('startTurn from explain stops a running answer and streams its own turn with context sent', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.scripts.push({ chunks: ['slow ', 'answer'], delayMs: 30 }, { chunks: ['explained'] });
    const started = streamer.nextStarts();
    const first = c.send('slow one');
    await started;
    await c.startTurn({ title: 'Explain: TS2339', prompt: 'PROMPT', contextSent: 'the error and code', system: 'EXPLAIN SYSTEM', feature: 'explain' });
    await first;
    const [t1, t2] = c.conversation.turns;
    assert.equal(t1.answer.status, 'stopped');
    assert.equal(t2.answer.text, 'explained');
    assert.equal(streamer.requests[1].system, 'EXPLAIN SYSTEM');
    assert.equal(streamer.requests[1].feature, 'explain');
    assert.equal(host.of('turnStarted')[1].turn.contextSent, 'the error and code');
  });

  it('an explain turn asking for a new conversation does not re-send earlier, unrelated turns', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.scripts.push({ chunks: ['first answer'] }, { chunks: ['explained'] }, { chunks: ['follow-up'] });
    await c.send('an unrelated question');
    const before = c.conversation.id;
    await c.startTurn({ title: 'Explain: TS2339', prompt: 'PROMPT', contextSent: 'ctx', feature: 'explain', newConversation: true });
    assert.notEqual(c.conversation.id, before);
    assert.equal(c.conversation.turns.length, 1);
    assert.equal(streamer.requests[1].messages.length, 1, 'only the explain prompt is sent');
    assert.match(host.of('notice').pop()!.text, /previous one is in History/);
    await c.send('why?');
    assert.equal(streamer.requests[2].messages.length, 3, 'a follow-up continues the explain conversation');
  });

  it('reports a thrown streamer as a failed answer, not an exception', async () => {
    const { c, streamer, host } = setup();
    await c.init();
    streamer.stream = async () => {
      throw new Error('boom');
    };
    await c.send('q');
    assert.equal(host.of('answerDone')[0].answer.status, 'error');
    assert.equal(c.busy, false);
  });
});
