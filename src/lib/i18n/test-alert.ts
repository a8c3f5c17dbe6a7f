import type { Locale } from './index.js';

/** The test message's strings, in every language; only signinAlert (which answers npm run test-alert) bundles them. */
const enTestAlert = {
  title: 'TEST: your AWS account watch can reach you here',
  summary:
    'This is a test message, sent on request by npm run test-alert through the same path as a sign-in alert. Nothing happened in your account.',
  field: { requestedAt: 'Requested at', requestedBy: 'Requested by', stage: 'Stack' },
  unknownRequester: 'not given',
  action: 'Nothing to do. If this arrived, real alerts reach you here too.',
  footer: 'Test message from npm run test-alert, sent on request: not an alert.',
};

export const TEST_ALERT_MESSAGES = {
  en: enTestAlert,
  ja: {
    title: 'テスト: AWS アカウント監視からの通知はここに届きます',
    summary:
      'これは npm run test-alert の依頼で、サインインのアラートと同じ経路で送ったテストメッセージです。アカウントでは何も起きていません。',
    field: { requestedAt: '依頼日時', requestedBy: '依頼者', stage: 'スタック' },
    unknownRequester: '不明',
    action: '対応は不要です。これが届いていれば、本物のアラートもここに届きます。',
    footer: 'npm run test-alert の依頼で送ったテストメッセージです。アラートではありません。',
  },
} satisfies Record<Locale, typeof enTestAlert>;

/** Subjects are ASCII in every language (see asciiSubject in en.ts). */
export const TEST_ALERT_SUBJECT = '[TEST] AWS account watch: test message, nothing happened';
