-- title: Console sign-ins
-- title.ja: コンソールサインイン
-- finds: Every console sign-in in the window: who, from where, with or without MFA, and whether it worked.
-- severity: info
-- alert: false
SELECT
  coalesce(useridentity.arn, useridentity.username, useridentity.type) AS principal,
  sourceipaddress AS source_ip,
  coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'n/a') AS mfa_used,
  coalesce(json_extract_scalar(responseelements, '$.ConsoleLogin'), 'unknown') AS outcome,
  count(DISTINCT eventid) AS sign_ins,
  min(eventtime) AS first_seen,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND eventsource = 'signin.amazonaws.com'
  AND eventname = 'ConsoleLogin'
GROUP BY 1, 2, 3, 4
ORDER BY last_seen DESC
