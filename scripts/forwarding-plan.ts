import { isRegionName } from '../src/lib/aws-names.js';

/**
 * Regions where AWS records console sign-ins away from a given home region:
 * root sign-ins land in us-east-1; IAM users through the global endpoint in us-east-1, us-east-2,
 * eu-north-1 or ap-southeast-2 (whichever is nearest to them); regional endpoints in their own region.
 */
export const DEFAULT_FORWARD_REGIONS = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'] as const;

export interface ForwardingPlan {
  homeRegion: string;
  /** Regions that get a forwarding stack: the defaults plus the extras, without the home region, without repeats. */
  regions: string[];
}

/** Works out which regions forward to the home region; throws an error naming a malformed region. */
export function planForwarding(homeRegion: string, extraRegions: readonly string[] = []): ForwardingPlan {
  for (const region of [homeRegion, ...extraRegions]) {
    if (!isRegionName(region)) throw new Error(`"${region}" is not an AWS region name such as ap-northeast-1`);
  }
  const regions = [...new Set([...DEFAULT_FORWARD_REGIONS, ...extraRegions])].filter((region) => region !== homeRegion);
  return { homeRegion, regions };
}
