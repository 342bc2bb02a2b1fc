/**
 * One HTTP exchange with Jellyfin over node:http(s) with keep-alive agents. The global fetch cost
 * about 0.35 ms more per request here (measured against the stand-in), and a sign-up makes five.
 */
import http from 'node:http';
import https from 'node:https';

export interface WireRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface WireResponse {
  status: number;
  contentType: string | null;
  text: string;
}

export class Wire {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });

  send(url: string, request: WireRequest): Promise<WireResponse> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const headers = { ...request.headers };
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
    return new Promise((resolve, reject) => {
      const options = { method: request.method, headers, signal: request.signal, agent: secure ? this.httpsAgent : this.httpAgent };
      const outgoing = (secure ? https : http).request(target, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? null,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  /** Closes idle keep-alive sockets (in-flight requests finish on their own). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
