'use strict';

/**
 * Deploy-time settings computed from parameters, with errors that name the parameter.
 * Used from serverless.yml as ${file(./deploy/settings.cjs):digestSchedule}.
 */
async function dailyAt(parameter, resolveVariable) {
  const value = String(await resolveVariable(`param:${parameter}`)).trim();
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) {
    throw new Error(`Invalid deploy parameter ${parameter}: "${value}" is not a time of day such as 09:00`);
  }
  // EventBridge Scheduler cron: minutes hours day-of-month month day-of-week year, in the schedule's time zone.
  return `cron(${Number(match[2])} ${Number(match[1])} * * ? *)`;
}

module.exports.digestSchedule = async ({ resolveVariable }) => dailyAt('digestTime', resolveVariable);
module.exports.securityDigestSchedule = async ({ resolveVariable }) => dailyAt('securityDigestTime', resolveVariable);

/**
 * Checks the parameters the functions read at run time with the functions' own validators, so a bad
 * value (a misspelt time zone, say) stops the deploy instead of failing every invocation afterwards.
 * Used from serverless.yml as ${file(./deploy/settings.cjs):validateRuntimeSettings}.
 */
module.exports.validateRuntimeSettings = async ({ resolveVariable }) => {
  const config = require('tsx/cjs/api').require('../src/lib/config.ts', __filename);
  const param = async (name) => String((await resolveVariable(`param:${name}`)) ?? '');
  const env = {
    LOCALE: await param('locale'),
    TIME_ZONE: await param('timeZone'),
    MIN_SEVERITY: await param('minSeverity'),
    TRUSTED_CIDRS: await param('trustedCidrs'),
    TRUSTED_PRINCIPALS: await param('trustedPrincipals'),
    TRUSTED_ACTION: await param('trustedAction'),
    COST_METRIC: await param('costMetric'),
    FORECAST_SOURCE: await param('forecastSource'),
    COST_EXCLUDED_RECORD_TYPES: await param('excludedRecordTypes'),
    MONTHLY_BUDGET: await param('monthlyBudget'),
    TOP_SERVICES: await param('topServices'),
    ANOMALY_STDDEVS: await param('anomalyStdDevs'),
    ANOMALY_MIN_AMOUNT: await param('anomalyMinAmount'),
    DISPLAY_CURRENCY: await param('displayCurrency'),
    DISPLAY_RATE: await param('displayRate'),
    SLACK_WEBHOOK_PARAMETER: await param('slackWebhookParameter'),
    QUERY_WINDOW_HOURS: await param('queryWindowHours'),
    IS_LOCAL: 'true',
  };
  try {
    config.loadSigninSettings(env);
    config.loadCostSettings(env);
    config.loadChannelSettings(env);
  } catch (error) {
    // The message already names the setting and its deploy parameter.
    throw new Error(error instanceof Error ? error.message : String(error));
  }
  const email = await param('email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new Error(`Invalid deploy parameter email: "${email}" is not an email address`);
  }
  return 'ok';
};
