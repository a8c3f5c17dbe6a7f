-- title: Security groups opened to the internet
-- title.ja: インターネットに開放されたセキュリティグループ
-- finds: Inbound rules added for 0.0.0.0/0 or ::/0 (any /0), which expose a port to every address on the internet.
-- severity: high
-- alert: true
SELECT
  json_extract_scalar(requestparameters, '$.groupId') AS security_group,
  awsregion AS region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  count(DISTINCT eventid) AS rules_added,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND eventsource = 'ec2.amazonaws.com'
  AND eventname = 'AuthorizeSecurityGroupIngress'
  AND errorcode IS NULL
  -- Any /0 is every address, whatever digits come before it (the real-time detection counts them the same way).
  AND regexp_like(requestparameters, '"cidrIp(v6)?"\s*:\s*"[0-9a-fA-F.:]*/0"')
GROUP BY 1, 2, 3
ORDER BY last_seen DESC
