import { EVENT_TYPES as TYPES } from '../../lib/event-types';

/** Choose the events an endpoint receives: all (`*`), or some. */
export function EventPicker({ value, onChange, error }: { value: string[]; onChange: (events: string[]) => void; error?: string }) {
  const all = value.includes('*');
  const toggle = (t: string) => onChange(value.includes(t) ? value.filter((x) => x !== t) : [...value.filter((x) => x !== '*'), t]);
  return (
    <fieldset class={`events${error ? ' invalid' : ''}`}>
      <legend>Events</legend>
      <label class="check">
        <input type="checkbox" checked={all} onChange={() => onChange(all ? [] : ['*'])} /> All events, including future ones
      </label>
      {!all && (
        <div class="event-grid">
          {TYPES.map((t) => (
            <label key={t} class="check">
              <input type="checkbox" checked={value.includes(t)} onChange={() => toggle(t)} /> <code>{t}</code>
            </label>
          ))}
        </div>
      )}
      {error && (
        <small class="error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}
