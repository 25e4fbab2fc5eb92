import type { InlinePicture } from './inline.js';

/** Every e-mail Guildhall sends, as plain text with a simple HTML twin. */
export type MailTemplates = {
  verify_email: { name: string; link: string };
  sign_up_existing: { name: string; signInLink: string; resetLink: string };
  reset_password: { name: string; link: string };
  /** `revokedTokens`: the API tokens revoked with the old password, as "name (gh_prefix…)". */
  password_changed: { name: string; resetLink: string; revokedTokens?: string[] };
  reference_request: { refereeName: string; applicantName: string; levelName: string; claims: number; link: string; expiresOn: string };
  reference_reminder: { refereeName: string; applicantName: string; levelName: string; link: string; expiresOn: string };
  application_submitted: { name: string; levelName: string; referees: number; link: string };
  nomination_received: { name: string; nominatorName: string; levelName: string; link: string };
  information_requested: { name: string; levelName: string; question: string; link: string };
  assessment_assigned: { name: string; applicantName: string; levelName: string; stage: 'assessment' | 'third' | 'appeal'; dueOn: string; link: string };
  decision_ready: { name: string; applicantName: string; levelName: string; link: string };
  /** `final`: an appeal upheld the decline, so no further appeal is offered. */
  application_decided: { name: string; levelName: string; outcome: 'award' | 'decline'; reasons: string; fee: string | null; link: string; final?: boolean };
  credential_awarded: { name: string; levelName: string; postNominals: string | null; reviewOn: string; link: string };
  cpd_audit_requested: { name: string; items: string; dueOn: string; link: string };
  cpd_audit_decided: { name: string; outcome: 'passed' | 'failed' | 'expired'; rejected: string; link: string };
  cpd_reminder: { name: string; credential: string; shortfall: string; lastDay: string; link: string };
  cpd_standing: { name: string; credential: string; change: 'grace' | 'suspended' | 'lapsed' | 'reinstated'; shortfall: string; until: string; link: string };
  cpd_plan_reminder: { name: string; kind: 'planned' | 'note'; what: string; link: string };
  organisation_invite: { organisationName: string; inviterName: string; role: string; link: string; expiresOn: string };
  organisation_domain: { organisationName: string; domain: string; link: string; expiresOn: string };
  organisation_decided: { name: string; organisationName: string; outcome: 'approved' | 'declined'; reason: string; link: string };
  webhook_endpoint_disabled: { name: string; organisation: string; url: string; since: string; lastError: string; link: string };
  // organisations/employment and organisations/sponsorship
  employment_confirmation_requested: { name: string; organisationName: string; memberName: string; roleTitle: string; link: string };
  sponsorship_offered: { name: string; organisationName: string; levelName: string; link: string };
  cpd_goal_suggested: { name: string; organisationName: string; goal: string; link: string };
  /** An employer's message relayed to a listed holder (organisations/recruiting); the sender never sees this address. */
  contact_message: { name: string; organisationName: string; senderName: string; subject: string; body: string; replyLink: string; reportLink: string };
  /** A holder's reply, mailed to the employer who wrote: it carries the holder's address. */
  contact_reply: { name: string; candidateName: string; candidateEmail: string; subject: string; body: string; link: string };
  // events/proposals: never a reviewer's score or comment in either
  event_proposal_decided: { name: string; eventTitle: string; title: string; outcome: 'accepted' | 'rejected'; slot: string | null; link: string };
  event_speaker_invited: { name: string; eventTitle: string; sessionTitle: string; slot: string; link: string };
  // events/registration. `claimLink`: a guest's light account has no password yet; this link sets one.
  event_registered: { name: string; eventTitle: string; ticketName: string; reference: string; when: string; link: string; claimLink: string | null; checkInCode: string };
  event_place_offered: { name: string; eventTitle: string; ticketName: string; expiresAt: string; link: string };
  // events/exhibitors
  exhibitor_staff_added: { name: string; exhibitorName: string; eventTitle: string; reference: string; ticketLink: string; checkInCode: string; leadsLink: string; passwordLink: string | null };
  // events/registration, guests: an address with a password is never registered by a guest form; it is told to sign in.
  event_guest_has_account: { name: string; eventTitle: string; link: string };
  event_guest_already: { name: string; eventTitle: string; holds: string; link: string };
  event_waitlist_joined: { name: string; eventTitle: string; ticketName: string; position: number; link: string };
  // organisations/sponsorship: an event ticket
  ticket_sponsorship_offered: { name: string; organisationName: string; eventTitle: string; link: string };
  // events/closing. `what`: the sessions (or days) withdrawn, one a line; `hours`: the CPD hours taken back, "0" when none were credited.
  event_credit_withdrawn: { name: string; eventTitle: string; what: string; hours: string; reason: string; link: string };
  // credentials/console
  credential_status_changed: { name: string; levelName: string; change: 'suspended' | 'reinstated' | 'revoked'; reason: string; link: string };
  credential_reissued: { name: string; levelName: string; reason: string; link: string };
  // privacy: the subject-access archive is ready (the link opens the privacy page, which holds the download link)
  data_export_ready: { name: string; expiresAt: string; link: string };
  // register-import: a holder brought over from the body's earlier register. `status`: how the credential came in.
  register_claim: { name: string; levelName: string; status: 'active' | 'lapsed'; expiresOn: string; link: string };
  /** An imported holder who has not claimed the account asked for a password reset, or signed up again. */
  claim_again: { name: string; expiresOn: string; link: string };
};
export type TemplateName = keyof MailTemplates;

