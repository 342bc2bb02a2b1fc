import type { CommandDef } from './types.ts';

// SKELETON: the commands work fills the registry (one file per command in commands/).
export const registry: readonly CommandDef[] = [];
