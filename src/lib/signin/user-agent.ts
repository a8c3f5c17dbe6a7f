import { truncate } from '../notify/text.js';

/**
 * A short "Browser on OS" summary of a user agent string.
 * Deliberately small: a sign-in alert needs the family, not a device database, and a
 * full parser would triple the bundle. Order matters: Edge and Opera also claim Chrome, Chrome claims Safari.
 */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdgi?A?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/\b(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\bWindows NT\b/, 'Windows'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * Programs that sign in or call AWS without being a browser, named for what they are. A console sign-in
 * from one of these is unusual in itself; saying "Jersey/${project.version}" helps nobody.
 */
const TOOLS: ReadonlyArray<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^aws-cli\/(\d+)/i, (match) => `AWS CLI ${match[1]}`],
  [/^Boto3\/(\d+)/i, () => 'AWS SDK for Python (Boto3)'],
  [/\baws-sdk-(java|js|go|ruby|php|dotnet|net|cpp|rust|kotlin|swift)\b/i, (match) => `AWS SDK for ${match[1]}`],
  [/\bAWS(?:Powershell|PowerShell)\b/, () => 'AWS Tools for PowerShell'],
  [/\bTerraform\/(\d+)/i, () => 'Terraform'],
  [/^Jersey\//, () => 'Jersey (Java HTTP client)'],
  [/^Apache-HttpClient\//, () => 'Apache HttpClient (Java)'],
  [/^okhttp\//i, () => 'OkHttp (Java/Kotlin HTTP client)'],
  [/^curl\//, () => 'curl'],
  [/^python-requests\//, () => 'Python requests'],
  [/^Go-http-client\//, () => 'Go HTTP client'],
  [/^axios\//, () => 'axios (JavaScript HTTP client)'],
];

const MAX_RAW = 80;

/** The words around the names, in the reader's language (the messages' `userAgent`). */
export interface UserAgentWords {
  on(browser: string, system: string): string;
  program(name: string): string;
}

const ENGLISH: UserAgentWords = {
  on: (browser, system) => `${browser} on ${system}`,
  program: (name) => `${name} (a program, not a browser)`,
};

/**
 * Summarises a user agent, e.g. "Chrome 91 on macOS", in the words given (English by default: the
 * normalised event keeps that; the messages say it in their language); unknown agents are returned shortened.
 */
export function summarizeUserAgent(userAgent: string, words: UserAgentWords = ENGLISH): string {
  for (const [pattern, name] of TOOLS) {
    const match = pattern.exec(userAgent.trim());
    if (match) return words.program(name(match));
  }
  let browser: string | undefined;
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return words.on(browser, system);
  if (browser) return browser;
  const raw = userAgent.trim();
  const shortened = truncate(raw, MAX_RAW);
  return system ? `${shortened} (${system})` : shortened;
}

/**
 * The browser and system of a user agent without versions ("Chrome on macOS"), which is what a person
 * keeps from month to month: the sign-in history remembers this, not the version that updates weekly.
 */
export function userAgentFamily(userAgent: string): string {
  const raw = userAgent.trim();
  for (const [pattern, name] of TOOLS) {
    const match = pattern.exec(raw);
    if (match) return name(match).replace(/ \d+$/, '');
  }
  const browser = BROWSERS.find(([pattern]) => pattern.test(raw))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(raw))?.[1];
  if (browser) return system ? `${browser} on ${system}` : browser;
  return system ? `Other on ${system}` : 'Other';
}
