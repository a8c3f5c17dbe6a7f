-- title: Activity in regions you do not use
-- finds: Calls made in regions outside the allowlist (deploy parameter allowedRegions): unused regions are where miners hide.
-- severity: medium
-- alert: true
SELECT
  awsregion AS region,
  eventsource AS service,
  count(DISTINCT eventid) AS events,
  count(DISTINCT coalesce(useridentity.arn, useridentity.principalid)) AS principals,
  min(eventsource || ':' || eventname) AS example_action,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND awsregion NOT IN ({{allowed_regions}})
  AND eventtype <> 'AwsServiceEvent'
  AND readonly = 'false'
GROUP BY 1, 2
ORDER BY events DESC
