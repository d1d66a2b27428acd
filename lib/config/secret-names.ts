// Kept apart from secrets.ts, which touches the file system: the app server
// needs only these names and rules, and must not bundle the state-file code.
export const SECRET_NAMES = ["AUTH_SECRET", "KEY_PEPPER"] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export const MIN_SECRET_LENGTH = 32;
