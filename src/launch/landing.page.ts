import { definitionList, escapeHtml, htmlPage } from './html.page';
import type { LaunchContextResponse } from './launch-context.response';

function roleLabel(context: LaunchContextResponse): string {
  const { roles } = context;
  const flags: [boolean, string][] = [
    [roles.instructor, 'Instructor'],
    [roles.teachingAssistant, 'Teaching assistant'],
    [roles.learner, 'Learner'],
    [roles.administrator, 'Administrator'],
    [roles.contentDeveloper, 'Content developer'],
    [roles.mentor, 'Mentor'],
  ];
  const names = flags.filter(([on]) => on).map(([, name]) => name);
  if (names.length > 0) return names.join(', ');
  return roles.all.length > 0 ? `other (${roles.all.join(', ')})` : 'none sent';
}

function courseLabel(context: LaunchContextResponse): string {
  const course = context.context;
  if (!course) return '(no course context sent)';
  const title = course.title ?? course.label ?? course.id;
  return course.label && course.title ? `${title} (${course.label})` : title;
}

/** A deep-linking launch asks the tool to pick content: link to the minimal picker. */
function deepLinkingOffer(context: LaunchContextResponse): string {
  if (context.messageType !== 'LtiDeepLinkingRequest') return '';
  const picker = `/lti/launches/${encodeURIComponent(context.id)}/deep-linking`;
  return `\n<p><a href="${escapeHtml(picker)}">Choose content to add to the course</a></p>`;
}

/**
 * The built-in landing page (default target link URI): what an admin sees on the first test
 * launch from a real LMS. Every value comes from the platform, so every value is escaped.
 */
export function renderLandingPage(context: LaunchContextResponse): string {
  const user = context.user;
  const who = user.name ?? user.sub;
  const entries: [string, string][] = [
    ['User', user.email ? `${who} <${user.email}>` : who],
    ['Course', courseLabel(context)],
    ['Role', roleLabel(context)],
    ['Message type', context.messageType],
    [
      'Platform',
      context.platform.name ? `${context.platform.name} (${context.platform.issuer})` : context.platform.issuer,
    ],
    ['Deployment', context.deployment.deploymentId],
  ];
  if (context.resourceLink) entries.push(['Resource link', context.resourceLink.title ?? context.resourceLink.id]);
  const body = `<h1>Launch received</h1>
<p>The LTI 1.3 launch was validated. Your application reads the full context from
<code>GET /lti/launches/${escapeHtml(context.id)}</code>.</p>
${definitionList(entries)}${deepLinkingOffer(context)}
<p class="muted">Launch id valid until ${escapeHtml(context.expiresAt)}.</p>`;
  return htmlPage('LTI launch received', body);
}
