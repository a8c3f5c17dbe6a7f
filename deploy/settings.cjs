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
