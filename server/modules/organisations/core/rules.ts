/* Pure rules of organisations themselves: slugs, domains, invitation states. */

export const INVITE_DAYS = 14;
export const DOMAIN_LINK_DAYS = 7;

/** A slug from a name: ASCII letters and digits joined by single hyphens ("Contoso Health IT" → contoso-health-it). */
export function slugOf(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return s.length >= 2 ? s : `org-${s || 'x'}`;
}

/** Whether an address is on the domain itself or one of its subdomains (name@mail.example.com is on example.com). */
export function isOnDomain(email: string, domain: string): boolean {
  const host = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return host === domain || host.endsWith(`.${domain}`);
}

export type InviteRow = { accepted_at: string | null; revoked_at: string | null; expires_at: string };

export function inviteState(i: InviteRow, now: Date): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (i.accepted_at) return 'accepted';
  if (i.revoked_at) return 'revoked';
  return i.expires_at <= now.toISOString() ? 'expired' : 'pending';
}

export const addDays = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000);

/** A role as a sentence says it. */
export const roleWords = { admin: 'an administrator', hr: 'HR', line_manager: 'a line manager' } as const;
