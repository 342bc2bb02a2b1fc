import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { startDoorman } from './support.ts';

/**
 * GET /invite/{code} requests per second, against a bare node:http server that sends the same
 * bytes, in the same run. The load comes from autocannon in a child process so it does not share
 * the servers' event loop.
 */
const DURATION_S = 5;
const CONNECTIONS = 16;

export async function main(): Promise<void> {
  const doorman = await startDoorman();
  const invite = await doorman.app.services.invites.create({ uses: 0, valid: '1d', label: 'bench' });
  const pageUrl = `${doorman.url}/invite/${invite.code}`;
  const sample = await fetch(pageUrl);
  if (sample.status !== 200) throw new Error(`the invite page answered ${sample.status}`);
  const body = Buffer.from(await sample.arrayBuffer());
  const bare = await startBareServer(body, headersOf(sample.headers));
  try {
    await load(pageUrl, 1); // warm-up
    const doormanRps = await load(pageUrl, DURATION_S);
    const bareRps = await load(`${bare.url}/invite/${invite.code}`, DURATION_S);
    console.log(`page size: ${body.length} bytes`);
    console.log(`doorman GET /invite/{code}: ${doormanRps.toFixed(0)} req/s`);
    console.log(`bare node:http, same bytes:  ${bareRps.toFixed(0)} req/s`);
    console.log(`ratio: ${(doormanRps / bareRps).toFixed(2)} (goal >= 0.50)`);
  } finally {
    bare.close();
    await doorman.close();
  }
}

function headersOf(headers: Headers): IncomingHttpHeaders {
  const result: IncomingHttpHeaders = {};
  headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) result[name] = value;
  });
  return result;
}

async function startBareServer(body: Buffer, headers: IncomingHttpHeaders): Promise<{ url: string; close(): void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function load(url: string, seconds: number): Promise<number> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const child = spawn(process.execPath, [bin, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`autocannon exited ${code}`))));
  });
  const result = JSON.parse(output) as { requests: { average: number }; non2xx: number; errors: number };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`load run had ${result.non2xx} non-2xx and ${result.errors} errors`);
  return result.requests.average;
}
