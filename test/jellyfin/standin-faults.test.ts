import { request as httpRequest, Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { ADMIN, call, deviceHeader, login, start, startWithAdmin } from './standin/helpers.ts';

describe('stand-in faults', () => {
  it('drops every connection while down', async () => {
    const { standin, token } = await startWithAdmin();
    standin.faults.down = true;
    await expect(fetch(`${standin.url}/System/Ping`)).rejects.toThrow();
    await expect(call(standin, 'GET', '/Users', { token })).rejects.toThrow();
    standin.faults.down = false;
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(200);
  });

  it('delays answers by delayMs, so a client with a shorter timeout gives up', async () => {
    const { standin, token } = await startWithAdmin();
    standin.faults.delayMs = 5_000;
    const signal = AbortSignal.timeout(100);
    await expect(fetch(`${standin.url}/Users`, { headers: { Authorization: deviceHeader('d', token) }, signal })).rejects.toThrow();
    standin.faults.delayMs = 1;
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(200);
  });

});

describe('stand-in failOn, hangOn and failUsername', () => {
  it('fails the nth call of a route (counted from failOn) for `times` calls without doing the work', async () => {
    const { standin, token } = await startWithAdmin();
    const create = (name: string) => call(standin, 'POST', '/Users/New', { token, body: { Name: name } });
    await create('before');
    standin.failOn('post /users/new', { nth: 2, times: 2, status: 503 });
    const statuses = [];
    for (const name of ['one', 'two', 'three', 'four']) statuses.push((await create(name)).status);
    expect(statuses).toEqual([200, 503, 503, 200]);
    expect(standin.userNames()).toEqual(['admin', 'before', 'four', 'one']);
    expect(standin.requestsTo('POST /Users/New').map((request) => request.status)).toEqual([200, 200, 503, 503, 200]);
  });

  it('fails with an opaque 500 by default, and 401/403 without a body', async () => {
    const { standin, token } = await startWithAdmin();
    standin.failOn('GET /Users');
    expect(await call(standin, 'GET', '/Users', { token })).toMatchObject({ status: 500, text: 'Error processing request.' });
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(200);
    standin.failOn('GET /Users/{id}', { status: 401 });
    const id = standin.user(ADMIN.name)?.Id;
    expect(await call(standin, 'GET', `/Users/${id}`, { token })).toMatchObject({ status: 401, text: '' });
  });

});

describe('stand-in hangOn, failUsername and clearFaults', () => {
  it('hangs a call after doing its work, records status 0, and still closes promptly', async () => {
    const standin = await JellyfinStandin.start();
    try {
      const token = await login(standin, ADMIN.name, ADMIN.password);
      standin.hangOn('POST /Users/New');
      const signal = AbortSignal.timeout(200);
      const body = JSON.stringify({ Name: 'ghost' });
      const headers = { Authorization: deviceHeader('d', token), 'Content-Type': 'application/json' };
      await expect(fetch(`${standin.url}/Users/New`, { method: 'POST', headers, body, signal })).rejects.toThrow();
      expect(standin.userNames()).toContain('ghost');
      expect(standin.requestsTo('POST /Users/New')).toMatchObject([{ status: 0, body: { Name: 'ghost' } }]);
      // A second hung request that is still open when close() is called.
      standin.hangOn('GET /Users');
      const pending = fetch(`${standin.url}/Users`, { headers }).catch((error: unknown) => error);
      await waitFor(() => standin.requestsTo('GET /Users').length === 1);
      await standin.close();
      expect(await pending).toBeInstanceOf(Error);
    } finally {
      await standin.close();
    }
  });

  it('fails the creation of one username (any case) without creating it', async () => {
    const { standin, token } = await startWithAdmin();
    standin.failUsername('Bob');
    expect((await call(standin, 'POST', '/Users/New', { token, body: { name: 'BOB' } })).status).toBe(500);
    expect((await call(standin, 'POST', '/Users/New', { token, body: { Name: 'carol' } })).status).toBe(200);
    expect(standin.userNames()).toEqual(['admin', 'carol']);
    standin.failUsername(null);
    expect((await call(standin, 'POST', '/Users/New', { token, body: { Name: 'bob' } })).status).toBe(200);
  });

  it('clears every fault at once', async () => {
    const { standin, token } = await startWithAdmin();
    standin.failOn('GET /Users', { times: 10 });
    standin.hangOn('GET /Users/Me');
    standin.failUsername('bob');
    standin.faults.delayMs = 5_000;
    standin.clearFaults();
    expect(standin.faults).toEqual({ down: false, delayMs: 0 });
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(200);
    expect((await call(standin, 'GET', '/Users/Me', { token })).status).toBe(200);
    expect((await call(standin, 'POST', '/Users/New', { token, body: { Name: 'bob' } })).status).toBe(200);
  });
});

describe('stand-in recording', () => {
  it('records method, path, route, query, lower-case headers, parsed body and status', async () => {
    const standin = await start({ baseUrl: '/jf' });
    await call(standin, 'POST', '/users/authenticatebyname?Trace=1', {
      body: { Username: ADMIN.name, Pw: ADMIN.password },
      headers: { 'X-Custom-Header': 'yes' },
    });
    const [recorded] = standin.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/jf/users/authenticatebyname',
      route: 'POST /Users/AuthenticateByName',
      query: { Trace: '1' },
      body: { Username: ADMIN.name, Pw: ADMIN.password },
      status: 200,
    });
    expect(recorded.headers['x-custom-header']).toBe('yes');
    expect(recorded.headers.authorization).toBe(deviceHeader());
    expect(typeof recorded.at).toBe('number');
  });

  it('records raw text bodies, missing bodies, unmatched routes and refused requests', async () => {
    const standin = await start();
    await call(standin, 'POST', '/Users/New', { rawBody: 'not json', headers: { 'Content-Type': 'text/plain' } });
    await call(standin, 'GET', '/Nowhere');
    await call(standin, 'GET', `/Users/${'7'.repeat(32)}`);
    expect(standin.requests.map(({ route, body, status }) => ({ route, body, status }))).toEqual([
      { route: 'POST /Users/New', body: 'not json', status: 401 },
      { route: null, body: undefined, status: 404 },
      { route: 'GET /Users/{id}', body: undefined, status: 401 },
    ]);
    expect(standin.requestsTo('get /users/{ID}')).toHaveLength(1);
    standin.clearRequests();
    expect(standin.requests).toEqual([]);
  });
});

describe('stand-in shutdown', () => {
  it('closes promptly while a keep-alive connection is open', async () => {
    const standin = await JellyfinStandin.start();
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(`${standin.url}/System/Ping`, { agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    await standin.close();
    agent.destroy();
    await expect(fetch(`${standin.url}/System/Ping`)).rejects.toThrow();
  });

  it('switches version at run time', async () => {
    const standin = await start({ version: '10.8' });
    expect((await call(standin, 'GET', '/System/Info/Public')).json().Version).toBe('10.8.13');
    standin.version = '10.10';
    expect((await call(standin, 'GET', '/System/Info/Public')).json().Version).toBe('10.10.7');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
