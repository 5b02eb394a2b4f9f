import { summarizeRoles } from '../launch/lti-roles';

/**
 * Instructors and administrators (course, institution or system; LTI Core 1.3 §A.2) may manage
 * grades and read rosters. Teaching assistants carry the Instructor principal role alongside
 * their sub-role (LTI Core 1.3 §A.2.3.1), so they qualify through it.
 */
export function isPrivileged(roles: string[]): boolean {
  const summary = summarizeRoles(roles);
  return summary.instructor || summary.administrator;
}