/** `pictures`: shown in the HTML part only, after the text (the text part already says where to find them). */
type Rendered = { subject: string; text: string; pictures?: InlinePicture[] };

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
    text: `Hello ${d.name},\n\nYour password was just changed and your other sessions were signed out.${
      d.revokedTokens?.length ? `\n\nThese API tokens were revoked with the old password; create new ones on your account page where you still need them:\n${d.revokedTokens.map((t) => `- ${t}`).join('\n')}` : ''
    }\n\nIf this was not you, reset your password now: ${d.resetLink}`,
  }),
  reference_request: (d) => ({
    subject: `Please confirm ${d.applicantName}'s experience`,
    text: `Hello ${d.refereeName},\n\n${d.applicantName} has applied for ${d.levelName} and named you as a referee for ${d.claims === 1 ? 'one claim' : `${d.claims} claims`} about their work.\n\nPlease confirm or dispute each claim, with a comment if you wish. You do not need an account, and it takes a few minutes. The link works once, until ${d.expiresOn}:\n\n${d.link}\n\n${d.applicantName} will see that you answered, never what you wrote.`,
  }),
  reference_reminder: (d) => ({
    subject: `Reminder: please confirm ${d.applicantName}'s experience`,
    text: `Hello ${d.refereeName},\n\n${d.applicantName}'s application for ${d.levelName} is waiting for your reference. The link works until ${d.expiresOn}:\n\n${d.link}\n\nIf you cannot give a reference, open the link and dispute the claims you cannot confirm.`,
  }),
  application_submitted: (d) => ({
    subject: `Your application for ${d.levelName} is submitted`,
    text: `Hello ${d.name},\n\nWe have your application for ${d.levelName}.${d.referees > 0 ? ` We have asked your ${d.referees === 1 ? 'referee' : `${d.referees} referees`} to confirm your experience; assessment starts when they answer.` : ' It now goes to an assessor.'}\n\nFollow its progress: ${d.link}`,
  }),
  nomination_received: (d) => ({
    subject: `You have been nominated for ${d.levelName}`,
    text: `Hello ${d.name},\n\n${d.nominatorName} has nominated you for ${d.levelName}. Review the nomination and, if you agree, consent and submit your application:\n\n${d.link}`,
  }),
  information_requested: (d) => ({
    subject: `Your application for ${d.levelName}: more information needed`,
    text: `Hello ${d.name},\n\nYour assessor asks:\n\n${d.question}\n\nAnswer, and add evidence if it helps, here: ${d.link}\n\nThe assessment's clock is paused until you answer.`,
  }),
  assessment_assigned: (d) => ({
    subject: `${d.stage === 'appeal' ? 'Appeal' : 'Application'} to assess: ${d.applicantName} for ${d.levelName}`,
    text: `Hello ${d.name},\n\nYou have been assigned ${d.stage === 'appeal' ? 'the appeal of ' : d.stage === 'third' ? 'as the third assessor of ' : ''}${d.applicantName}'s application for ${d.levelName}, due by ${d.dueOn}.\n\nOpen it in your workbench: ${d.link}\n\nIf you have a conflict of interest, declare it there and it will be handed to someone else.`,
  }),
  decision_ready: (d) => ({
    subject: `Recommendation ready: ${d.applicantName} for ${d.levelName}`,
    text: `Hello ${d.name},\n\nThe assessors have made their recommendation on ${d.applicantName}'s application for ${d.levelName}. It is ready for your decision:\n\n${d.link}`,
  }),
  application_decided: (d) => ({
    subject: `Your application for ${d.levelName}: ${d.outcome === 'award' ? 'approved' : 'decision'}`,
    text: `Hello ${d.name},\n\n${d.outcome === 'award' ? `Your application has been approved.${d.fee ? ` The award fee of ${d.fee} is now payable; your credential is issued once it is marked paid.` : ''}` : 'We are sorry: your application has not been approved this time.'}\n\nReasons:\n${d.reasons}\n\n${d.outcome === 'decline' && !d.final ? `You may appeal once, from the application page: ${d.link}` : `${d.final ? 'Your appeal has been considered and the decision stands; it is final. ' : ''}See the details: ${d.link}`}`,
  }),
  credential_awarded: (d) => ({
    subject: `Congratulations: you are awarded ${d.levelName}`,
    text: `Hello ${d.name},\n\nYou have been awarded ${d.levelName}${d.postNominals ? ` and may use the post-nominals ${d.postNominals}` : ''}. Keep it current with continual professional development; its review date is ${d.reviewOn}.\n\nSee your credentials: ${d.link}`,
  }),
  cpd_audit_requested: (d) => ({
    subject: 'Your CPD record has been chosen for audit',
    text: `Hello ${d.name},\n\nYour CPD record has been chosen for this year's audit. Please send evidence for these activities by ${d.dueOn}:\n\n${d.items}\n\nAttach evidence from your portfolio and add a note here: ${d.link}\n\nActivities without evidence by ${d.dueOn} will not count.`,
  }),
  cpd_audit_decided: (d) => ({
    subject: `Your CPD audit: ${d.outcome === 'passed' ? 'passed' : d.outcome === 'failed' ? 'decision' : 'closed without evidence'}`,
    text: `Hello ${d.name},\n\n${d.outcome === 'passed' ? 'Thank you: every activity in your CPD audit was accepted.' : d.outcome === 'failed' ? 'Your CPD audit is decided. These activities were not accepted and no longer count:' : 'No evidence reached us by the due date, so these activities no longer count:'}${d.rejected ? `\n\n${d.rejected}` : ''}\n\nSee the details: ${d.link}`,
  }),
  cpd_reminder: (d) => ({
    subject: `CPD reminder: ${d.shortfall} more needed by ${d.lastDay}`,
    text: `Hello ${d.name},\n\nYour CPD cycle for ${d.credential} ends on ${d.lastDay} and you need ${d.shortfall} more to keep the credential current.\n\nSee your totals and plan: ${d.link}`,
  }),
  cpd_standing: (d) => ({
    subject: `${d.credential}: ${d.change === 'grace' ? 'CPD grace period started' : d.change === 'suspended' ? 'credential suspended' : d.change === 'lapsed' ? 'credential lapsed' : 'credential reinstated'}`,
    text: `Hello ${d.name},\n\n${
      d.change === 'grace'
        ? `Your CPD cycle for ${d.credential} ended ${d.shortfall} short. You have until ${d.until} to make it up; activities you log now count towards it.`
        : d.change === 'suspended'
          ? `${d.credential} is suspended because its CPD is ${d.shortfall} short. It lapses on ${d.until} unless you make up the shortfall; logging the missing CPD reinstates it.`
          : d.change === 'lapsed'
            ? `${d.credential} has lapsed because its CPD is ${d.shortfall} short. Making up the shortfall reinstates it.`
            : `${d.credential} is current again: your CPD has made up the shortfall. Thank you.`
    }\n\nSee your CPD: ${d.link}`,
  }),
  cpd_plan_reminder: (d) => ({
    subject: `CPD plan reminder: ${d.what}`,
    text: `Hello ${d.name},\n\n${
      d.kind === 'planned' ? `Your CPD plan has “${d.what}” for about now. Once you have done it, log it here (the form is filled in from your plan):` : `You asked to be reminded today: ${d.what}.\n\nLog an activity or update your plan:`
    }\n\n${d.link}`,
  }),
  organisation_invite: (d) => ({
    subject: `Join ${d.organisationName} on Guildhall`,
    text: `Hello,\n\n${d.inviterName} invites you to join ${d.organisationName} on Guildhall as ${d.role}.\n\nSign in (or create an account) with this e-mail address and accept the invitation by opening this link before ${d.expiresOn}:\n\n${d.link}\n\nIf you do not expect this, ignore this message.`,
  }),
  organisation_domain: (d) => ({
    subject: `Confirm ${d.domain} for ${d.organisationName}`,
    text: `Hello,\n\nAn administrator of ${d.organisationName} on Guildhall asked to confirm that ${d.domain} is the organisation's e-mail domain, and gave this address.\n\nOpen this link before ${d.expiresOn}, signed in as an administrator of ${d.organisationName}, to confirm it:\n\n${d.link}\n\nIf you do not know of this, ignore this message and the domain stays unconfirmed.`,
  }),
  organisation_decided: (d) => ({
    subject: `${d.organisationName} on Guildhall: request ${d.outcome}`,
    text: `Hello ${d.name},\n\n${d.outcome === 'approved' ? `Your request for ${d.organisationName} is approved and you are its administrator.` : `Your request for ${d.organisationName} was declined.`}${d.reason ? `\n\nReason:\n${d.reason}` : ''}\n\n${d.link}`,
  }),
  webhook_endpoint_disabled: (d) => ({
    subject: `Webhook endpoint switched off: ${d.url}`,
    text: `Hello ${d.name},\n\nDeliveries from Guildhall to ${d.organisation}'s webhook endpoint ${d.url} have failed since ${d.since}, so the endpoint has been switched off. The last error was: ${d.lastError}\n\nOnce the endpoint answers again, switch it back on and re-send the deliveries you need:\n\n${d.link}`,
  }),
  // organisations/employment and organisations/sponsorship
  employment_confirmation_requested: (d) => ({
    subject: `${d.memberName} asks ${d.organisationName} to confirm their employment`,
    text: `Hello ${d.name},\n\n${d.memberName} has linked their role "${d.roleTitle}" to ${d.organisationName} and asks you to confirm the period and responsibility level. Confirm or dispute it in one click:\n\n${d.link}`,
  }),
  sponsorship_offered: (d) => ({
    subject: `${d.organisationName} offers to pay your ${d.levelName} fee`,
    text: `Hello ${d.name},\n\n${d.organisationName} offers to pay the fee of your application for ${d.levelName}. Accept or decline the offer:\n\n${d.link}`,
  }),
  cpd_goal_suggested: (d) => ({
    subject: `${d.organisationName} suggests a development goal`,
    text: `Hello ${d.name},\n\n${d.organisationName} suggests this goal for your CPD plan: “${d.goal}”. Accepting adds it to your plan; you may also decline it:\n\n${d.link}`,
  }),
  contact_message: (d) => ({
    subject: `${d.organisationName}: ${d.subject}`,
    text: `Hello ${d.name},\n\n${d.senderName} of ${d.organisationName} found you in the Guildhall register and sent this message through Guildhall. They do not have your e-mail address; they see it only if you reply.\n\n---\n${d.body}\n---\n\nReply (signed in): ${d.replyLink}\n\nIf this message is unwelcome or abusive, report it: ${d.reportLink}`,
  }),
  contact_reply: (d) => ({
    subject: `Re: ${d.subject}`,
    text: `Hello ${d.name},\n\n${d.candidateName} replied to your message through Guildhall. Their e-mail address is ${d.candidateEmail}.\n\n---\n${d.body}\n---\n\nYour sent messages: ${d.link}`,
  }),
  // events/proposals
  event_proposal_decided: (d) => ({
    subject: `${d.eventTitle}: your proposal “${d.title}” was ${d.outcome}`,
    text: `Hello ${d.name},\n\n${
      d.outcome === 'accepted'
        ? `Your proposal “${d.title}” for ${d.eventTitle} was accepted, and is in the programme on ${d.slot}. Each speaker receives a separate message with a link to confirm they will speak.`
        : `Thank you for proposing “${d.title}” for ${d.eventTitle}. The organisers could not find it a place in the programme this time.`
    }\n\nYour proposals and talks: ${d.link}`,
  }),
  event_speaker_invited: (d) => ({
    subject: `${d.eventTitle}: please confirm you will speak`,
    text: `Hello ${d.name},\n\nYou are a speaker on “${d.sessionTitle}” at ${d.eventTitle}, on ${d.slot}. Please confirm that you will speak, or decline, by opening this link:\n\n${d.link}`,
  }),
  // events/registration
  event_registered: (d) => ({
    subject: `You are registered: ${d.eventTitle}`,
    text: `Hello ${d.name},\n\nYou are registered for ${d.eventTitle} (${d.when}) with a ${d.ticketName} ticket. Your reference is ${d.reference}: give it at the door if your code will not scan.\n\nYour check-in code (a QR code), your badge to print and your agenda are on your page:\n\n${d.link}${
      d.claimLink ? `\n\nTo open that page, choose a password for the account made with this registration (it uses this e-mail address):\n\n${d.claimLink}` : ''
    }`,
    pictures: [{ cid: 'checkin-code@guildhall', filename: 'check-in-code.png', alt: `Your check-in code (reference ${d.reference})`, qr: d.checkInCode }],
  }),
  event_place_offered: (d) => ({
    subject: `A place is free: ${d.eventTitle}`,
    text: `Hello ${d.name},\n\nA ${d.ticketName} place at ${d.eventTitle} has freed up and it is yours if you claim it before ${d.expiresAt}. After that it goes to the next person waiting.\n\nClaim it here:\n\n${d.link}`,
  }),
  // events/exhibitors
  exhibitor_staff_added: (d) => ({
    subject: `Your exhibitor ticket for ${d.eventTitle}`,
    text: `Hello ${d.name},\n\nYou are on the staff of ${d.exhibitorName}'s stand at ${d.eventTitle}. Your ticket reference is ${d.reference}: give it at the door if your code will not scan.\n\nYour check-in code (a QR code) and your badge to print are on your page:\n\n${d.ticketLink}\n\nAt the stand, scan visitors' badges (or type their reference) to collect leads: only visitors who chose to share their contact are named; the others are counted.\n\n${d.leadsLink}${d.passwordLink ? `\n\nYou have no password yet: choose one from this page with this e-mail address, then sign in.\n\n${d.passwordLink}` : ''}`,
    pictures: [{ cid: 'checkin-code@guildhall', filename: 'check-in-code.png', alt: `Your check-in code (reference ${d.reference})`, qr: d.checkInCode }],
  }),
  event_guest_has_account: (d) => ({
    subject: `Someone asked to register this address for ${d.eventTitle}`,
    text: `Hello ${d.name},\n\nSomeone (perhaps you) asked to register this e-mail address for ${d.eventTitle} as a guest. This address has an account, so nothing was registered. Sign in to take the place:\n\n${d.link}\n\nIf this was not you, no action is needed.`,
  }),
  event_guest_already: (d) => ({
    subject: `Your place at ${d.eventTitle}`,
    text: `Hello ${d.name},\n\nSomeone (perhaps you) asked again to register this e-mail address for ${d.eventTitle}. ${d.holds} Nothing was changed.\n\n${d.link}`,
  }),
  event_waitlist_joined: (d) => ({
    subject: `You are on the waiting list: ${d.eventTitle}`,
    text: `Hello ${d.name},\n\nThe ${d.ticketName} ticket for ${d.eventTitle} is full, so you are on its waiting list, number ${d.position}. When a place frees we will e-mail you a link to claim it; no password is needed.\n\nTo see your place on the event's page, choose a password for the account made with this request (it uses this e-mail address):\n\n${d.link}`,
  }),
  ticket_sponsorship_offered: (d) => ({
    subject: `${d.organisationName} offers to pay your ticket for ${d.eventTitle}`,
    text: `Hello ${d.name},\n\n${d.organisationName} offers to pay the fee of your ticket for ${d.eventTitle}. Accept or decline the offer:\n\n${d.link}`,
  }),
  // events/closing
  event_credit_withdrawn: (d) => ({
    subject: `${d.eventTitle}: a check-in was undone`,
    text: `Hello ${d.name},

The organisers of ${d.eventTitle} undid a check-in of yours, so your attendance no longer includes:

${d.what}

Their reason: ${d.reason}

${
      d.hours === '0' ? 'No CPD had been credited for it.' : `The CPD credited for it (${d.hours} ${d.hours === '1' ? 'hour' : 'hours'}) is withdrawn from your CPD log.`
    } Your credential of attendance is replaced by one without it (or revoked, if nothing else remains). If you think this is a mistake, contact the organisers.

Your CPD: ${d.link}`,
  }),
  // credentials/console
  credential_status_changed: (d) => ({
    subject: `Your ${d.levelName} credential has been ${d.change}`,
    text: `Hello ${d.name},\n\nYour ${d.levelName} credential has been ${d.change} by the body's scheme administrators. ${
      d.change === 'suspended'
        ? 'While it is suspended, anyone who checks it is told so; it can be reinstated.'
        : d.change === 'revoked'
          ? 'Revocation is final: anyone who checks it is told it has been revoked.'
          : 'It is current again, and anyone who checks it is told so.'
    }\n\nTheir reason: ${d.reason}\n\nIf you think this is a mistake, reply to the body's office.\n\nThe credential: ${d.link}`,
  }),
  credential_reissued: (d) => ({
    subject: `Your ${d.levelName} credential has been re-issued`,
    text: `Hello ${d.name},\n\nYour ${d.levelName} credential has been re-issued with your current details (${d.reason}). The new credential replaces the old one, which now shows as superseded; download the new one to share it.\n\nThe new credential: ${d.link}`,
  }),
  // privacy
  data_export_ready: (d) => ({
    subject: 'Your Guildhall data archive is ready',
    text: `Hello ${d.name},

The archive of all your data is ready. Download it from your privacy page until ${d.expiresAt} (sign in first):

${d.link}

If you did not ask for it, an administrator made it on your behalf at your request; tell us if you did not ask.`,
  }),
  claim_again: (d) => ({
    subject: 'Claim your Guildhall account',
    text: `Hello ${d.name},\n\nSomeone, probably you, asked to reset the password of this address or to sign up with it. Your account came across from the body's earlier register and has no password yet, so here is a new link to claim it by choosing one. It works once, until ${d.expiresOn}; any earlier claim link no longer works:\n\n${d.link}\n\nIf you did not ask for this, ignore this message; nothing has changed.`,
  }),
  register_claim: (d) => ({
    subject: `Your ${d.levelName} credential is now on Guildhall`,
    text: `Hello ${d.name},\n\nThe body now keeps its register on Guildhall, and your ${d.levelName} credential has come across with its original award date${
      d.status === 'lapsed' ? '. Its review date has passed, so it is shown as lapsed until it is renewed' : ''
    }.\n\nClaim your account by choosing a password; the link works once, until ${d.expiresOn}:\n\n${d.link}\n\nYou are not listed in the public register until you choose to be, on your account's register page. If you did not expect this message, you can ignore it.`,
  }),
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Renders a template to subject, text and HTML; links become anchors in the HTML, pictures `cid:` images. */
export function renderMail<K extends TemplateName>(template: K, data: MailTemplates[K]): Rendered & { html: string } {
  const r = (render[template] as (d: MailTemplates[K]) => Rendered)(data);
  const paragraphs = r.text
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>').replace(/\n/g, '<br>')}</p>`);
  const pictures = (r.pictures ?? []).map((p) => `<p><img src="cid:${escapeHtml(p.cid)}" alt="${escapeHtml(p.alt)}" width="240" height="240"></p>`);
  return { ...r, html: `<!doctype html><html><body style="font-family:sans-serif">${[...paragraphs, ...pictures].join('\n')}</body></html>` };
}
