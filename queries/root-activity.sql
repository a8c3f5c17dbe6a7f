-- title: Root user activity
-- title.ja: ルートユーザーの操作
-- finds: Anything the root user did that an AWS service did not do on its behalf.
-- severity: high
-- alert: true
SELECT
  eventsource AS service,
  eventname AS action,
  sourceipaddress AS source_ip,
  count(DISTINCT eventid) AS events,
  count(DISTINCT CASE WHEN errorcode IS NOT NULL OR json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure' THEN eventid END) AS failed,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND useridentity.type = 'Root'
  AND useridentity.invokedby IS NULL
  AND eventtype <> 'AwsServiceEvent'
GROUP BY 1, 2, 3
ORDER BY events DESC, last_seen DESC
