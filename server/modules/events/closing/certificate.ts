// The certificate of attendance: one A4 portrait page (pdf-lib) with the body, the attendee, the event and
// its dates, each session attended with its time and hours, the total, and the credential's verification
// link (also a QR code drawn as vector squares). Fonts as every PDF the server draws (platform/fonts.ts),
// so names print as written in any script. Pure apart from pdf-lib and the font files; drawn on a worker.
import { PDFDocument, rgb } from 'pdf-lib';
import { type TextFace, drawable, embedFonts } from '../../../platform/fonts.js';
import { drawQrLink } from '../../../platform/pdf-qr.js';

export type AttendanceCertificateInput = {
  bodyName: string;
  holderName: string;
  eventTitle: string;
  eventDates: string;
  venue: string | null;
  sessions: Array<{ title: string; when: string; hours: number }>;
  hours: number;
  verifyUrl: string | null;
  now: Date;
};

const INK = rgb(0.11, 0.16, 0.28);
const MUTED = rgb(0.33, 0.36, 0.42);
const ACCENT = rgb(0.62, 0.45, 0.12);
const MAX_ROWS = 40;

const hours = (h: number) => `${h} hour${h === 1 ? '' : 's'}`;

export async function attendanceCertificatePdf(c: AttendanceCertificateInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595.28, 841.89]);
  const { width, height } = page.getSize();
  const shown = c.sessions.slice(0, MAX_ROWS);
  const texts = [c.bodyName, c.holderName, c.eventTitle, c.venue ?? '', ...shown.map((s) => s.title)];
  const { fonts, known, draw } = await embedFonts(pdf, ['regular', 'bold', 'serifBold'] as const, texts);
  const { regular, bold, serifBold: serif } = fonts;

  /** Text shrunk to fit `room` points (width is proportional to size: measured once). */
  const shrunk = (text: string, size: number, font: TextFace, room: number) => {
    const t = drawable(known, text);
    const at = font.widthOfTextAtSize(t, size);
    return { t, s: at > room ? Math.max(6, Math.floor((size * room) / at)) : size, w: Math.min(at, room) };
  };
  const centred = (text: string, y: number, size: number, font: TextFace, color = INK) => {
    const { t, s } = shrunk(text, size, font, width - 120);
    draw(page, t, { x: (width - font.widthOfTextAtSize(t, s)) / 2, y, size: s, font, color });
  };

  page.drawRectangle({ x: 20, y: 20, width: width - 40, height: height - 40, borderColor: ACCENT, borderWidth: 2.5 });
  centred(c.bodyName, height - 80, 18, bold);
  centred('Certificate of attendance', height - 115, 13, regular, MUTED);
  centred(c.holderName, height - 165, 28, serif);
  centred('attended', height - 195, 12, regular, MUTED);
  centred(c.eventTitle, height - 230, 20, serif, ACCENT);
  centred(c.venue ? `${c.eventDates} · ${c.venue}` : c.eventDates, height - 255, 11, regular, MUTED);

  let y = height - 300;
  draw(page, 'Sessions attended', { x: 60, y, size: 11, font: bold, color: INK });
  draw(page, 'Hours', { x: width - 100, y, size: 11, font: bold, color: INK });
  y -= 18;
  for (const s of shown) {
    const title = shrunk(s.title, 10, regular, width - 200);
    draw(page, title.t, { x: 60, y, size: title.s, font: regular, color: INK });
    draw(page, String(s.hours), { x: width - 100, y, size: 10, font: regular, color: INK });
    if (s.when) draw(page, drawable(known, s.when), { x: 60, y: y - 11, size: 8, font: regular, color: MUTED });
    y -= s.when ? 24 : 15;
  }
  if (c.sessions.length > shown.length) {
    draw(page, `and ${c.sessions.length - shown.length} more, listed in the credential`, { x: 60, y, size: 9, font: regular, color: MUTED });
    y -= 15;
  }
  draw(page, `Total: ${hours(c.hours)} of CPD`, { x: 60, y: y - 6, size: 11, font: bold, color: INK });

  if (c.verifyUrl) {
    draw(page, 'Check the credential of attendance by scanning the code or visiting', { x: 60, y: 92, size: 8, font: regular, color: MUTED });
    draw(page, drawable(known, c.verifyUrl), { x: 60, y: 80, size: 8, font: regular, color: INK });
    drawQrLink(pdf, page, c.verifyUrl, { x: width - 60 - 90, y: 50, side: 90 });
  }

  pdf.setTitle(`Certificate of attendance: ${c.eventTitle}`);
  pdf.setAuthor(c.bodyName);
  pdf.setCreator('Guildhall');
  pdf.setProducer('Guildhall (pdf-lib)');
  pdf.setCreationDate(c.now);
  pdf.setModificationDate(c.now);
  return pdf.save({ useObjectStreams: false });
}
