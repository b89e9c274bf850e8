// What the status bar says, decided from plain data so it is tested without VS Code.

import { formatUsd } from '../bedrock/pricing';
import { isAuthKind, isTransientKind } from '../shared/errorKinds';
import { formatMs } from '../shared/format';
import type { BedrockError, ResolvedModel } from '../bedrock/types';
import type { UsageStore } from './usageStore';
import { acceptanceRate, type AcceptanceCounts } from './acceptance';

export interface StatusInput {
  inFlight: number;
  error?: BedrockError;
  /** e.g. "Completions off", "Completions off until 14:05", "Completions paused: daily budget …". */
  paused?: string;
  /** One word for the item itself ("Off", "Snoozed", "Budget"); the sentence goes to the tooltip. */
  pausedLabel?: string;
  model: ResolvedModel;
  latencyOptimized: boolean;
  /** Prices are estimates unless overridden. */
  estimate: boolean;
  /** Today's completion counts (every window's), when kept. */
  completionsToday?: AcceptanceCounts;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** warning / error background is used only for states that need the user. */
  severity: 'normal' | 'warning' | 'error';
}

const ERROR_LABEL: Record<string, string> = {
  expiredSso: 'Sign in',
  noCredentials: 'Sign in',
  unknownProfile: 'Profile not found',
  accessDenied: 'No model access',
  modelRetired: 'Model retired',
  needsInferenceProfile: 'Needs profile',
  modelNotFound: 'Unknown model',
  throttled: 'Throttled',
  inputTooLong: 'Input too long',
  serviceError: 'Service error',
  network: 'Offline',
  cutOff: 'Cut off',
  budget: 'Budget reached',
  unknown: 'Error',
};


export function errorLabel(kind: string): string {
  return ERROR_LABEL[kind] ?? 'Error';
}


export function statusView(input: StatusInput, usage: UsageStore): StatusView {
  const last = usage.last();
  const today = usage.today();
  const todayCost = formatUsd(today?.costUsd ?? 0) + (input.estimate ? '*' : '');
  const latency = last ? formatMs(last.totalMs) : '–';
  const numbers = last || today ? `${latency} · ${todayCost}` : 'Haiku';
  let text: string;
  let severity: StatusView['severity'] = 'normal';
  if (input.error) {
    const icon = isAuthKind(input.error.kind) ? '$(account)' : '$(warning)';
    text = `${icon} ${errorLabel(input.error.kind)}`;
    // Transient kinds (the same list the chat colours as warnings) pass by themselves; the rest need the user.
    severity = isTransientKind(input.error.kind) ? 'warning' : 'error';
  } else if (input.inFlight > 0) {
    text = `$(loading~spin) ${numbers}`;
  } else if (input.paused) {
    text = `$(circle-slash) ${input.pausedLabel ? `${input.pausedLabel} · ` : ''}${numbers}`;
  } else {
    text = `$(sparkle) ${numbers}`;
  }
  if (input.latencyOptimized && !input.error) text += ' $(zap)';
  return { text, tooltip: tooltip(input, usage), severity };
}

function tooltip(input: StatusInput, usage: UsageStore): string {
  const lat = usage.latency();
  const session = usage.session();
  const today = usage.today();
  const t = (n: number) => n.toLocaleString('en-US');
  const lines = [
    `**Haiku for Bedrock** — ${input.model.displayName} in ${input.model.region}${input.latencyOptimized ? ' (latency-optimized)' : ''}`,
    '',
  ];
  if (input.error) lines.push(`$(warning) ${input.error.message}`, '');
  if (input.paused) lines.push(`$(circle-slash) ${input.paused}`, '');
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  if (!session.requests && !today?.requests) {
    lines.push('No requests yet: test the connection, pick a model or sign in from the actions.', '', 'Click for actions.');
    return lines.join('\n');
  }
  lines.push(
    `Latency p50 ${formatMs(lat.p50)} · p90 ${formatMs(lat.p90)} (${plural(lat.count, 'request')})`,
    '',
    `Session: ${plural(session.requests, 'request')} · ${t(session.usage.inputTokens)} in / ${t(session.usage.outputTokens)} out / ${t(session.usage.cacheReadTokens + session.usage.cacheWriteTokens)} cached tokens · ${formatUsd(session.costUsd)}`,
    '',
    `Today: ${plural(today?.requests ?? 0, 'request')} · ${formatUsd(today?.costUsd ?? 0)}${today?.cacheSavingsUsd ? ` (caching saved ${formatUsd(today.cacheSavingsUsd)})` : ''}`,
  );
  const accepted = acceptanceLine(input.completionsToday, today?.costByFeature.completion ?? 0);
  if (accepted) lines.push('', accepted);
  if (input.estimate && (today?.costUsd ?? 0) > 0) lines.push('', '\\* prices are estimates; set `bedrockHaiku.pricing` to your own.');
  lines.push('', 'Click for actions.');
  return lines.join('\n');
}

/** "Completions today: 40 shown · 10 accepted (25 %, 2 by word) · 2 typed through · 480 characters · $0.0012 per accepted"; undefined before any was shown. */
export function acceptanceLine(c: AcceptanceCounts | undefined, completionCostUsd: number): string | undefined {
  const rate = c && acceptanceRate(c);
  if (!c || rate === undefined) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  const perAccepted = c.accepted ? ` · ${formatUsd(completionCostUsd / c.accepted)} per accepted` : '';
  const through = c.typedThrough ? ` · ${n(c.typedThrough)} typed through` : '';
  const parts = [c.byWord ? `${n(c.byWord)} by word` : '', c.byLine ? `${n(c.byLine)} by line` : ''].filter(Boolean).join(', ');
  const chars = c.chars ? ` · ${n(c.chars)} characters` : '';
  return `Completions today: ${n(c.shown)} shown · ${n(c.accepted)} accepted (${Math.round(rate)} %${parts ? `, ${parts}` : ''})${through}${chars}${perAccepted}`;
}
