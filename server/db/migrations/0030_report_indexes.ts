import { type Kysely, sql } from 'kysely';

/*
 * Indexes the reports read (modules/reports): each covers its query, so a report over 100,000 credentials and
 * a million CPD activities scans an index in order instead of the tables and sorts nothing. No new tables:
 * the reports are aggregated in SQL when asked for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // CPD logged per day: the live activities in date order, with the hours beside them.
  await db.schema
    .createIndex('cpd_activities_day_idx')
    .on('cpd_activities')
    .columns(['occurred_on', 'quarters'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // Holders by level: awards grouped by level and month, and exits by level and the month of their change.
  await db.schema.createIndex('credentials_level_awarded_idx').on('credentials').columns(['level_id', 'level_name', 'awarded_at']).execute();
  await db.schema.createIndex('credentials_status_level_idx').on('credentials').columns(['status', 'level_id', 'status_changed_at']).execute();
  // Listings by month: the listed rows in time order, without reading the table.
  await db.schema.createIndex('register_listings_listed_idx').on('register_listings').columns(['listed', 'updated_at']).execute();
  // Compliance: the cycles overlapping a period read from an index, each joined to its credential's level by an
  // index that holds the level beside the id.
  await db.schema.createIndex('cpd_credential_states_cycle_idx').on('cpd_credential_states').columns(['cycle_end', 'cycle_start', 'status', 'credential_id']).execute();
  await db.schema.createIndex('credentials_id_level_idx').on('credentials').columns(['id', 'level_name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credentials_id_level_idx').execute();
  await db.schema.dropIndex('cpd_credential_states_cycle_idx').execute();
  await db.schema.dropIndex('register_listings_listed_idx').execute();
  await db.schema.dropIndex('credentials_status_level_idx').execute();
  await db.schema.dropIndex('credentials_level_awarded_idx').execute();
  await db.schema.dropIndex('cpd_activities_day_idx').execute();
}
