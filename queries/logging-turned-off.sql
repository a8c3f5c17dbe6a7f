-- title: CloudTrail, GuardDuty or Config switched off or changed
-- title.ja: CloudTrail・GuardDuty・Config の停止や変更
-- finds: Attempts to stop, delete or reconfigure the services that watch the account, successful or not.
-- severity: high
-- alert: true
SELECT
  eventsource AS service,
  eventname AS action,
  coalesce(errorcode, 'succeeded') AS outcome,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  count(DISTINCT eventid) AS attempts,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND (
    (eventsource = 'cloudtrail.amazonaws.com'
      AND eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors', 'DeleteEventDataStore'))
    OR (eventsource = 'guardduty.amazonaws.com'
      AND eventname IN ('DeleteDetector', 'UpdateDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount',
                        'DeleteMembers', 'StopMonitoringMembers', 'CreateFilter', 'UpdateFilter', 'DeletePublishingDestination'))
    OR (eventsource = 'config.amazonaws.com'
      AND eventname IN ('StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel', 'PutConfigurationRecorder'))
  )
GROUP BY 1, 2, 3, 4
ORDER BY attempts DESC, last_seen DESC
