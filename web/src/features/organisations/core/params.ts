import { createContext, useContext } from 'react';
import type { Params } from 'react-router';

/** The path parameters CoreRoutes matched (the app's router sees only the splat of /organisations/*). */
export const CoreParams = createContext<Params>({});
export const useCoreParams = () => useContext(CoreParams);
