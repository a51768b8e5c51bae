import { useState } from 'preact/hooks';

/** A list's page number, back to 1 whenever `filterKey` (the filters, the order) changes. */
export function usePage(filterKey: string): [number, (page: number) => void] {
  const [state, setState] = useState({ key: filterKey, page: 1 });
  const page = state.key === filterKey ? state.page : 1;
  return [page, (next: number) => setState({ key: filterKey, page: next })];
}
