import { budgetsUrl, iamConsoleUrl, regionalConsoleUrl } from '../../console-urls.js';
import { type Detection, t } from '../detection.js';
import { field, firstStr, isFalse, items, str } from '../read.js';

/** Blinding the other guards: GuardDuty, Security Hub, Access Analyzer, Macie, Inspector, Config, budgets, contacts. */

export const BLINDING: readonly Detection[] = [
  {
    id: 'guardduty-disabled',
    group: 'blinding',
    severity: 'high',
    title: t('GuardDuty was disabled or deleted', 'GuardDuty が無効化または削除されました'),
    why: t(
      'GuardDuty is the detector that would have noticed what comes next.',
      'GuardDuty は、この後に起きることを検知するはずのサービスです。',
    ),
    action: t(
      'If you did not do this, enable GuardDuty again in this region.',
      '心当たりがない場合は、このリージョンで GuardDuty を再度有効にしてください。',
    ),
    pattern: {
      eventSource: ['guardduty.amazonaws.com'],
      eventName: [
        'DeleteDetector',
        'UpdateDetector',
        'DisassociateFromMasterAccount',
        'DisassociateFromAdministratorAccount',
        'StopMonitoringMembers',
        'DeleteMembers',
        'DisassociateMembers',
        'DeletePublishingDestination',
      ],
    },
    matches: (call) =>
      call.eventName !== 'UpdateDetector' ||
      isFalse(call.requestParameters.enable) ||
      items(call.requestParameters.features).some((feature) => str(field(feature, 'status')) === 'DISABLED'),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { guardDuty: true }),
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'guardduty-findings-suppressed',
    group: 'blinding',
    severity: 'high',
    title: t(
      'GuardDuty was told to trust addresses or archive findings',
      'GuardDuty に信頼する IP アドレスまたは検出結果の自動アーカイブが設定されました',
    ),
    why: t(
      'A trusted IP list silences every finding from those addresses, and an auto-archive filter hides findings as they arrive: an attacker\u2019s way of working unseen.',
      '信頼できる IP リストはそのアドレスからの検出をすべて止め、自動アーカイブのフィルターは検出結果を届いたそばから隠します。攻撃者が見られずに動くための手段です。',
    ),
    action: t(
      'If you did not do this, delete the list or the filter (GuardDuty > Lists, Suppression rules).',
      '心当たりがない場合は、そのリストまたはフィルターを削除してください（GuardDuty > リスト、抑制ルール）。',
    ),
    pattern: {
      eventSource: ['guardduty.amazonaws.com'],
      eventName: ['CreateIPSet', 'UpdateIPSet', 'CreateFilter', 'UpdateFilter'],
    },
    // Filters that only mark findings (action NOOP) hide nothing.
    matches: (call) => !call.eventName.endsWith('Filter') || str(call.requestParameters.action) === 'ARCHIVE',
    target: (call) => {
      const p = call.requestParameters;
      const name = str(p.name) ?? str(p.filterName) ?? str(p.ipSetId);
      const where = str(p.location);
      return [call.eventName.endsWith('Filter') ? 'archive filter' : 'trusted IP list', name, where]
        .filter(Boolean)
        .join(' ');
    },
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { guardDuty: true }),
  },
  {
    id: 'config-stopped',
    group: 'blinding',
    severity: 'high',
    title: t('AWS Config recording was stopped or deleted', 'AWS Config の記録が停止または削除されました'),
    why: t(
      'AWS Config keeps the history of how resources were configured; stopping it hides changes.',
      'AWS Config はリソース設定の履歴を残します。停止すると変更が見えなくなります。',
    ),
    action: t(
      'If you did not do this, start the configuration recorder again.',
      '心当たりがない場合は、設定レコーダーを再開してください。',
    ),
    pattern: {
      eventSource: ['config.amazonaws.com'],
      eventName: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
    },
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { config: true }),
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'config-rules-deleted',
    group: 'blinding',
    severity: 'low',
    title: t('AWS Config rules were deleted', 'AWS Config のルールが削除されました'),
    why: t(
      'Config rules and conformance packs are the checks that flag a risky setting; without them nothing is flagged.',
      'Config ルールとコンフォーマンスパックは危険な設定を指摘するチェックです。削除すると何も指摘されません。',
    ),
    action: t(
      'If you did not do this, restore the rules (Config > Rules).',
      '心当たりがない場合は、ルールを元に戻してください（Config > ルール）。',
    ),
    pattern: {
      eventSource: ['config.amazonaws.com'],
      eventName: [
        'DeleteConfigRule',
        'DeleteConformancePack',
        'DeleteOrganizationConfigRule',
        'DeleteOrganizationConformancePack',
        'DeleteRemediationConfiguration',
        'DeleteConfigurationAggregator',
      ],
    },
    target: (call) =>
      firstStr(call.requestParameters, 'configRuleName', 'conformancePackName', 'organizationConfigRuleName'),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { config: true }),
  },
  {
    id: 'security-services-disabled',
    group: 'blinding',
    severity: 'high',
    title: t(
      'Security Hub, Access Analyzer, Macie or Inspector was turned off',
      'Security Hub、Access Analyzer、Macie または Inspector が無効化されました',
    ),
    why: t(
      'These services report risky configuration, exposed data and vulnerable software; turning them off hides their findings.',
      'これらは危険な設定、露出したデータ、脆弱なソフトウェアを報告するサービスです。無効化すると検出結果が見えなくなります。',
    ),
    action: t(
      'If you did not do this, turn the service on again in this region.',
      '心当たりがない場合は、このリージョンでサービスを再度有効にしてください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['securityhub.amazonaws.com'], eventName: ['DisableSecurityHub', 'BatchDisableStandards'] },
        { eventSource: ['access-analyzer.amazonaws.com'], eventName: ['DeleteAnalyzer'] },
        {
          eventSource: ['macie2.amazonaws.com', 'macie.amazonaws.com'],
          eventName: ['DisableMacie', 'UpdateMacieSession'],
        },
        { eventSource: ['inspector2.amazonaws.com'], eventName: ['Disable'] },
      ],
    },
    // Macie paused by UpdateMacieSession is as blind as disabled; other session updates (frequency) are not.
    matches: (call) => call.eventName !== 'UpdateMacieSession' || str(call.requestParameters.status) === 'PAUSED',
    target: (call) => `${call.service} ${call.eventName}`,
  },
  {
    id: 'findings-archived',
    group: 'blinding',
    severity: 'medium',
    title: t(
      'A rule now archives or suppresses security findings',
      'セキュリティの検出結果をアーカイブまたは抑制するルールが作成されました',
    ),
    why: t(
      'An archive rule in Access Analyzer or a suppressing automation rule in Security Hub hides matching findings from now on.',
      'Access Analyzer のアーカイブルールや Security Hub の抑制する自動化ルールは、以後一致する検出結果を隠します。',
    ),
    action: t(
      'Read the rule\u2019s filter; delete it if it hides more than it should.',
      'ルールのフィルターを確認し、隠しすぎているなら削除してください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['access-analyzer.amazonaws.com'], eventName: ['CreateArchiveRule', 'UpdateArchiveRule'] },
        {
          eventSource: ['securityhub.amazonaws.com'],
          eventName: ['CreateAutomationRule', 'BatchUpdateAutomationRules'],
        },
      ],
    },
    matches: (call) =>
      call.service === 'access-analyzer' || /SUPPRESSED/.test(JSON.stringify(call.requestParameters.actions ?? '')),
    target: (call) => firstStr(call.requestParameters, 'ruleName', 'analyzerName'),
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'accessAnalyzer'),
  },
  {
    id: 'budget-deleted',
    group: 'blinding',
    severity: 'medium',
    title: t('An AWS budget was deleted', 'AWS の予算が削除されました'),
    why: t(
      'Without the budget, nobody is told when spending runs away.',
      '予算がなくなると、支出が膨らんでも誰にも通知されません。',
    ),
    action: t(
      'If you did not do this, create the budget again (or redeploy with monthlyBudget).',
      '心当たりがない場合は、予算を作り直してください（monthlyBudget を付けて再デプロイでも可）。',
    ),
    pattern: { eventSource: ['budgets.amazonaws.com'], eventName: ['DeleteBudget'] },
    target: (call) =>
      str(call.requestParameters.budgetName) ? `budget ${str(call.requestParameters.budgetName)}` : undefined,
    consoleUrl: () => budgetsUrl(),
  },
  {
    id: 'security-contact-removed',
    group: 'blinding',
    severity: 'medium',
    title: t('The account\u2019s security contact was removed', 'アカウントのセキュリティ連絡先が削除されました'),
    why: t(
      'AWS writes to the security contact when it sees your keys leaked or your account abused; without it that mail goes only to the root address.',
      'AWS はキーの漏えいや不正利用を見つけるとセキュリティ連絡先に連絡します。削除されるとその連絡はルートのアドレスにしか届きません。',
    ),
    action: t(
      'Set the security contact again (Account > Alternate contacts).',
      'セキュリティ連絡先を再設定してください（アカウント > 代替の連絡先）。',
    ),
    pattern: { eventSource: ['account.amazonaws.com'], eventName: ['DeleteAlternateContact'] },
    matches: (call) => (str(call.requestParameters.AlternateContactType) ?? 'SECURITY') === 'SECURITY',
    target: () => 'alternate contact SECURITY',
  },
  {
    id: 'ebs-default-encryption-disabled',
    group: 'blinding',
    severity: 'medium',
    title: t('EBS encryption by default was turned off', 'EBS のデフォルト暗号化が無効化されました'),
    why: t(
      'New volumes and snapshot copies in this region are now unencrypted, so a shared or stolen snapshot can be read as is.',
      'このリージョンの新しいボリュームやスナップショットのコピーは暗号化されなくなり、共有・盗難されたスナップショットがそのまま読めます。',
    ),
    action: t(
      'Turn it on again (EC2 > Settings > EBS encryption).',
      '再度有効にしてください（EC2 > 設定 > EBS 暗号化）。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['DisableEbsEncryptionByDefault'] },
    target: (call) => `region ${call.region ?? '?'}`,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { ebsEncryption: true }),
  },
  {
    id: 'guardrail-removed',
    group: 'blinding',
    severity: 'medium',
    title: t(
      'A Bedrock guardrail or web firewall rule was removed',
      'Bedrock のガードレールまたは WAF のルールが削除されました',
    ),
    why: t(
      'Guardrails filter what models may be asked and answer; web ACLs filter what reaches your applications. Removing them lifts the filter for everyone.',
      'ガードレールはモデルへの入力と出力を、Web ACL はアプリケーションに届くリクエストを絞り込みます。削除すると誰に対しても制限がなくなります。',
    ),
    action: t(
      'If you did not do this, restore the guardrail or the web ACL from your infrastructure code.',
      '心当たりがない場合は、インフラのコードからガードレールまたは Web ACL を復元してください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['bedrock.amazonaws.com'], eventName: ['DeleteGuardrail'] },
        {
          eventSource: ['wafv2.amazonaws.com', 'waf.amazonaws.com', 'waf-regional.amazonaws.com'],
          eventName: ['DeleteWebACL', 'DisassociateWebACL', 'DeleteRuleGroup'],
        },
      ],
    },
    target: (call) => firstStr(call.requestParameters, 'guardrailIdentifier', 'name', 'resourceArn', 'webACLId', 'id'),
  },
  {
    id: 'organization-left',
    group: 'blinding',
    severity: 'high',
    title: t('The account tried to leave its organization', 'アカウントが組織からの離脱を試みました'),
    why: t(
      'Leaving the organization removes its guardrails (SCPs) and its central logging.',
      '組織を離れると、SCP などのガードレールと集中ログ管理が外れます。',
    ),
    action: t(
      'If you did not do this, contact your organization\u2019s administrators now.',
      '心当たりがない場合は、すぐに組織の管理者に連絡してください。',
    ),
    pattern: { eventSource: ['organizations.amazonaws.com'], eventName: ['LeaveOrganization'] },
    target: (call) => `account ${call.accountId ?? '?'}`,
  },
];
