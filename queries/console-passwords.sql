-- title: Console passwords created or changed
-- title.ja: コンソールパスワードの作成・変更
-- finds: Console passwords given to users, reset by an administrator, or changed by the user or the root user.
-- severity: medium
-- alert: true
SELECT
  eventname AS action,
  coalesce(json_extract_scalar(requestparameters, '$.userName'), useridentity.username, useridentity.type) AS for_user,
  coalesce(useridentity.arn, useridentity.principalid) AS changed_by,
  count(DISTINCT eventid) AS changes,
  max(eventtime) AS last_seen
FROM {{table}}
WHERE {{in_window}}
  AND errorcode IS NULL
  AND ((eventsource = 'iam.amazonaws.com' AND eventname IN ('CreateLoginProfile', 'UpdateLoginProfile', 'ChangePassword'))
       OR (eventsource = 'signin.amazonaws.com' AND eventname = 'PasswordUpdated'))
GROUP BY 1, 2, 3
ORDER BY last_seen DESC
