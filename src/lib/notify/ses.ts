import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeliveryError } from '../errors.js';
import { drawBarChart } from './chart-png.js';
import type { HtmlEmail } from './email-html.js';

/**
 * Sends the HTML email through SES, from the stack's verified address to the same address: in the SES
 * sandbox a new account may send only between verified addresses (200 a day, one a second), and this is
 * what works for a beginner without asking AWS for production access.
 */

/** SES errors no retry cures: an address not verified yet, a paused or suspended account, a bad request. */
const PERMANENT_SES_ERRORS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
]);

/** The SendEmail request: HTML with its text alternative, the chart drawn now as an inline PNG. */
export function sesSendEmailInput(address: string, email: HtmlEmail) {
  return {
    FromEmailAddress: address,
    Destination: { ToAddresses: [address] },
    Content: {
      Simple: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
        ...(email.chart
          ? {
              Attachments: [
                {
                  FileName: 'chart.png',
                  ContentType: 'image/png',
                  ContentDisposition: 'INLINE' as const,
                  ContentId: email.chart.contentId,
                  ContentTransferEncoding: 'BASE64' as const,
                  RawContent: new Uint8Array(drawBarChart(email.chart.values, '#1565C0', email.chart.highlight)),
                },
              ],
            }
          : {}),
      },
    },
  };
}

export async function sendHtmlEmail(ses: SESv2Client, address: string, email: HtmlEmail): Promise<void> {
  try {
    await ses.send(new SendEmailCommand(sesSendEmailInput(address, email)));
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new DeliveryError('email', `SES refused the email: ${name}: ${message}`, {
      cause: error,
      permanent: PERMANENT_SES_ERRORS.has(name),
    });
  }
}
