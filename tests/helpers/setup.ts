import 'aws-sdk-client-mock-vitest/extend';
import { beforeAll, vi } from 'vitest';

// Logs are asserted where they matter; elsewhere they only add noise to the test output.
beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
