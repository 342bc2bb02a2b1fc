import { percentile, startDoorman } from './support.ts';

/**
 * Whole sign-ups through the JSON route against a stand-in that answers at once: one at a time
 * (p50/p99 latency and Jellyfin calls per sign-up), then 32 at once (sign-ups per second).
 */
const SEQUENTIAL = 300;
const CONCURRENT = 32;
const CONCURRENT_TOTAL = 640;

export async function main(): Promise<void> {
  const doorman = await startDoorman();
  try {
    const invite = await doorman.app.services.invites.create({ uses: 0, valid: '1d' });
    const signupUrl = `${doorman.url}/api/v1/invites/${invite.code}/signup`;
    for (let i = 0; i < 20; i++) await signUp(signupUrl, `warm${i}`); // warm-up: JIT, first login

    doorman.standin.clearRequests();
    const latencies: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const started = performance.now();
      await signUp(signupUrl, `seq${i}`);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const calls = doorman.standin.requests.filter((r) => r.route !== 'POST /Users/AuthenticateByName').length;
    console.log(`one at a time (${SEQUENTIAL} sign-ups): p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms (goals <= 8 ms, <= 25 ms)`);
    console.log(`Jellyfin calls per sign-up: ${(calls / SEQUENTIAL).toFixed(2)} (goal <= 5; the service login is not counted)`);

    const started = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < CONCURRENT_TOTAL) await signUp(signupUrl, `par${next++}`);
    };
    await Promise.all(Array.from({ length: CONCURRENT }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${CONCURRENT} at once (${CONCURRENT_TOTAL} sign-ups): ${(CONCURRENT_TOTAL / seconds).toFixed(0)} sign-ups/s`);
  } finally {
    await doorman.close();
  }
}

async function signUp(url: string, username: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Correct-Horse-9' }),
  });
  if (response.status !== 201) throw new Error(`sign-up of ${username} answered ${response.status}: ${await response.text()}`);
}
