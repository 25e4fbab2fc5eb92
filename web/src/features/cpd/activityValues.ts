import type { CpdActivityInput } from '../../../../contracts/cpd.js';
import { type CpdActivityType, cpdActivityTypes, cpdTypeSpecs } from '../../../../contracts/cpd-types.js';
import type { CpdActivity } from '../../api.js';

/*
 * The activity form keeps every value as text; a type's own fields are kept as "d_<name>" so they sit beside
 * the common ones. These helpers turn an activity into form values and back, and map error paths to fields.
 */

export type Values = Record<string, string>;

export const typeOptions = cpdActivityTypes.map((t) => ({ value: t, label: cpdTypeSpecs[t].label }));
export const typeLabel = (t: string) => cpdTypeSpecs[t as CpdActivityType]?.label ?? t;

export const emptyValues = (type: CpdActivityType, today: string): Values => ({ type, title: '', occurredOn: today, hours: '', provider: '', learned: '', apply: '', evidenceIds: '' });

export function toValues(a: CpdActivity): Values {
  const v: Values = {
    type: a.type,
    title: a.title,
    occurredOn: a.occurredOn,
    hours: String(a.hours),
    provider: a.provider ?? '',
    learned: a.learned ?? '',
    apply: a.apply ?? '',
    evidenceIds: a.evidenceIds.join(','),
  };
  for (const [k, x] of Object.entries(a.details)) v[`d_${k}`] = x;
  return v;
}

/** The request body from the form: only the chosen type's own fields are sent. */
export function toBody(v: Values): CpdActivityInput {
  const type = v.type as CpdActivityType;
  const spec = cpdTypeSpecs[type];
  const details: Record<string, string> = {};
  for (const f of spec.fields) {
    const x = (v[`d_${f.name}`] ?? '').trim();
    if (x || f.required) details[f.name] = x;
  }
  const hours = v.hours?.trim() ? Number(v.hours) : undefined;
  const provider = v.provider?.trim() ?? '';
  return {
    type,
    title: v.title ?? '',
    occurredOn: v.occurredOn ?? '',
    hours: hours as number,
    provider: spec.providerRequired ? provider : provider || null,
    learned: v.learned ?? '',
    apply: v.apply ?? '',
    details,
    evidenceIds: (v.evidenceIds ?? '').split(',').filter(Boolean),
  } as CpdActivityInput;
}

/** A contract or API error path ("details.eventName", "body.hours", "evidenceIds[1]") → the form field. */
export function fieldFor(path: string): string {
  const p = path.replace(/^body\.?/, '');
  if (p.startsWith('details.')) return `d_${p.slice(8).split('.')[0]}`;
  if (p.startsWith('evidenceIds')) return 'evidenceIds';
  if (p === 'quarters') return 'hours';
  if (p === 'occurred_on') return 'occurredOn';
  return p.split('.')[0] || 'type';
}

/** Labels for the error summary, by field. */
export function labelsFor(type: CpdActivityType): Record<string, string> {
  const spec = cpdTypeSpecs[type];
  const out: Record<string, string> = {
    type: 'Type of activity',
    title: 'Title',
    occurredOn: 'Date',
    hours: 'Hours',
    provider: spec.providerLabel.replace(' (optional)', ''),
    learned: 'What you learned',
    apply: 'How you will use it',
    evidenceIds: 'Evidence',
  };
  for (const f of spec.fields) out[`d_${f.name}`] = f.label;
  return out;
}
