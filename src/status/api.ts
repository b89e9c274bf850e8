// What the status feature offers the others: the budget guard, the usage store's day key, the acceptance counts.
// Other features import these from here only (eslint.config.mjs enforces it).

export { BudgetGuard } from './budget';
export { dayOf, type KeyValueStore, type UsageStore } from './usageStore';
export type { AcceptanceKind, AcceptanceStore, AcceptedHow } from './acceptance';
