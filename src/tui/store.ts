/**
 * A small store around the reducer. Dispatches apply at once; subscribers are told once per turn of
 * the event loop however many actions arrived (a burst of events is one render). Components read
 * slices with `useStore(selector)`, so one only re-renders when its slice changed.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { reduce, type Action } from './reducer.js';
import type { State } from './state.js';

export interface Store {
  getState(): State;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: State, options: { sync?: boolean; onNotify?: () => void } = {}): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  let scheduled = false;
  const notify = () => {
    scheduled = false;
    options.onNotify?.();
    for (const l of listeners) l();
  };
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      if (options.sync) {
        notify();
        return;
      }
      if (!scheduled) {
        scheduled = true;
        setImmediate(notify);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const StoreContext = createContext<Store | null>(null);

export function useStoreApi(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('no store: render inside <StoreContext.Provider>');
  return store;
}

/** A slice of the state; re-renders only when the selected value changes (by identity). */
export function useStore<T>(selector: (state: State) => T): T {
  const store = useStoreApi();
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getState()),
  );
}
