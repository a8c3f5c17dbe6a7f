-- title: IAM changes
-- title.ja: IAM の変更
-- finds: Users, roles, groups, policies and credentials created, changed or deleted (successful calls only).
-- severity: medium
-- alert: true
SELECT
  eventname AS action,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  count(DISTINCT eventid) AS changes,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND eventsource = 'iam.amazonaws.com'
  AND errorcode IS NULL
  AND regexp_like(eventname, '^(Create|Delete|Attach|Detach|Put|Update|Add|Remove|Set|Upload|Enable|Deactivate|Resync)')
GROUP BY 1, 2
ORDER BY changes DESC, last_seen DESC
