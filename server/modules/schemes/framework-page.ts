// The scheme's framework (its CASE package) as a page a person can read: credentials align to its items
// by URL with the item's identifier as the fragment, so each item is an element with that id and a
// browser following an alignment lands on it. Plain HTML, no script; the JSON is one link away. Pure.
import type { CaseFrameworkPackage } from '../../../contracts/schemes-api.js';
import { escapeXml as esc } from '../../platform/escape.js';

/** Whether a request is a person's browser (HTML asked for before JSON) rather than a program. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranked = accept
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.q > 0);
  const weight = (test: (t: string) => boolean) => ranked.filter((r) => test(r.type)).sort((a, b) => b.q - a.q || a.order - b.order)[0];
  const html = weight((t) => t === 'text/html' || t === 'application/xhtml+xml');
  const json = weight((t) => t === 'application/json' || t.endsWith('+json'));
  if (!html) return false;
  return !json || html.q > json.q || (html.q === json.q && html.order < json.order);
}

const typeHeading = (type: string) => (type ? `${type.replace(/([a-z])([A-Z])/g, '$1 $2')}s` : 'Items');

export function frameworkHtml(pkg: CaseFrameworkPackage, jsonUrl: string): string {
  const doc = pkg.CFDocument;
  const children = new Map<string, string[]>();
  for (const a of pkg.CFAssociations) {
    if (a.associationType !== 'isChildOf') continue;
    const list = children.get(a.destinationNodeURI.identifier) ?? [];
    list.push(a.originNodeURI.title ?? a.originNodeURI.identifier);
    children.set(a.destinationNodeURI.identifier, list);
  }
  const groups = new Map<string, CaseFrameworkPackage['CFItems']>();
  for (const item of pkg.CFItems) {
    const key = item.CFItemType ?? '';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const itemHtml = (i: CaseFrameworkPackage['CFItems'][number]) => {
    const code = i.humanCodingScheme ? `<span class="code">${esc(i.humanCodingScheme)}</span> ` : '';
    const title = i.abbreviatedStatement ?? i.fullStatement;
    const kids = children.get(i.identifier);
    return [
      `<article id="${esc(i.identifier)}">`,
      `<h3>${code}${esc(title)}</h3>`,
      i.abbreviatedStatement && i.abbreviatedStatement !== i.fullStatement ? `<p>${esc(i.fullStatement)}</p>` : '',
      '<dl>',
      `<dt>Identifier</dt><dd><code>${esc(i.identifier)}</code></dd>`,
      i.CFItemType ? `<dt>Type</dt><dd>${esc(i.CFItemType)}</dd>` : '',
      kids?.length ? `<dt>Includes</dt><dd>${kids.map(esc).join(', ')}</dd>` : '',
      i.statusEndDate ? `<dt>Withdrawn from</dt><dd>${esc(i.statusEndDate)}</dd>` : '',
      '</dl>',
      '</article>',
    ].join('');
  };
  const sections = [...groups].map(([type, items]) => `<section><h2>${esc(typeHeading(type))}</h2>${items.map(itemHtml).join('\n')}</section>`);
  return `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${esc(doc.title)} – framework – Guildhall</title>
    <link rel="alternate" type="application/json" href="${esc(jsonUrl)}" />
  </head>
  <body>
    <main>
      <h1>${esc(doc.title)}</h1>
      <p>The competency framework that this body's credentials align to${doc.creator ? `, published by ${esc(doc.creator)}` : ''}${doc.version ? `, version ${esc(doc.version)}` : ''}${doc.lastChangeDateTime ? `, last changed ${esc(doc.lastChangeDateTime.slice(0, 10))}` : ''}.</p>
      <p><a href="${esc(jsonUrl)}">Download the framework as JSON</a> (a CASE 1.0 package, for programs).</p>
      ${sections.join('\n      ')}
    </main>
  </body>
</html>
`;
}
