import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Mode } from './api/client';
import type { Session } from './api/types';

export interface SessionState {
  session: Session;
  mode: Mode;
  setMode: (mode: Mode) => void;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionContext.Provider>');
  return value;
}
