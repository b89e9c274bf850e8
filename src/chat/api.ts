// How other features (explain-error) start a chat turn: the chat view shows the title, streams the
// answer, and keeps the exact context that was sent in an expandable section.

export interface ChatTurnRequest {
  /** Shown as the user's message, e.g. "Explain: Property 'x' does not exist on type 'Y'". */
  title: string;
  /** The full user prompt sent to the model (already redacted by the caller). */
  prompt: string;
  /** What was sent, shown to the user on request ("context sent"). Usually the same as prompt. */
  contextSent: string;
  /** Replaces the chat's system prompt for this turn. */
  system?: string;
  feature: 'chat' | 'explain';
  /**
   * Start a fresh conversation first (when the current one has turns): an explanation is a new topic, and
   * re-sending unrelated earlier turns would only add cost. Follow-up questions then continue it.
   */
  newConversation?: boolean;
}

export interface ChatApi {
  /** Reveals the chat view and streams the answer into a new turn of the current conversation. */
  startTurn(request: ChatTurnRequest): Promise<void>;
}
