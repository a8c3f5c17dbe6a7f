/**
 * The hand-written half of docs/coverage.md: for the public rules whose CloudTrail events no detection's pattern
 * selects, what covers them anyway (a detection by other means, a saved query, a weekly check) or why nothing
 * does. Keys are "<set>:<rule id>" as in docs/coverage/rule-sets.json; a rule the catalogue covers by its
 * events needs no note. dev/coverage.ts refuses a rule that is covered by nothing and has no note.
 */

export type Reason =
  | 'reads'
  | 'data events'
  | 'baseline'
  | 'routine'
  | 'closes access'
  | 'obsolete'
  | 'rare service'
  | 'disabled upstream'
  | 'not built yet';

export const REASONS: Record<Reason, string> = {
  reads:
    'read-only calls (discovery, enumeration, secret reads). EventBridge delivers them only to rules that ask for every read, ' +
    'which would run the function on every List and Describe in every region; the refused ones are counted by ' +
    '`access-denied-burst`, attack tools by `attack-tool-user-agent`, and the daily security digest reports the rest.',
  'data events':
    'S3 object reads, Lambda invocations and DynamoDB scans are data events: the trail records them only when data events ' +
    'are turned on (billed per event), which a small account does not do by default.',
  baseline:
    'needs weeks of behaviour to compare against (machine learning, "first time seen" for every API, rare networks or ' +
    'user agents). The sign-in alerts keep that memory for sign-ins, and the `firstTimeOnly` detections for SSM commands, ' +
    'SSH keys, passed roles and replaced function code; the rest is not built.',
  routine:
    'a routine change on a small account (network ACLs, routes, VPCs, groups, new trails): alerting on every one would ' +
    'bury the alerts that matter. Security groups, the control that opens instances, are watched.',
  'closes access':
    'the call removes access or a resource without weakening anything (a key, a key pair, a provider deleted).',
  obsolete:
    'the setting can no longer be weakened: S3 has encrypted every new object since January 2023, EC2-Classic is retired.',
  'rare service':
    'a service a small account rarely runs (EKS, ECS, CloudFront, WAF logging, SES, Bedrock agents and knowledge bases, ' +
    'Cognito): left for a later catalogue.',
  'disabled upstream': 'a debugging rule its own rule set ships disabled.',
  'not built yet': 'worth a real-time alert for a small account, and not in the catalogue yet.',
};

export type CoverageNote =
  /** Covered by these (detection ids, "query:<saved query>", "check:<weekly check>"), perhaps only partly. */
  { by: string[]; partly?: boolean; note?: string } | { reason: Reason; note: string };

const because = (reason: Reason, note: string, keys: string[]): Record<string, CoverageNote> =>
  Object.fromEntries(keys.map((key) => [key, { reason, note }]));

