import { createContext, useContext } from 'react';
import type { Params } from 'react-router';

/** The path parameters EventRoutes matched (the app's router sees only the splat of /events/*). */
export const EventParams = createContext<Params>({});
export const useEventParams = () => useContext(EventParams);
