import { useEffect, useState } from 'preact/hooks';

/** `value`, once it has stopped changing for `ms`: searches run a moment after the typing stops. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
