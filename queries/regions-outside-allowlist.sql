-- title: Activity in regions you do not use
-- title.ja: 使っていないリージョンでの操作
-- finds: Writes in regions outside the allowlist (deploy parameter allowedRegions), except what AWS records outside your regions by design: unused regions are where miners hide.
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
  -- Recorded where AWS puts them, not where anyone works: console sign-ins (the global endpoint records them in
  -- us-east-1, us-east-2, eu-north-1 or ap-southeast-2, and the sign-in alerts report every one), and the
  -- global services, which record in us-east-1 whichever region is used.
  AND eventsource <> 'signin.amazonaws.com'
  AND NOT (awsregion = 'us-east-1' AND eventsource IN (
    'iam.amazonaws.com', 'sts.amazonaws.com', 'organizations.amazonaws.com', 'account.amazonaws.com',
    'cloudfront.amazonaws.com', 'route53.amazonaws.com', 'route53domains.amazonaws.com', 'waf.amazonaws.com',
    'globalaccelerator.amazonaws.com', 'shield.amazonaws.com', 'support.amazonaws.com', 'health.amazonaws.com',
    'trustedadvisor.amazonaws.com', 'budgets.amazonaws.com', 'ce.amazonaws.com', 'billingconsole.amazonaws.com',
    'artifact.amazonaws.com', 'notifications.amazonaws.com'))
GROUP BY 1, 2
ORDER BY events DESC
