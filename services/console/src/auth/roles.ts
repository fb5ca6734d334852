import type { Role } from './session-store.ts';

export interface RoleMapping {
  claim: string;
  viewer: string;
  operator: string;
}

/** Console roles from the provider's claim (an array, or a space/comma-separated string). */
export function rolesFrom(claims: Record<string, unknown>, m: RoleMapping): Role[] {
  const raw = claims[m.claim];
  const values = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles: Role[] = [];
  if (values.includes(m.operator)) roles.push('viewer', 'operator');
  else if (values.includes(m.viewer)) roles.push('viewer');
  return roles;
}
