import { type Loopback, type ScriptedResponse, startLoopback } from './loopback.js';

/**
 * A loopback Slack Web API for chat.postMessage and chat.update, answering as Slack does: HTTP 200 with
 * `{"ok":true,"channel":…,"ts":…,"message":…}` or `{"ok":false,"error":"channel_not_found"}`, `invalid_auth` for
 * a wrong bot token, 429 with Retry-After when a test scripts it. It reads the form @slack/web-api sends
 * (application/x-www-form-urlencoded, objects as JSON) and keeps every message, so a test can see threads
 * and updates as a channel would show them.
 */

export interface SlackApiMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  attachments?: Array<{ blocks?: Array<{ type: string; text?: { text: string }; elements?: unknown[] }> }>;
  /** How many times chat.update replaced it. */
  updates: number;
}

export interface FakeSlackApi {
  /** The base URL (slackApiUrl), ending in /api/. */
  url: string;
  loopback: Loopback;
  /** Every message of the channel, top level and replies, in the order posted. */
  messages: SlackApiMessage[];
  /** The methods called, in order (chat.postMessage, chat.update). */
  calls: string[];
  /** The next replies, before the API's own (a 429, a 500). */
  failNext(...replies: ScriptedResponse[]): void;
  /** From now on, answers every call of `method` with Slack's `{"ok":false,"error":…}`. */
  refuse(method: string, error: string): void;
  close(): Promise<void>;
}

const json = (body: unknown, headers: Record<string, string> = {}): ScriptedResponse => ({
  status: 200,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
});

export async function startSlackApi(options: {
  token: string;
  channels: string[];
  /** chat.postMessage's special limit, about one message a second per channel: 429 with Retry-After beyond it. */
  postIntervalMs?: number;
}): Promise<FakeSlackApi> {
  const lastPost = new Map<string, number>();
  const messages: SlackApiMessage[] = [];
  const calls: string[] = [];
  const scripted: ScriptedResponse[] = [];
  const refusals = new Map<string, string>();
  let clock = 1_700_000_000;
  const loopback = await startLoopback((request) => {
    const method = request.path.replace(/^\/api\//, '');
    calls.push(method);
    const next = scripted.shift();
    if (next) return next;
    const refusal = refusals.get(method);
    if (refusal) return json({ ok: false, error: refusal });
    if (request.headers.authorization !== `Bearer ${options.token}`) return json({ ok: false, error: 'invalid_auth' });
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return json({ ok: false, error: 'invalid_form_data' });
    const form = new URLSearchParams(request.body);
    const channel = form.get('channel') ?? '';
    if (!options.channels.includes(channel)) return json({ ok: false, error: 'channel_not_found' });
    const attachments = form.get('attachments');
    const parsed = {
      text: form.get('text') ?? undefined,
      attachments: attachments ? (JSON.parse(attachments) as SlackApiMessage['attachments']) : undefined,
    };
    if (method === 'chat.postMessage') {
      const now = Date.now();
      if (options.postIntervalMs && now - (lastPost.get(channel) ?? Number.NEGATIVE_INFINITY) < options.postIntervalMs)
        return { status: 429, headers: { 'retry-after': '1' }, body: '' };
      lastPost.set(channel, now);
      const threadTs = form.get('thread_ts') ?? undefined;
      if (threadTs && !messages.some((message) => message.ts === threadTs && !message.thread_ts))
        return json({ ok: false, error: 'thread_not_found' });
      clock += 1;
      const message: SlackApiMessage = {
        channel,
        ts: `${clock}.000100`,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...parsed,
        updates: 0,
      };
      messages.push(message);
      return json({
        ok: true,
        channel,
        ts: message.ts,
        message: { type: 'message', subtype: 'bot_message', bot_id: 'B0TESTBOT01', ts: message.ts, ...parsed },
      });
    }
    if (method === 'chat.update') {
      const target = messages.find((message) => message.ts === form.get('ts') && message.channel === channel);
      if (!target) return json({ ok: false, error: 'message_not_found' });
      Object.assign(target, parsed, { updates: target.updates + 1 });
      return json({ ok: true, channel, ts: target.ts, text: target.text, message: { ...parsed } });
    }
    return json({ ok: false, error: 'unknown_method' });
  });
  return {
    url: `${loopback.url}/api/`,
    loopback,
    messages,
    calls,
    failNext: (...replies) => scripted.push(...replies),
    refuse: (method, error) => refusals.set(method, error),
    close: () => loopback.close(),
  };
}
