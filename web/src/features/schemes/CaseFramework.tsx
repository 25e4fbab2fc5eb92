import type { ReactNode } from 'react';
import type { SchemeVersionReview } from '../../../../contracts/schemes-api.js';
import { schemeFramework } from '../../api.js';
import { JsonUploadForm } from './JsonUploadForm.js';

/**
 * The responsibility and skills framework as a CASE package: download the one in force, or import one as a new
 * draft whose review (`children`) shows here before anything is published.
 */
export function CaseFramework({ schemeId, onReview, children }: { schemeId: string; onReview: (review: SchemeVersionReview | null) => Promise<void>; children: ReactNode }) {
  return (
    <section aria-labelledby="case-title" className="card">
      <h2 id="case-title">Responsibility and skills framework (CASE)</h2>
      <p>
        The responsibility levels and skills can be exchanged with other tools as a CASE 1.0 competency framework package (a JSON file with a CFDocument, CFItems and
        CFAssociations). Identifiers stay the same from one export to the next.
      </p>
      <p>
        <a className="button button-secondary" href={schemeFramework.exportUrl(schemeId)} download>
          Download the framework in force (CASE JSON)
        </a>
      </p>
      <JsonUploadForm
        id="case"
        label="CASE framework file"
        what="a CASE framework file"
        submitLabel="Import and compare"
        hint={
          <>
            A CASE JSON package, for example an edited download. It replaces the framework of the version in force in a new draft, which is compared with that version; nothing
            changes until you publish it. Skills cannot be left out, as work history may name them: retire one with a <code>statusEndDate</code> or rename it with a{' '}
            <code>replacedBy</code> association.
          </>
        }
        send={(content) => schemeFramework.importPackage(schemeId, content)}
        onReview={onReview}
      />
      {children}
    </section>
  );
}
