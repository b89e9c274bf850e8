// Regions offered in the pickers. Any other region can still be typed: AWS adds regions faster than
// an extension ships.

export const BEDROCK_REGIONS: { id: string; name: string }[] = [
  { id: 'us-east-1', name: 'US East (N. Virginia)' },
  { id: 'us-east-2', name: 'US East (Ohio)' },
  { id: 'us-west-2', name: 'US West (Oregon)' },
  { id: 'ca-central-1', name: 'Canada (Central)' },
  { id: 'eu-central-1', name: 'Europe (Frankfurt)' },
  { id: 'eu-west-1', name: 'Europe (Ireland)' },
  { id: 'eu-west-2', name: 'Europe (London)' },
  { id: 'eu-west-3', name: 'Europe (Paris)' },
  { id: 'eu-north-1', name: 'Europe (Stockholm)' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
  { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  { id: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
  { id: 'sa-east-1', name: 'South America (São Paulo)' },
];

export function isRegion(s: string): boolean {
  return /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/.test(s.trim());
}

/** The Bedrock console page where model access is requested, for the region. */
export function modelAccessUrl(region: string): string {
  const r = isRegion(region) ? region : 'us-east-1';
  return `https://${r}.console.aws.amazon.com/bedrock/home?region=${r}#/modelaccess`;
}

export function isStartUrl(s: string): boolean {
  try {
    const u = new URL(s.trim());
    return u.protocol === 'https:' && !!u.hostname;
  } catch {
    return false;
  }
}
