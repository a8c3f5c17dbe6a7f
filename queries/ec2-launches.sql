-- title: EC2 instance launches
-- title.ja: EC2 インスタンスの起動
-- finds: RunInstances calls with instance type and requested count, including refused ones (a refused GPU launch is a warning too).
-- severity: low
-- alert: false
SELECT
  awsregion AS region,
  coalesce(json_extract_scalar(requestparameters, '$.instanceType'), 'from launch template') AS instance_type,
  coalesce(json_extract_scalar(requestparameters, '$.instancesSet.items[0].maxCount'), '1') AS requested,
  coalesce(errorcode, 'launched') AS outcome,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  count(DISTINCT eventid) AS calls,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND eventsource = 'ec2.amazonaws.com'
  AND eventname = 'RunInstances'
GROUP BY 1, 2, 3, 4, 5
ORDER BY calls DESC, last_seen DESC
