/** Every e-mail Guildhall sends, as plain text with a simple HTML twin. */
export type MailTemplates = {
  verify_email: { name: string; link: string };
  sign_up_existing: { name: string; signInLink: string; resetLink: string };
  reset_password: { name: string; link: string };
  password_changed: { name: string; resetLink: string };
};
export type TemplateName = keyof MailTemplates;

type Rendered = { subject: string; text: string };

const render: { [K in TemplateName]: (d: MailTemplates[K]) => Rendered } = {
  verify_email: (d) => ({
    subject: 'Confirm your e-mail address for Guildhall',
    text: `Hello ${d.name},\n\nConfirm your e-mail address by opening this link within 48 hours:\n\n${d.link}\n\nIf you did not sign up, ignore this message.`,
  }),
  sign_up_existing: (d) => ({
    subject: 'You already have a Guildhall account',
    text: `Hello ${d.name},\n\nSomeone (perhaps you) tried to sign up with this e-mail address, which already has an account.\n\nSign in: ${d.signInLink}\nForgotten your password? ${d.resetLink}\n\nIf this was not you, no action is needed.`,
  }),
  reset_password: (d) => ({
    subject: 'Reset your Guildhall password',
    text: `Hello ${d.name},\n\nChoose a new password by opening this link within one hour. It works once:\n\n${d.link}\n\nIf you did not ask for this, ignore this message; your password is unchanged.`,
  }),
  password_changed: (d) => ({
    subject: 'Your Guildhall password was changed',
    text: `Hello ${d.name},\n\nYour password was just changed and your other sessions were signed out.\n\nIf this was not you, reset your password now: ${d.resetLink}`,
  }),
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Renders a template to subject, text and HTML; links become anchors in the HTML. */
export function renderMail<K extends TemplateName>(template: K, data: MailTemplates[K]): Rendered & { html: string } {
  const r = (render[template] as (d: MailTemplates[K]) => Rendered)(data);
  const html = r.text
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>').replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return { ...r, html: `<!doctype html><html><body style="font-family:sans-serif">${html}</body></html>` };
}
