// Renders a page of the app to HTML on the server (decision 0019). Built by Vite as an SSR bundle
// (web/dist-server) and loaded by server/platform/http/pages.ts; never shipped to browsers.
import '../../contracts/messages.js';
import { PassThrough } from 'node:stream';
import { prerenderToNodeStream } from 'react-dom/static';
import { StaticRouter } from 'react-router';
import { App } from './App.js';
import type { ServerData } from './ssr/data.js';

export type { ServerData };

/** The HTML of #root for `data.url`, with every lazy page resolved (no streaming, no inline script). */
export async function render(data: ServerData): Promise<string> {
  let failure: unknown = null;
  const { prelude } = await prerenderToNodeStream((
    <StaticRouter location={data.url}>
      <App data={data} />
    </StaticRouter>
  ), {
    // Every boundary inline, however large: React otherwise moves a page past 12.8 KB out of place behind its
    // fallback, for an inline script (which the CSP refuses) to swap in, and the page shows "Loading…".
    progressiveChunkSize: Number.POSITIVE_INFINITY,
    // Thrown here it would escape React's scheduler; it is rethrown below, and the route serves the shell.
    onError(error) {
      failure ??= error;
    },
  });
  const chunks: Buffer[] = [];
  for await (const chunk of prelude.pipe(new PassThrough())) chunks.push(Buffer.from(chunk as Uint8Array));
  if (failure) throw failure;
  return Buffer.concat(chunks).toString('utf8');
}
