import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchFunction } from '@slack/webhook';

function headerValue(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The `fetch` that @slack/webhook calls, over node:https.
 * Why not the global fetch: its first call loads undici, about 20 ms of every cold start, while
 * node:http is already loaded for the AWS SDK. Redirects are not followed (Slack never sends one).
 */
export const fetchOverNodeHttp: FetchFunction = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
    const request = send(
      target,
      { method: init?.method ?? 'GET', headers: init?.headers, signal: init?.signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const status = response.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: response.statusMessage ?? '',
            url: target.href,
            headers: {
              get: (name) => headerValue(response, name),
              entries: () => Object.keys(response.headers).map((name) => [name, headerValue(response, name) ?? '']),
            },
            text: async () => body.toString('utf8'),
            json: async () => JSON.parse(body.toString('utf8')) as unknown,
            arrayBuffer: async () =>
              body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
          });
        });
      },
    );
    request.on('error', reject);
    if (typeof init?.body === 'string') request.write(init.body);
    request.end();
  });
