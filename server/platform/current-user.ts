import type { CurrentUser } from '../../contracts/accounts.js';
import type { Config } from '../config.js';
import type { Actor } from './context.js';
import { isLoopbackAddress } from './loopback.js';

/** The signed-in user as getCurrentUser answers and server-rendered pages embed it, from the request's actor. */
export function currentUserOf(a: Actor, ip: string | null, config: Pick<Config, 'demo' | 'smtpUrl'>): CurrentUser {
  return {
    id: a.userId,
    email: a.email,
    name: a.name,
    country: a.country,
    emailVerified: a.emailVerified,
    roles: [...a.roles],
    csrfToken: a.csrfToken,
    demo: config.demo,
    devMailbox: config.smtpUrl === null && isLoopbackAddress(ip),
  };
}
