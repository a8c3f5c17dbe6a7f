-- title: Failed console sign-ins by source IP
-- title.ja: 失敗したコンソールサインイン（送信元 IP 別）
-- finds: Source addresses with failed console sign-ins. Failures carry no errorCode, so the response and error message decide.
-- severity: medium
-- alert: true
SELECT
  sourceipaddress AS source_ip,
  count(DISTINCT eventid) AS failures,
  count(DISTINCT coalesce(useridentity.arn, useridentity.username)) AS principals_tried,
  min(errormessage) AS reason,
  min(eventtime) AS first_seen,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND eventsource = 'signin.amazonaws.com'
  AND eventname = 'ConsoleLogin'
  AND (json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure' OR errormessage IS NOT NULL)
GROUP BY 1
ORDER BY failures DESC, last_seen DESC