export const COVERAGE_NOTES: Record<string, CoverageNote> = {
  // Covered, by means other than the rule's event names.
  'sigma:aws_cloudtrail_pua_trufflehog': { by: ['attack-tool-user-agent'] },
  'sigma:aws_sts_getcalleridentity_trufflehog': { by: ['attack-tool-user-agent'] },
  'elastic:initial_access_suspicious_user_agent_detected_in_cloudtrail': {
    by: ['attack-tool-user-agent'],
    partly: true,
    note: 'the attack tools and distributions by name, not every unusual fingerprint',
  },
  'sigma:aws_root_account_usage': { by: ['root-write', 'sign-in alerts', 'query:root-activity'] },
  'fivexl:default-rule-4': { by: ['root-write'] },
  'fivexl:default-rule-2': {
    by: ['access-denied-burst'],
    partly: true,
    note: 'one alert at the 10th refused call of a key within the burst window, not one per call',
  },
  'fivexl:default-rule-3': {
    by: ['access-denied-burst', 'query:access-denied-by-principal'],
    partly: true,
    note: 'one alert at the 10th refused call of a key within the burst window, not one per call',
  },
  'fivexl:default-rule-8': { by: ['watch-functions-changed'], note: 'for every function of this stack' },
  'fivexl:default-rule-9': { by: ['watch-functions-changed'], note: 'for every function of this stack' },
  'elastic:credential_access_aws_getpassword_for_ec2_instance': {
    by: ['access-denied-burst'],
    partly: true,
    note: 'refused GetPasswordData calls (the Stratus technique) add up to a burst alert; a successful one is a read',
  },
  'elastic:discovery_ec2_userdata_request_for_ec2_instance': {
    by: ['access-denied-burst'],
    partly: true,
    note: 'refused user-data reads add up to a burst alert; successful ones are reads',
  },
  'elastic:defense_evasion_cloudtrail_logging_evasion': {
    by: ['cloudtrail-changed', 'cloudtrail-stopped', 'cloudtrail-deleted'],
    partly: true,
  },
  'elastic:execution_new_terms_cloudformation_createstack': {
    by: ['role-passed-by-someone-new'],
    partly: true,
    note: 'a stack is not alarming by itself; what it creates is judged by the detections',
  },
  'sigma:aws_securityhub_finding_evasion': {
    by: ['findings-archived', 'security-services-disabled'],
    partly: true,
    note: 'automation rules that suppress and Security Hub turned off; one finding triaged by hand is routine',
  },
  'sigma:aws_cloudtrail_bedrock_guardrail_updated': {
    by: ['guardrail-removed'],
    partly: true,
    note: 'a guardrail deleted; an update cannot be told from a weakening without the previous version',
  },
  'elastic:impact_lambda_high_frequency_invocation': {
    reason: 'data events',
    note: 'Lambda invocations are data events.',
  },
  'sigma:aws_sts_getsessiontoken_misuse': {
    reason: 'baseline',
    note: 'GetSessionToken is how every MFA-protected CLI session starts; misuse is told only against habit.',
  },
  'sigma:aws_sts_assumerole_misuse': { reason: 'baseline', note: 'AssumeRole is how most work is done.' },
  'elastic:persistence_iam_api_calls_via_user_session_token': {
    reason: 'baseline',
    note: 'IAM calls with session tokens are normal for MFA-protected CLI users.',
  },
  ...because('reads', 'Reads are not delivered to the real-time rules.', [
    'sigma:aws_enum_buckets',
    'falco:List Buckets',
    'elastic:credential_access_new_terms_secretsmanager_getsecretvalue',
    'elastic:credential_access_rapid_secret_retrieval_attempts_from_secretsmanager',
    'elastic:credential_access_retrieve_secure_string_parameters_via_ssm',
    'elastic:discovery_ec2_deprecated_ami_discovery',
    'elastic:discovery_multiple_discovery_api_calls_via_cli',
    'elastic:discovery_new_terms_sts_getcalleridentity',
    'elastic:discovery_new_terms_sts_getcalleridentity_ec2_role_new_source_as',
    'elastic:discovery_new_terms_vpn_asn_discovery_api_calls',
    'elastic:discovery_organization_discovery_by_rare_user',
    'elastic:discovery_s3_rapid_bucket_posture_api_calls',
    'elastic:discovery_servicequotas_multi_region_service_quota_requests',
    'elastic:discovery_ssm_inventory_reconnaissance',
    'elastic:credential_access_cognito_unauthenticated_identity_pool_credentials_issued',
    'elastic:privilege_escalation_bedrock_phantom_user_activity_outside_bedrock',
  ]),
  ...because('data events', 'S3 object, Lambda and DynamoDB data events are not in a management-events trail.', [
    'elastic:credential_access_credentials_in_s3_bucket',
    'elastic:exfiltration_dynamodb_scan_by_unusual_user',
    'elastic:execution_lambda_function_invoked_cross_account',
    'elastic:impact_aws_s3_bucket_enumeration_or_brute_force',
    'elastic:exfiltration_s3_uncommon_client_user_agent',
    'tailpipe:s3_large_file_downloaded',
  ]),
  ...because('baseline', 'A comparison with weeks of this account\u2019s own behaviour.', [
    'sigma:aws_cloudtrail_imds_malicious_usage',
    'elastic:credential_access_iam_long_term_access_key_correlated_with_elevated_detection_alerts',
    'elastic:credential_access_iam_long_term_access_key_first_seen_from_source_ip',
    'elastic:initial_access_assume_role_with_web_identity_kubernetes_sa_from_external_asn',
    'elastic:initial_access_github_actions_oidc_credentials_used_from_suspicious_network',
    'elastic:initial_access_iam_session_token_used_from_multiple_addresses',
    'elastic:ml_cloudtrail_error_message_spike',
    'elastic:ml_cloudtrail_rare_error_code',
    'elastic:ml_cloudtrail_rare_method_by_city',
    'elastic:ml_cloudtrail_rare_method_by_country',
    'elastic:ml_cloudtrail_rare_method_by_user',
    'elastic:persistence_sts_assume_role_with_new_mfa',
    'elastic:privilege_escalation_role_assumption_by_service',
    'elastic:privilege_escalation_role_assumption_by_user',
    'elastic:privilege_escalation_sts_role_chaining',
    'elastic:lateral_movement_sns_topic_message_publish_by_rare_user',
    'elastic:execution_ssm_command_document_created_by_rare_user',
    'elastic:persistence_new_terms_ec2_create_keypair_unusual_source_as',
    'elastic:execution_batch_job_submitted_container_override_unusual_identity',
    'elastic:privilege_escalation_bedrock_agentcore_execution_role_used_outside_runtime',
    'elastic:defense_evasion_iam_managed_policy_deleted_unusual_identity',
  ]),
  ...because('routine', 'A network or identity change that opens nothing by itself.', [
    'sigma:aws_cloudtrail_new_acl_entries',
    'sigma:aws_cloudtrail_new_route_added',
    'sigma:aws_cloudtrail_security_group_change_loadbalancer',
    'sigma:aws_cloudtrail_security_group_change_rds',
    'sigma:aws_elasticache_security_group_created',
    'sigma:aws_elasticache_security_group_modified_or_deleted',
    'sigma:aws_efs_fileshare_mount_modified_or_deleted',
    'elastic:collection_cloudtrail_logging_created',
    'elastic:defense_evasion_ec2_nacl_all_traffic_allowed_new_identity',
    'elastic:defense_evasion_ec2_network_acl_deletion',
    'elastic:persistence_ec2_network_acl_creation',
    'elastic:persistence_ec2_route_table_modified_or_deleted',
    'elastic:persistence_route_table_created',
    'elastic:persistence_iam_group_creation',
    'elastic:impact_iam_group_deletion',
    'elastic:execution_cloudshell_environment_created',
    'elastic:persistence_lambda_event_source_mapping_created',
    'elastic:persistence_route_53_hosted_zone_associated_with_a_vpc',
    'elastic:impact_cloudwatch_log_stream_deletion',
    'tailpipe:cloudwatch_log_group_created_with_encryption_disabled',
    'tailpipe:codebuild_project_service_role_updated',
    'tailpipe:codebuild_project_source_repository_updated',
    'tailpipe:codebuild_project_environment_variable_updated',
    'tailpipe:ebs_volume_detached',
    'tailpipe:ebs_snapshot_created_with_encryption_disabled',
    'tailpipe:iam_user_password_changed',
    'tailpipe:route_53_hosted_zone_associated_with_vpc',
    'tailpipe:vpc_security_group_deleted',
    'tailpipe:vpc_internet_gateway_added_to_public_route_table',
    'tailpipe:vpc_route_table_deleted',
    'tailpipe:vpc_route_table_route_deleted',
    'tailpipe:vpc_route_table_route_disassociated',
    'tailpipe:vpc_route_table_association_replaced',
    'tailpipe:vpc_created',
    'tailpipe:vpc_deleted',
    'tailpipe:vpc_peering_connection_deleted',
    'tailpipe:vpc_network_acl_entry_updated',
    'tailpipe:vpc_network_acl_entry_updated_with_allow_public_access',
    'tailpipe:vpc_internet_gateway_detached',
    'falco:Create Group',
    'falco:Delete Group',
    'falco:CloudTrail Trail Created',
  ]),
  ...because('closes access', 'Removing a credential, a provider or a file system weakens no control.', [
    'sigma:aws_delete_saml_provider',
    'sigma:aws_delete_identity',
    'sigma:aws_efs_fileshare_modified_or_deleted',
    'elastic:impact_efs_filesystem_deleted',
    'tailpipe:ec2_key_pair_deleted',
    'tailpipe:iam_access_key_deleted',
  ]),
  ...because('obsolete', 'The setting cannot be weakened any more.', [
    'falco:Delete Bucket Encryption',
    'tailpipe:vpc_classic_link_enabled',
  ]),
  ...because('rare service', 'Not in this catalogue yet.', [
    'elastic:defense_evasion_bedrock_automated_reasoning_safety_policy_tampering',
    'elastic:defense_evasion_eks_control_plane_logging_disabled',
    'elastic:impact_bedrock_knowledge_base_or_rag_data_source_poisoning',
    'elastic:persistence_bedrock_agent_created',
    'elastic:persistence_bedrock_agent_or_action_group_manipulation',
    'elastic:persistence_bedrock_third_party_or_external_knowledge_base_associated_to_agent',
    'elastic:persistence_bedrock_untrusted_model_imported_or_marketplace_endpoint_registered',
    'elastic:persistence_eks_access_entry_modified',
    'elastic:persistence_sagemaker_lifecycle_config_suspicious_script_content',
    'elastic:privilege_escalation_eks_access_entry_granted_cluster_admin_policy',
    'tailpipe:cloudfront_distribution_default_certificate_disabled',
    'tailpipe:cloudfront_distribution_logging_disabled',
    'tailpipe:ebs_snapshot_unlocked',
    'tailpipe:efs_file_system_backup_policy_disabled',
    'tailpipe:ses_identity_feedback_forwarding_disabled',
    'tailpipe:waf_web_acl_logging_disabled',
    'falco:ECS Service Created',
    'falco:ECS Task Run or Started',
  ]),
  'tailpipe:iam_root_user_email_address_updated': {
    reason: 'not built yet',
    note: 'The root user\u2019s sign-in before the change is alerted on; the change of its email address is not.',
  },
  ...Object.fromEntries(
    [
      'sigma:aws_route_53_domain_transferred_lock_disabled',
      'sigma:aws_route_53_domain_transferred_to_another_account',
      'tailpipe:route_53_domain_transferred',
      'tailpipe:route_53_domain_transfer_lock_disabled',
    ].map((key) => [
      key,
      {
        by: ['domain-transfer-out'],
        note: 'the rule names the event source route53 (or route_53); these calls come from route53domains.amazonaws.com, the source watched here',
      },
    ]),
  ),
  'elastic:persistence_bedrock_resource_based_policy_denied_attempt': {
    by: ['resource-policy-public', 'resource-shared-with-another-account'],
    partly: true,
    note: 'a Bedrock resource policy that opens is an alert (a refused attempt included); a deletion closes access',
  },
  'elastic:persistence_bedrock_resource_based_policy_modified_or_deleted': {
    by: ['resource-policy-public', 'resource-shared-with-another-account'],
    partly: true,
    note: 'a Bedrock resource policy that opens is an alert; one that keeps it to the account is quiet',
  },
  'sigma:aws_eks_cluster_created_or_deleted': { reason: 'rare service', note: 'Not in this catalogue yet.' },
  'elastic:execution_lambda_function_invoked_by_unusual_principal': {
    reason: 'data events',
    note: 'Lambda invocations are data events.',
  },
  'elastic:execution_lambda_function_invoked_from_unusual_source_asn': {
    reason: 'data events',
    note: 'Lambda invocations are data events.',
  },
  'elastic:exfiltration_sns_rare_protocol_subscription_by_user': {
    reason: 'baseline',
    note: 'Which protocols are rare is learnt from weeks of subscriptions.',
  },
  'falco:All Cloudtrail Events': { reason: 'disabled upstream', note: 'Falco\u2019s own test rule, off by default.' },
};
