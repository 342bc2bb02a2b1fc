import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { CommandDef } from '../../commands/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Services } from '../../src/core/services.ts';
import { createHttpServer, type ChatBots } from '../../src/http/server.ts';
import { captureLogger, createFakeServices, fakeRegistry, testConfig, type FakeState } from './http-fakes.ts';

export interface FakeApp {
  app: FastifyInstance;
  services: Services;
  state: FakeState;
  config: Config;
  logs: ReturnType<typeof captureLogger>;
}

/** The real HTTP server over the fake core and the two-command registry. */
export async function fakeApp(options: { config?: Config; registry?: CommandDef[]; chat?: ChatBots } = {}): Promise<FakeApp> {
  const config = options.config ?? testConfig();
  const { services, state } = createFakeServices(config);
  const logs = captureLogger();
  const app = createHttpServer({ services, registry: options.registry ?? fakeRegistry(), config, log: logs.log, version: '9.9.9', chat: options.chat });
  await app.ready();
  return { app, services, state, config, logs };
}

export const BOT = 'DoormanBot';

/** contacts.telegram in the given mode, with a bot token (the config requires one for it). */
export function telegramConfig(mode: 'off' | 'optional' | 'required' = 'required'): Config {
  return testConfig({ telegram: { token: '123456:TEST-token' }, contacts: { telegram: { mode } } });
}

/** The sign-up page's view of a running Telegram bot. */
export const telegramBot: ChatBots = { botHandle: (platform) => (platform === 'telegram' ? BOT : undefined) };

/** Listens on 127.0.0.1, port 0, and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
