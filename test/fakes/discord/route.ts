import type { StandinState } from './state.ts';

export interface RouteContext {
  state: StandinState;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** `status` 204 answers without a body. */
export interface RouteAnswer {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  /** `/channels/:channel/messages`; `:name` matches one path segment. */
  pattern: string;
  handle: (context: RouteContext) => RouteAnswer;
}

/** Turns `/a/:b/c` (or `/a/{b}/c`) into a RegExp with named groups; literal segments match exactly. */
export function compilePattern(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) => {
      const name = /^:(\w+)$/.exec(segment)?.[1] ?? /^\{(\w+)\}$/.exec(segment)?.[1];
      return name ? `(?<${name}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

export const ok = (body: unknown): RouteAnswer => ({ status: 200, body });
export const noContent = (): RouteAnswer => ({ status: 204 });
