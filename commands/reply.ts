/**
 * The neutral reply: what every command returns and every surface renders.
 * Nothing else crosses from commands to adapters.
 */
export interface Reply {
  /** Markdown. */
  text: string;
  fields?: ReplyField[];
  table?: ReplyTable;
  /** Show only to the caller: ephemeral on Discord, DM-only elsewhere. */
  secret?: boolean;
  /** The command wants a confirmation before doing anything. */
  confirm?: { token: string; prompt: string; expires_at: string };
  /** A long result, attached as a file. */
  file?: { name: string; content: string };
  progress?: { done: number; total: number };
  /** Machine-readable result for scripting surfaces (REST, `--json`); chat surfaces ignore it. */
  data?: unknown;
}

export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplyTable {
  columns: string[];
  rows: string[][];
}
