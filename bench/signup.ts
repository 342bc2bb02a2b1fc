import { percentile, startDoorman, type BenchDoorman } from './support.ts';

/**
 * Whole sign-ups through the JSON route against a stand-in that answers at once: one at a time
 * (p50/p99 latency and Jellyfin calls per sign-up), then 32 at once (sign-ups per second).
 */
const SEQUENTIAL = Number(process.env.BENCH_N ?? 300);
const WARM_UP = 20;
const CONCURRENT = 32;
const CONCURRENT_TOTAL = Number(process.env.BENCH_CONCURRENT_TOTAL ?? 640);

export async function main(): Promise<void> {
  const doorman = await startDoorman();
  try {
    await seedDefaultProfile(doorman);
    const invite = await doorman.app.services.invites.create({ uses: 0, valid: '1d' });
    const signupUrl = `${doorman.url}/api/v1/invites/${invite.code}/signup`;
    for (let i = 0; i < WARM_UP; i++) await signUp(signupUrl, `warm${i}`); // warm-up: JIT, first login

    await doorman.standin.clearRequests();
    const latencies: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < SEQUENTIAL; i++) {
      const started = performance.now();
      await signUp(signupUrl, `seq${i}`);
      latencies.push(performance.now() - started);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const first = latencies.slice(0, 50).sort((a, b) => a - b);
    const last = latencies.slice(-50).sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const calls = await doorman.standin.countCalls();
    console.log(`one at a time (${SEQUENTIAL} sign-ups): p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms (goals <= 8 ms, <= 25 ms)`);
    // Each sign-up reads the whole user list (a fresh duplicate check), so the figure grows with it.
    console.log(`  p50 with ${WARM_UP + 1}-${WARM_UP + 50} users: ${percentile(first, 50).toFixed(2)} ms; with ${WARM_UP + SEQUENTIAL - 49}-${WARM_UP + SEQUENTIAL} users: ${percentile(last, 50).toFixed(2)} ms`);
    console.log(`  Doorman's own CPU per sign-up (this process, the bench's HTTP client included): ${((cpu.user + cpu.system) / 1000 / SEQUENTIAL).toFixed(2)} ms`);
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

/** A realistic sign-up applies a whole profile: policy, configuration and home screen. */
async function seedDefaultProfile(doorman: BenchDoorman): Promise<void> {
  const template = await doorman.standin.seedTemplate();
  await doorman.app.services.profiles.capture({ name: 'Friends', from: template, homescreen: true });
}

async function signUp(url: string, username: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Correct-Horse-9' }),
  });
  if (response.status !== 201) throw new Error(`sign-up of ${username} answered ${response.status}: ${await response.text()}`);
}
