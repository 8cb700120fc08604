// Labelled form controls with hints and field errors wired up for screen readers.
import type { ComponentChildren, LooseInputHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  hint?: ComponentChildren;
  error?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => ComponentChildren;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': 'true' as const } : {}) })}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = Omit<LooseInputHTMLAttributes, 'onInput' | 'value'> & {
  label: string;
  hint?: ComponentChildren;
  error?: string;
  value: string;
  onValue: (v: string) => void;
};

export function TextField({ label, hint, error, value, onValue, ...rest }: InputProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(p) => <input {...(rest as Record<string, unknown>)} {...p} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}
    </Field>
  );
}

type AreaProps = Omit<TextareaHTMLAttributes, 'onInput' | 'value'> & {
  label: string;
  hint?: ComponentChildren;
  error?: string;
  value: string;
  onValue: (v: string) => void;
};

export function TextArea({ label, hint, error, value, onValue, ...rest }: AreaProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(p) => <textarea {...rest} {...p} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}
    </Field>
  );
}

export function SelectField({ label, hint, error, value, onValue, options }: {
  label: string;
  hint?: ComponentChildren;
  error?: string;
  value: string;
  onValue: (v: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
          {options.map((o) => (
            <option value={o.value} key={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
