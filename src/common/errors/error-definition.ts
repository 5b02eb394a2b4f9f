/** One entry of the error catalogue: the HTTP status and the public, actionable message. */
export interface ErrorDefinition {
  readonly status: number;
  readonly message: string;
  /** Extra guidance shown on the HTML error page (for the admin or user in front of the LMS). */
  readonly hint?: string;
}

export type ErrorCatalogueSection = Readonly<Record<string, ErrorDefinition>>;
