// Versions of the analyzers' logic. A record made by an older version is re-analyzed, so raise the
// matching number whenever what an analyzer finds could change (new message rule, new check).

/** Current analyzer versions, stored in every result's `analyzers`. */
export const ANALYZER_VERSIONS = { hash: 1, probe: 1, verify: 1 } as const;
