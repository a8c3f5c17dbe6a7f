import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_PICTURES } from '../../dev/channel-pictures.js';
import { PICTURES, PICTURES_DIR, renderPicture } from '../../dev/readme-pictures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('the README is a front page', () => {
  it('stays within 16 KB', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(16 * 1024);
  });

  it('tells one story in one region: every command names the same region', () => {
    const blocks = [...README.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    const regions = new Set(
      [...README.matchAll(/--(?:home-)?region[ =]([a-z0-9-]+)/g)].map((match) => match[1]).filter(Boolean),
    );
    expect(blocks.length).toBeGreaterThan(0);
    expect([...regions]).toEqual(['ap-northeast-1']);
  });

  it('links only to files that exist, and shows every picture', () => {
    const links = [...README.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^https?:/.test(target));
    expect(links.length).toBeGreaterThan(10);
    for (const target of links) expect(existsSync(join(ROOT, target)), target).toBe(true);
    for (const picture of PICTURES) expect(README).toContain(`](docs/images/${picture.name}.svg)`);
    // One picture per channel, each with the caption it is drawn under.
    for (const picture of CHANNEL_PICTURES) {
      expect(README).toContain(`![${picture.caption}](docs/images/channels/${picture.name}.png)`);
    }
  });

  it('says what the preview shows: ten failed passwords are three messages', () => {
    expect(README).toContain('ten failed passwords in 15 minutes are three messages');
    const golden = (name: string) =>
      existsSync(join(ROOT, 'tests', 'golden', 'en', 'signin', `${name}.sns-publish.json`));
    expect(
      ['history-05-first-failure', 'history-06-password-guessing', 'history-07-guessing-follow-up'].every(golden),
    ).toBe(true);
  });
});

describe('the README pictures', () => {
  it('are drawn from the golden files as they are now (npm run docs redraws them)', () => {
    for (const picture of PICTURES) {
      const path = join(PICTURES_DIR, `${picture.name}.svg`);
      expect(existsSync(path), `${path}: run npm run docs`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${picture.name}: run npm run docs`).toBe(renderPicture(picture));
    }
    expect(existsSync(dirname(PICTURES_DIR))).toBe(true);
  });

  it('escape what the messages hold and show the subject', () => {
    const svg = renderPicture(PICTURES[0] as (typeof PICTURES)[number]);
    expect(svg).toContain('[CRITICAL] Root sign-in WITHOUT MFA');
    expect(svg).not.toMatch(/<text[^>]*>[^<]*[<>][^<]*<\/text>/);
  });
});
