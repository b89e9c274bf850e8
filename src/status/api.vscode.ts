// The status feature's adapters other features may use: the usage view (opened from the budget prompt).
export { UsageView } from './usageView.vscode';
