// Moved to src/services.ts (the composition root's contract, above every feature). This re-export stays
// only for src/completion/index.vscode.ts, owned by another branch; delete it once that imports ../services.
export type { BedrockFacade, Services } from '../services';
