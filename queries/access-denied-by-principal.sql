-- title: Access denied, by principal
-- title.ja: アクセス拒否（プリンシパル別）
-- finds: Who is being refused, and how often: a burst can mean stolen credentials probing what they may do.
-- severity: medium
-- alert: true
SELECT
  coalesce(useridentity.arn, useridentity.principalid, useridentity.type) AS principal,
  count(DISTINCT eventid) AS denied,
  count(DISTINCT eventsource || ':' || eventname) AS distinct_actions,
  min(eventsource || ':' || eventname) AS example_action,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND (errorcode IN ('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation')
       OR errorcode LIKE '%UnauthorizedOperation')
GROUP BY 1
ORDER BY denied DESC, last_seen DESC
