import type { Kysely } from 'kysely';

/*
 * Tables of events/proposals (calls for presentations, proposals, blind reviews, session feedback).
 * A proposal's co-speakers are kept as JSON on it until it is accepted; then they become event_speakers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One call per event: open from opened_at until closes_at (UTC) unless closed early by hand.
  await db.schema
    .createTable('event_calls')
    .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id'))
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('guidance', 'text', (c) => c.notNull())
    .addColumn('formats', 'text', (c) => c.notNull()) // JSON array of session formats offered
    .addColumn('track_ids', 'text', (c) => c.notNull()) // JSON array of event_tracks ids
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('opened_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();

  await db.schema
    .createTable('event_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('submitter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('track_id', 'text', (c) => c.references('event_tracks.id'))
    .addColumn('co_speakers', 'text', (c) => c.notNull()) // JSON [{ name, email }]
    .addColumn('status', 'text', (c) => c.notNull()) // submitted | withdrawn | accepted | rejected
    .addColumn('session_id', 'text', (c) => c.references('event_sessions.id'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_proposals_event_idx').on('event_proposals').columns(['event_id', 'status']).execute();
  await db.schema.createIndex('event_proposals_submitter_idx').on('event_proposals').columns(['submitter_id']).execute();

  // One review per reviewer and proposal; other reviewers never read it (blind), speakers never.
  await db.schema
    .createTable('event_proposal_reviews')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('event_proposals.id'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('score', 'integer', (c) => c.notNull()) // 1–5
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_proposal_reviews_pk', ['proposal_id', 'reviewer_id'])
    .execute();

  // One piece of feedback per person and session (a second replaces the first).
  await db.schema
    .createTable('event_session_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('event_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('rating', 'integer', (c) => c.notNull()) // 1–5
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_session_feedback_uq').on('event_session_feedback').columns(['session_id', 'user_id']).unique().execute();
  await db.schema.createIndex('event_session_feedback_event_idx').on('event_session_feedback').columns(['event_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
