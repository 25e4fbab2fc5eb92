import type { z } from 'zod';
import type {
  ChangePasswordBody,
  CreateApiTokenBody,
  RequestPasswordResetBody,
  ResetPasswordBody,
  SignInBody,
  SignUpBody,
  UpdateProfileBody,
} from '../../../contracts/accounts.js';
import type { AcceptedBody, ApiToken, NewApiToken, OkBody, PasswordChangedBody, CurrentUser, } from '../api.js';
import { call, remember, signOut } from '../api-core.js';

const seg = encodeURIComponent;

export const accounts = {
  signUp: (body: z.input<typeof SignUpBody>) => call<AcceptedBody>('POST', '/api/v1/auth/sign-up', body),
  verifyEmail: (token: string) => call<OkBody>('POST', '/api/v1/auth/verify-email', { token }),
  resendVerification: (email: string) => call<AcceptedBody>('POST', '/api/v1/auth/resend-verification', { email }),
  signIn: async (body: z.input<typeof SignInBody>) => remember(await call<CurrentUser>('POST', '/api/v1/auth/sign-in', body)),
  signOut,
  requestPasswordReset: (body: z.input<typeof RequestPasswordResetBody>) => call<AcceptedBody>('POST', '/api/v1/auth/password-reset/request', body),
  resetPassword: (body: z.input<typeof ResetPasswordBody>) => call<PasswordChangedBody>('POST', '/api/v1/auth/password-reset', body),
  updateProfile: async (body: z.input<typeof UpdateProfileBody>) => remember(await call<CurrentUser>('PATCH', '/api/v1/me', body)),
  changePassword: (body: z.input<typeof ChangePasswordBody>) => call<PasswordChangedBody>('POST', '/api/v1/me/password', body),
  listApiTokens: () => call<{ tokens: ApiToken[] }>('GET', '/api/v1/me/api-tokens'),
  createApiToken: (body: z.input<typeof CreateApiTokenBody>) => call<NewApiToken>('POST', '/api/v1/me/api-tokens', body),
  revokeApiToken: (id: string) => call<OkBody>('DELETE', `/api/v1/me/api-tokens/${seg(id)}`),
};
