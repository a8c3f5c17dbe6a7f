-- title: Access keys created
-- title.ja: 作成されたアクセスキー
-- finds: New long-term access keys, for which user and by whom: the classic way to keep a foothold.
-- severity: high
-- alert: true
SELECT
  coalesce(json_extract_scalar(responseelements, '$.accessKey.userName'),
           json_extract_scalar(requestparameters, '$.userName'),
           useridentity.username) AS for_user,
  coalesce(useridentity.arn, useridentity.principalid) AS created_by,
  sourceipaddress AS source_ip,
  count(DISTINCT eventid) AS keys,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND eventsource = 'iam.amazonaws.com'
  AND eventname = 'CreateAccessKey'
  AND errorcode IS NULL
GROUP BY 1, 2, 3
ORDER BY last_seen DESC
