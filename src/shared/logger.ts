/** The one logging interface below the adapters (a LogOutputChannel in VS Code, an array in tests). */
// The redacting wrapper every channel goes through lives in privacy/redactingLogger.ts.

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
