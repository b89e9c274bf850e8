// Watches the active profile's SSO token cache: warns about ten minutes before the session ends, lets
// the rest of the extension know when it has ended, and resets credentials when a sign-in made anywhere
// (this window, another window, `aws sso login` in a terminal) brings it back.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Disposables } from '../shared/disposables';
import { isAuthKind } from '../bedrock/errors';
import type { Services } from '../services';
import { systemClock } from './clock';
import type { AwsSdk } from './deviceFlow';
import { ExpiryWatcher, type SessionStatus } from './expiryWatcher';
import { ssoCacheDir } from './paths';
import { loadActiveSession, tokenStatus, type ActiveSession } from './session';
import { refreshToken } from './tokenRefresh';

const NEEDS_SIGN_IN: SessionStatus['kind'][] = ['expired', 'missing', 'expiringSoon'];

export class SessionWatch implements vscode.Disposable {
  readonly watcher: ExpiryWatcher;
  private readonly changed = new vscode.EventEmitter<SessionStatus>();
  readonly onDidChange = this.changed.event;
  private readonly disposables = new Disposables(this.changed);
  private session: ActiveSession | undefined;
  private dirWatcher: fs.FSWatcher | undefined;
  private watchedDir: string | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private warnedFor: number | undefined;
  private lastKind: SessionStatus['kind'] | undefined;

  constructor(private readonly services: Services, loadSdk: () => AwsSdk) {
    this.watcher = new ExpiryWatcher({
      clock: systemClock,
      read: async () => {
        this.session = await loadActiveSession(services.config().aws.profile);
        this.watchCacheDir();
        return tokenStatus(this.session, Date.now());
      },
      refresh: async () => {
        const s = this.session;
        if (!s?.token || !s.cacheId) return false;
        try {
          await refreshToken({ cacheId: s.cacheId, token: s.token, loadSdk });
          services.log.info(`Renewed the SSO session of profile "${s.profileName}" ahead of its expiry.`);
          return true;
        } catch (e) {
          services.log.warn(`Could not renew the SSO session of profile "${s.profileName}": ${(e as Error).name}`);
          return false;
        }
      },
      onChange: (status) => this.onChange(status),
    });
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bedrockHaiku.aws')) this.check();
      }),
      // Coming back from a browser or terminal is when a sign-in elsewhere has usually just happened.
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused) this.check();
      }),
      services.bedrock.onDidChangeCredentials(() => this.check()),
      services.bedrock.onDidFinish((result) => {
        if (result.error && isAuthKind(result.error.kind)) this.check();
      }),
      { dispose: () => this.stopWatchingDir() },
      { dispose: () => this.watcher.dispose() },
    );
    this.check();
  }

  status(): SessionStatus {
    return this.watcher.status();
  }

  profileName(): string | undefined {
    return this.session?.profileName;
  }

  check(): void {
    void this.watcher.check();
  }

  private onChange(status: SessionStatus): void {
    const before = this.lastKind;
    this.lastKind = status.kind;
    this.changed.fire(status);
    const profile = this.session?.profileName ?? 'default';
    if (status.kind === 'expiringSoon' && this.warnedFor !== status.expiresAt) {
      this.warnedFor = status.expiresAt;
      const at = new Date(status.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      void vscode.window
        .showWarningMessage(`Haiku: your AWS session (profile "${profile}") ends at ${at}. Sign in again to keep completions and chat working.`, 'Sign in')
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('bedrockHaiku.signIn');
        });
    }
    if (status.kind === 'valid' && before && NEEDS_SIGN_IN.includes(before)) {
      // A fresh token appeared (here or elsewhere): clients built with the old one must go.
      this.services.log.info(`SSO session of profile "${profile}" is valid again; resetting credentials.`);
      this.services.bedrock.resetCredentials();
    }
  }

  /** fs.watch on the cache folder: the CLI and the SDK replace token files by rename. */
  private watchCacheDir(): void {
    const dir = ssoCacheDir();
    if (this.watchedDir === dir && this.dirWatcher) return;
    this.stopWatchingDir();
    try {
      this.dirWatcher = fs.watch(dir, { persistent: false }, (_event, file) => {
        if (file && this.session?.tokenFile && !this.session.tokenFile.endsWith(String(file))) return;
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.check(), 300);
      });
      this.dirWatcher.on('error', () => this.stopWatchingDir());
      this.watchedDir = dir;
    } catch {
      // No cache folder yet: the next check (focus, sign-in, settings) tries again.
      this.watchedDir = undefined;
    }
  }

  private stopWatchingDir(): void {
    clearTimeout(this.debounce);
    this.dirWatcher?.close();
    this.dirWatcher = undefined;
    this.watchedDir = undefined;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
