-- title: Capacity started, and by whom
-- title.ja: 起動された容量と起動した人
-- finds: the calls that started something billed by the hour (instances, databases, NAT gateways, SageMaker, node groups), with who, from where and when: the cost digest names them on a day the bill moved.
-- severity: low
-- alert: false
SELECT
  awsregion AS region,
  eventname AS event_name,
  coalesce(
    json_extract_scalar(requestparameters, '$.instanceType'),
    json_extract_scalar(requestparameters, '$.launchSpecification.instanceType'),
    json_extract_scalar(requestparameters, '$.dBInstanceClass'),
    CASE WHEN eventname = 'CreateNatGateway' THEN 'NAT Gateway' END,
    ''
  ) AS resource_type,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  sourceipaddress AS source_ip,
  min(eventtime) AS first_seen,
  count(DISTINCT eventid) AS calls
FROM {{table}}
WHERE {{in_window}}
  AND errorcode IS NULL
  AND eventname IN (
    'RunInstances', 'RequestSpotInstances', 'CreateFleet', 'CreateDBInstance', 'CreateNatGateway',
    'CreateEndpoint', 'CreateNotebookInstance', 'CreateTrainingJob', 'CreateNodegroup'
  )
GROUP BY 1, 2, 3, 4, 5
ORDER BY first_seen
