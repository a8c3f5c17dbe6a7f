import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInFixtureNames } from '../../dev/fixtures.js';
import { GOLDEN_DIR, GOLDEN_VARIANTS, messageFiles, ROOT, renderGoldenMessages } from '../../dev/golden.js';

// The reviewed messages: every fixture, every language, the exact SNS Publish request and Slack payload.
// `npm run preview` rewrites tests/golden/; a difference here is a message change that needs review.
describe.each(GOLDEN_VARIANTS)('golden messages in $locale', ({ locale, env }) => {
  it('renders every sign-in fixture, the recorded cost digest and the security digest exactly as reviewed', async () => {
    const messages = await renderGoldenMessages(env);
    expect(messages.filter((message) => message.section === 'signin').length).toBeGreaterThanOrEqual(
      signInFixtureNames().length,
    );
    expect(messages.map((message) => message.section)).toEqual(expect.arrayContaining(['cost', 'security']));
    for (const message of messages) {
      for (const file of messageFiles(message)) {
        await expect(file.content, file.path).toMatchFileSnapshot(join(GOLDEN_DIR, locale, file.path));
      }
    }
  });
});

describe('the samples in docs/messages.md', () => {
  it('quote subjects the golden files still have, so a sample never goes stale unnoticed', async () => {
    const docs = readFileSync(join(ROOT, 'docs', 'messages.md'), 'utf8');
    const quoted = [...docs.matchAll(/^Subject: (.+)$/gm)].map((match) => match[1]);
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    const golden = (await renderGoldenMessages(GOLDEN_VARIANTS[0].env)).map((message) =>
      JSON.parse(messageFiles(message)[0]?.content ?? '{}'),
    ) as { Subject: string }[];
    for (const subject of quoted) expect(golden.map((publish) => publish.Subject)).toContain(subject);
  });
});
