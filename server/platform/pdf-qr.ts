// A QR code drawn into a PDF page as vector squares (sharp at any print size, no image library), which is
// also a link to the address it encodes. Used by every certificate the server draws.
import { type PDFDocument, PDFName, type PDFPage, PDFString, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

export function drawQrLink(pdf: PDFDocument, page: PDFPage, url: string, at: { x: number; y: number; side: number }): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = at.side / n;
  for (let r = 0; r < n; r++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(r, col)) page.drawRectangle({ x: at.x + col * cell, y: at.y + at.side - (r + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: rgb(0, 0, 0) });
  const link = pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [at.x, at.y, at.x + at.side, at.y + at.side], Border: [0, 0, 0], A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) } });
  page.node.set(PDFName.of('Annots'), pdf.context.obj([pdf.context.register(link)]));
}
