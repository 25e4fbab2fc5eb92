import { Field } from '../../../components/forms.js';
import { fieldId, numberFrom, type Path, pathText, type Problems } from './edit.js';

/**
 * One number of the scheme, edited in place: labelled, with the server's message for its path shown under it.
 * Blank means `empty` (no cap, no such requirement); for a required number blank is reported like any other problem.
 */
export function NumberInput({
  path,
  label,
  value,
  problems,
  onChange,
  empty = undefined,
  hint,
}: {
  path: Path;
  label: string;
  value: unknown;
  problems: Problems;
  onChange: (path: Path, value: unknown) => void;
  empty?: null | undefined;
  hint?: string;
}) {
  return (
    <Field
      id={fieldId(path)}
      label={label}
      hint={hint}
      error={problems.get(pathText(path))}
      className="input input-short"
      inputMode="numeric"
      autoComplete="off"
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => onChange(path, numberFrom(e.target.value, empty))}
    />
  );
}
