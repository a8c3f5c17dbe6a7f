import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLIENT_TIMEOUTS, withTimeouts } from '../../src/lib/aws-clients.js';

let server: Server;
let url: string;
let received = 0;

beforeAll(async () => {
  // An endpoint that accepts the request and never answers.
  server = createServer(() => {
    received++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('AWS SDK clients with the functions\u2019 timeouts', () => {
  it('sets connection and request timeouts that throw', () => {
    expect(AWS_CLIENT_TIMEOUTS).toEqual({
      connectionTimeout: 3000,
      requestTimeout: 10000,
      throwOnRequestTimeout: true,
    });
    expect(withTimeouts({ region: 'us-east-1' })).toEqual({ region: 'us-east-1', requestHandler: AWS_CLIENT_TIMEOUTS });
  });

  it('fail fast against a hung endpoint and let the SDK retry, instead of waiting for the Lambda timeout', async () => {
    const sns = new SNSClient(
      withTimeouts(
        {
          region: 'us-east-1',
          endpoint: url,
          credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' },
          maxAttempts: 2,
        },
        { requestTimeout: 300 },
      ),
    );
    await expect(
      sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'hello' })),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(received).toBe(2);
  });
});
