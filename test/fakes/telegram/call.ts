import type { UploadedFile } from './body.ts';
import type { CommandStore } from './commands.ts';
import type { Recording } from './recording.ts';
import type { UpdateQueue } from './updates.ts';
import type { World } from './world.ts';

/** One Bot API call as a method implementation sees it. */
export interface ApiCall {
  params: Record<string, unknown>;
  files: UploadedFile[];
  /** Aborts when the client hangs up before the answer (grammY aborting its long poll on stop()). */
  signal: AbortSignal;
}

/** Returns the `result`; throws ApiError for a Telegram-style failure. */
export type MethodHandler = (call: ApiCall) => unknown;

export interface WebhookState {
  url: string;
  secretToken: string | undefined;
  maxConnections: number | undefined;
  allowedUpdates: string[] | undefined;
}

/** Everything the method implementations share. */
export interface StandinState {
  world: World;
  updates: UpdateQueue;
  recording: Recording;
  commands: CommandStore;
  webhook: WebhookState;
}
