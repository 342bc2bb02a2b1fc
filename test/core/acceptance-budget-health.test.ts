import { afterEach, describe, expect, it } from 'vitest';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

describe('what a sign-up and a health check cost and report, on the wire', () => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('a sign-up with a full profile makes 5 Jellyfin calls: list, create, policy, configuration, display preferences', async () => {
    harness = await startCoreHarness();
    const { standin, services } = harness;
    const id = standin.addUser('template', { policy: { MaxActiveSessions: 3 }, configuration: { SubtitleMode: 'Smart' } });
    standin.setDisplayPreferences(id, 'emby', { CustomPrefs: { homesection0: 'resume' } });
    await services.profiles.capture({ name: 'Full', from: 'template', homescreen: true });
    const invite = await services.invites.create({ uses: 0 });
    await services.signup.signup(invite.code, { username: 'first', password: 'Secret123' }); // learns the server version once

    standin.clearRequests();
    await services.signup.signup(invite.code, { username: 'second', password: 'Secret123' });
    const routes = standin.requests.map((r) => r.route);
    expect(routes.slice(0, 2)).toEqual(['GET /Users', 'POST /Users/New']);
    // Display preferences go alongside; policy and configuration rewrite the user, in that order.
    expect([...routes.slice(2)].sort()).toEqual(['POST /DisplayPreferences/{id}', 'POST /Users/{id}/Configuration', 'POST /Users/{id}/Policy']);
    expect(routes.indexOf('POST /Users/{id}/Policy')).toBeLessThan(routes.indexOf('POST /Users/{id}/Configuration'));
  });

  it('health asks Jellyfin afresh each time, so an outage shows although the client remembers the server', async () => {
    harness = await startCoreHarness();
    const { standin, services, client } = harness;
    await client.serverInfo();
    const healthy = await services.health.check();
    expect(healthy).toMatchObject({ ok: true, database: { ok: true }, jellyfin: { ok: true } });
    expect(healthy.jellyfin.version).toMatch(/^10\.11/);

    standin.faults.down = true;
    const down = await services.health.check();
    expect(down.ok).toBe(false);
    expect(down.database.ok).toBe(true);
    expect(down.jellyfin.ok).toBe(false);
    expect(down.jellyfin.error).toBeTruthy();
  });
});
