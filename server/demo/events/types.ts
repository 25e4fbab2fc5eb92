/** The demo's events, as the core part made them; the other parts add to these. */
export type DemoEvents = { conferenceId: string; pastConferenceId: string };
