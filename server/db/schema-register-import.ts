import type { Generated } from 'kysely';

// ---- Importing an existing register (migration 0031) ----

export interface RegisterImportsTable {
  id: string;
  uploaded_by: string | null;
  file_name: string | null;
  file_sha256: string;
  scheme_version_id: string;
  status: 'queued' | 'importing' | 'done' | 'failed';
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  created_rows: Generated<number>;
  existing_rows: Generated<number>;
  lapsed_rows: Generated<number>;
  accounts_created: Generated<number>;
  error: string | null;
  job_id: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** One imported holder, keyed by the body's external id (what makes a repeated import idempotent). */
export interface RegisterImportHoldersTable {
  external_id: string;
  import_id: string;
  user_id: string;
  credential_id: string;
  invite: number; // 1: the account was created invited and gets a claim link
  invited_at: string | null;
  created_at: string;
}

/** The checked rows of an import until it finishes (kept apart from the import's often-updated row). */
export interface RegisterImportRowsTable {
  import_id: string;
  rows_json: string;
}

export interface RegisterImportTables {
  register_import_rows: RegisterImportRowsTable;
  register_imports: RegisterImportsTable;
  register_import_holders: RegisterImportHoldersTable;
}
