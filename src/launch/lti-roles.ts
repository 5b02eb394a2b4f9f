/** LIS vocabularies of LTI Core 1.3 Appendix A.2 (role vocabularies). */
const VOCABULARY = 'http://purl.imsglobal.org/vocab/lis/v2/';
const CONTEXT = `${VOCABULARY}membership#`;
const CONTEXT_SUB = `${VOCABULARY}membership/`;
const INSTITUTION = `${VOCABULARY}institution/person#`;
const SYSTEM = `${VOCABULARY}system/person#`;

export interface ParsedRole {
  scope: 'context' | 'institution' | 'system' | 'unknown';
  /** Principal role name, e.g. Instructor. */
  name: string;
  /** Sub-role name, e.g. TeachingAssistant in membership/Instructor#TeachingAssistant. */
  subRole?: string;
}

export interface RoleSummary {
  /** Every role as sent (unknown and empty values included). */
  all: string[];
  /** Short names of the context (course) roles, e.g. ["Instructor"]. */
  context: string[];
  institution: string[];
  system: string[];
  instructor: boolean;
  learner: boolean;
  administrator: boolean;
  contentDeveloper: boolean;
  mentor: boolean;
  teachingAssistant: boolean;
}

/**
 * One role value: a full LIS URI, or a short context role name (LTI Core 1.3 Appendix A.2.3 allows,
 * though deprecated, `Instructor` for the membership role). Anything else is kept as unknown, never rejected.
 */
export function parseRole(role: string): ParsedRole {
  if (role.startsWith(CONTEXT)) return { scope: 'context', name: role.slice(CONTEXT.length) };
  if (role.startsWith(CONTEXT_SUB)) {
    const [name, subRole] = role.slice(CONTEXT_SUB.length).split('#', 2);
    return subRole ? { scope: 'context', name, subRole } : { scope: 'unknown', name: role };
  }
  if (role.startsWith(INSTITUTION)) return { scope: 'institution', name: role.slice(INSTITUTION.length) };
  if (role.startsWith(SYSTEM)) return { scope: 'system', name: role.slice(SYSTEM.length) };
  if (/^[A-Za-z]+$/.test(role)) return { scope: 'context', name: role };
  return { scope: 'unknown', name: role };
}

function names(parsed: ParsedRole[], scope: ParsedRole['scope']): string[] {
  const found = parsed.filter((role) => role.scope === scope && !role.subRole).map((role) => role.name);
  return [...new Set(found)];
}

/** Flags a tool usually needs; only course (context) roles make an instructor or a learner. */
export function summarizeRoles(roles: string[]): RoleSummary {
  const parsed = roles.map(parseRole);
  const context = names(parsed, 'context');
  const institution = names(parsed, 'institution');
  const system = names(parsed, 'system');
  const hasSub = (name: string, subRole: string): boolean =>
    parsed.some((role) => role.scope === 'context' && role.name === name && role.subRole === subRole);
  return {
    all: [...roles],
    context,
    institution,
    system,
    instructor: context.includes('Instructor'),
    learner: context.includes('Learner'),
    administrator:
      context.includes('Administrator') ||
      institution.includes('Administrator') ||
      system.some((r) => r === 'Administrator' || r === 'SysAdmin'),
    contentDeveloper: context.includes('ContentDeveloper'),
    mentor: context.includes('Mentor'),
    teachingAssistant: context.includes('TeachingAssistant') || hasSub('Instructor', 'TeachingAssistant'),
  };
}
