import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; raw: string };

export type SmtpPeer = {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** How many messages were offered, accepted or not. */
  attempts: () => number;
  waitForLink: (to: string, subject: RegExp, skip?: number, timeoutMs?: number) => Promise<{ mail: ReceivedMail; link: string }>;
  close: () => Promise<void>;
};

/** Decodes one MIME body by its Content-Transfer-Encoding. */
function decodeBytes(body: string, encoding: string): Buffer {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1');
  }
  return Buffer.from(body, 'utf8');
}

function splitHead(part: string): { headers: Record<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? '' : part.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** A message's leaf parts (walking multipart containers) with headers lower-cased and bodies decoded. */
export function mimeParts(raw: string): Array<{ headers: Record<string, string>; content: Buffer }> {
  const parts: Array<{ headers: Record<string, string>; content: Buffer }> = [];
  const walk = (part: { headers: Record<string, string>; body: string }) => {
    const type = part.headers['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const chunk of part.body.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        walk(splitHead(chunk.replace(/^\r?\n/, '')));
      }
      return;
    }
    parts.push({ headers: { 'content-type': type, ...part.headers }, content: decodeBytes(part.body, part.headers['content-transfer-encoding'] ?? '7bit') });
  };
  walk(splitHead(raw));
  return parts;
}

/** The text/plain body of a message, walking multipart containers; enough for nodemailer's output. */
export function plainText(raw: string): { subject: string; text: string } {
  const subject = splitHead(raw).headers.subject ?? '';
  const part = mimeParts(raw).find((p) => /^text\/plain/i.test(p.headers['content-type'] ?? ''));
  return { subject, text: part ? part.content.toString('utf8') : '' };
}

/**
 * Ways a peer can misbehave: `reject(n)` answers the n-th message (1-based) with a 4xx (try later);
 * `refuse(n)` answers it with a 5xx (permanently refused); `hang` never answers.
 */
export type PeerOptions = { port?: number; reject?: (n: number) => boolean; refuse?: (n: number, to: string[]) => boolean; hang?: boolean };

/**
 * A real SMTP peer on loopback (a free port unless given) that keeps every message it accepts. No TLS
 * and no required authentication, so nodemailer delivers over plain SMTP as it would to a local relay.
 */
export async function startSmtpPeer(opts: PeerOptions = {}): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        if (opts.hang) return; // never answers the message: a stuck server
        if (opts.reject?.(attempts)) return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
        if (opts.refuse?.(attempts, session.envelope.rcptTo.map((r) => r.address.toLowerCase()))) return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
        const raw = Buffer.concat(chunks).toString('utf8');
        const { subject, text } = plainText(raw);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject, text, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    attempts: () => attempts,
    /**
     * Waits for a message to `to` whose subject matches, skipping the first `skip` such messages
     * (so a resent link is told apart from the first), and returns it with the first link in its text.
     */
    async waitForLink(to: string, subject: RegExp, skip = 0, timeoutMs = 20_000): Promise<{ mail: ReceivedMail; link: string }> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const mail = messages.filter((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject))[skip];
        const link = mail ? /https?:\/\/\S+/.exec(mail.text)?.[0] : undefined;
        if (mail && link) return { mail, link };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`No mail no. ${skip + 1} to ${to} matching ${subject} within ${timeoutMs} ms; received: ${messages.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ') || 'nothing'}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
