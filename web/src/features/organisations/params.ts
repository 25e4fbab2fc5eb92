import { createContext, useContext } from 'react';
import type { Params } from 'react-router';

/** The path parameters OrganisationRoutes matched (the app's router sees only the splat of /organisations/* and the like). */
export const OrganisationParams = createContext<Params>({});
export const useOrganisationParams = () => useContext(OrganisationParams);
