/** The usage types of the Logto Postmark connector that need their own template. */
export const REQUIRED_USAGE_TYPES = [
  'Register',
  'SignIn',
  'ForgotPassword',
  'Generic',
] as const;

/** Further usage types Logto knows. Without their own template they are sent with `Generic`. */
export const OPTIONAL_USAGE_TYPES = [
  'OrganizationInvitation',
  'UserPermissionValidation',
  'BindNewIdentifier',
  'MfaVerification',
  'BindMfa',
] as const;

export const USAGE_TYPES = [
  ...REQUIRED_USAGE_TYPES,
  ...OPTIONAL_USAGE_TYPES,
] as const;

export type RequiredUsageType = (typeof REQUIRED_USAGE_TYPES)[number];
export type UsageType = (typeof USAGE_TYPES)[number];

const usageTypeSet: ReadonlySet<string> = new Set(USAGE_TYPES);

export function isUsageType(value: unknown): value is UsageType {
  return typeof value === 'string' && usageTypeSet.has(value);
}

/**
 * The templates of the Logto Postmark connector example: one alias per required usage type. The
 * sandbox serves these aliases by default.
 */
export const LOGTO_EXAMPLE_TEMPLATES: ReadonlyArray<{
  usageType: RequiredUsageType;
  templateAlias: string;
}> = [
  { usageType: 'Register', templateAlias: 'logto-register' },
  { usageType: 'SignIn', templateAlias: 'logto-sign-in' },
  { usageType: 'ForgotPassword', templateAlias: 'logto-forgot-password' },
  { usageType: 'Generic', templateAlias: 'logto-generic' },
];
