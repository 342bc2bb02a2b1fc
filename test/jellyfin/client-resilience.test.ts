import { describe, expect, it } from 'vitest';
import { JellyfinError } from '../../src/jellyfin/errors.ts';
import { clientFor, startStandin } from './client/setup.ts';

async function failure(promise: Promise<unknown>): Promise<JellyfinError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JellyfinError);
  return error as JellyfinError;
}

describe('JellyfinClient when Jellyfin misbehaves', () => {
  it('retries an idempotent GET after 5xx answers', async () => {
    const standin = await startStandin();
    const client = clientFor(standin);
    await client.login();
    standin.failOn('GET /Users', { times: 2 });
    expect((await client.listUsers()).length).toBe(1);
    expect(standin.requestsTo('GET /Users').map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('retries whole-object POSTs (Policy, Configuration, DisplayPreferences) after a 5xx', async () => {
    const standin = await startStandin();
    const id = standin.addUser('kim');
    const client = clientFor(standin);
    const user = await client.getUser(id);
    standin.failOn('POST /Users/{id}/Policy');
    standin.failOn('POST /Users/{id}/Configuration');
    standin.failOn('POST /DisplayPreferences/{id}');
    await client.setPolicy(id, { ...user!.Policy, EnableAllFolders: false });
    await client.setConfiguration(id, user!.Configuration);
    await client.setDisplayPreferences(id, await client.getDisplayPreferences(id));
    for (const route of ['POST /Users/{id}/Policy', 'POST /Users/{id}/Configuration', 'POST /DisplayPreferences/{id}']) {
      expect(standin.requestsTo(route).map((r) => r.status)).toEqual([500, 204]);
    }
    expect(standin.user(id)?.Policy.EnableAllFolders).toBe(false);
  });

  it('never retries POST /Users/New: a 5xx fails at once and says what happened', async () => {
    const standin = await startStandin();
    standin.failUsername('lou');
    const client = clientFor(standin);
    const error = await failure(client.createUser('lou', 'pw-123456'));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/answered an error \(500\) to POST \/Users\/New/);
    expect(error.message).not.toContain('pw-123456');
    expect(standin.requestsTo('POST /Users/New')).toHaveLength(1);
    expect(standin.userNames()).not.toContain('lou');
  });

  it('gives up on an idempotent call after the configured retries, as unavailable, naming method and path', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { retries: 2 });
    await client.login();
    standin.failOn('GET /Users', { times: 10 });
    const error = await failure(client.listUsers());
    expect(error.kind).toBe('unavailable');
    expect(error.info).toMatchObject({ method: 'GET', path: '/Users', status: 500 });
    expect(error.message).toContain('GET /Users');
    expect(standin.requestsTo('GET /Users')).toHaveLength(3);
  });

  it('listUsers throws on failure instead of answering an empty list', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { retries: 0 });
    await client.login();
    standin.failOn('GET /Users', { status: 503 });
    await failure(client.listUsers());
    standin.failOn('GET /Users', { status: 403 });
    expect((await failure(client.listUsers())).kind).toBe('forbidden');
  });

  it('times out a request that never gets an answer (hangOn), and retries it when idempotent', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { timeoutMs: 300, retries: 1 });
    await client.login();
    standin.hangOn('GET /Users');
    expect((await client.listUsers()).length).toBe(1);
    expect(standin.requestsTo('GET /Users')).toHaveLength(2);

    standin.hangOn('GET /Users', { times: 2 });
    const error = await failure(client.listUsers());
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer GET \/Users within 300 ms/);
  });

  it('a timed-out POST /Users/New is not repeated and is flagged as possibly done', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { timeoutMs: 300 });
    await client.serverInfo();
    await client.login();
    standin.hangOn('POST /Users/New');
    const error = await failure(client.createUser('mia', 'pw-123456'));
    expect(error.kind).toBe('timeout');
    expect(error.outcomeUnknown).toBe(true);
    expect(standin.requestsTo('POST /Users/New')).toHaveLength(1);
    expect(standin.userNames()).toContain('mia'); // the stand-in did the work; only the answer was lost
  });

  it('times out a slow server (delayMs)', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { timeoutMs: 200, retries: 0 });
    standin.faults.delayMs = 2_000;
    const error = await failure(client.serverInfo());
    expect(error.kind).toBe('timeout');
    standin.faults.delayMs = 0;
  });

  it('reports a server that cannot be reached (faults.down) as unavailable, after retrying', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { retries: 2 });
    await client.login();
    standin.faults.down = true;
    const error = await failure(client.listUsers());
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/could not be reached for GET \/Users \(3 attempts\)/);
    standin.faults.down = false;
    expect((await client.listUsers()).length).toBe(1);
  });

  it('does not retry the login on a 5xx', async () => {
    const standin = await startStandin();
    standin.failOn('POST /Users/AuthenticateByName');
    const client = clientFor(standin);
    const error = await failure(client.listUsers());
    expect(error.kind).toBe('unavailable');
    expect(standin.requestsTo('POST /Users/AuthenticateByName')).toHaveLength(1);
    await client.listUsers(); // the next call logs in again
    expect(standin.requestsTo('POST /Users/AuthenticateByName')).toHaveLength(2);
  });

  it('sends Content-Type: application/json with every body (the stand-in answers 415 without it)', async () => {
    const standin = await startStandin();
    const client = clientFor(standin);
    const user = await client.createUser('ned', 'pw-123456');
    await client.applyProfile(user.Id, {
      policy: { EnableAllFolders: false },
      configuration: { SubtitleMode: 'Always' },
      displayPreferences: await client.getDisplayPreferences(user.Id),
    });
    await client.setPassword(user.Id, 'pw-654321');
    const withBody = standin.requests.filter((r) => r.body !== undefined);
    expect(withBody.map((r) => r.route)).toEqual([
      'POST /Users/AuthenticateByName',
      'POST /Users/New',
      'POST /Users/{id}/Policy',
      'POST /Users/{id}/Configuration',
      'POST /DisplayPreferences/{id}',
      'POST /Users/{id}/Password',
    ]);
    for (const request of withBody) {
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.status).toBeLessThan(300);
    }
    for (const request of standin.requests.filter((r) => r.body === undefined)) {
      expect(request.headers['content-type']).toBeUndefined();
    }

    const bare = await fetch(`${standin.url}/Users/AuthenticateByName`, {
      method: 'POST',
      headers: { Authorization: 'MediaBrowser Client="t", Device="t", DeviceId="t", Version="1"', 'Content-Type': 'text/plain' },
      body: JSON.stringify({ Username: 'admin', Pw: 'admin-password' }),
    });
    expect(bare.status).toBe(415);
  });
});
