import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_schemes_portfolio.js';
import * as m0003 from './0003_applications.js';
import * as m0004 from './0004_assessment.js';
import * as m0005 from './0005_register.js';
import * as m0006 from './0006_cpd.js';
import * as m0007 from './0007_credentials_issuing.js';
import * as m0008 from './0008_cpd_more.js';
import * as m0009 from './0009_cpd_plan_reminders.js';
import * as m0010 from './0010_cpd_plans_drop_next_reminder.js';
import * as m0012 from './0012_job_checkpoints.js';
import * as m0013 from './0013_mail_retries.js';
import * as m0014 from './0014_idempotency_keys.js';
import * as m0015 from './0015_organisations.js';
import * as m0016 from './0016_employment_sponsorship.js';
import * as m0017 from './0017_consent.js';
import * as m0018 from './0018_recruiting.js';
import * as m0019 from './0019_webhooks.js';
import * as m0020 from './0020_events.js';
import * as m0021 from './0021_event_proposals.js';
import * as m0022 from './0022_event_registration.js';
import * as m0023 from './0023_event_checkin.js';
import * as m0024 from './0024_event_exhibitors.js';
import * as m0025 from './0025_event_attendance.js';
import * as m0026 from './0026_mail_inline.js';
import * as m0027 from './0027_ticket_sponsorship.js';
import * as m0030 from './0030_report_indexes.js';
import * as m0031 from './0031_register_import.js';
import * as m0032 from './0032_privacy.js';
import * as m0033 from './0033_audit_chain.js';
import * as m0034 from './0034_site_identity.js';
import * as m0035 from './0035_cpd_cycles_from.js';

/** Every migration in order. Names sort; never edit one that has shipped — add the next. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_schemes_portfolio': m0002,
  '0003_applications': m0003,
  '0004_assessment': m0004,
  '0005_register': m0005,
  '0006_cpd': m0006,
  '0007_credentials_issuing': m0007,
  '0008_cpd_more': m0008,
  '0009_cpd_plan_reminders': m0009,
  '0010_cpd_plans_drop_next_reminder': m0010,
  '0012_job_checkpoints': m0012,
  '0013_mail_retries': m0013,
  '0014_idempotency_keys': m0014,
  '0015_organisations': m0015,
  '0016_employment_sponsorship': m0016,
  '0017_consent': m0017,
  '0018_recruiting': m0018,
  '0019_webhooks': m0019,
  '0020_events': m0020,
  '0021_event_proposals': m0021,
  '0022_event_registration': m0022,
  '0023_event_checkin': m0023,
  '0024_event_exhibitors': m0024,
  '0025_event_attendance': m0025,
  '0026_mail_inline': m0026,
  '0027_ticket_sponsorship': m0027,
  '0030_report_indexes': m0030,
  '0031_register_import': m0031,
  '0032_privacy': m0032,
  '0033_audit_chain': m0033,
  '0034_site_identity': m0034,
  '0035_cpd_cycles_from': m0035,
};
