import { parseRole, summarizeRoles } from './lti-roles';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('LTI roles', () => {
  it.each([
    [`${LIS}membership#Instructor`, { scope: 'context', name: 'Instructor' }],
    [
      `${LIS}membership/Instructor#TeachingAssistant`,
      { scope: 'context', name: 'Instructor', subRole: 'TeachingAssistant' },
    ],
    [`${LIS}institution/person#Faculty`, { scope: 'institution', name: 'Faculty' }],
    [`${LIS}system/person#SysAdmin`, { scope: 'system', name: 'SysAdmin' }],
    ['Learner', { scope: 'context', name: 'Learner' }],
    ['', { scope: 'unknown', name: '' }],
    ['urn:lti:role:ims/lis/Instructor', { scope: 'unknown', name: 'urn:lti:role:ims/lis/Instructor' }],
    [`${LIS}membership/Instructor`, { scope: 'unknown', name: `${LIS}membership/Instructor` }],
  ])('parseRole(%p)', (role, parsed) => {
    expect(parseRole(role)).toEqual(parsed);
  });

  it('derives flags from full URIs and short names alike', () => {
    expect(
      summarizeRoles([`${LIS}membership#Instructor`, 'Learner', `${LIS}membership/Instructor#TeachingAssistant`]),
    ).toEqual({
      all: [`${LIS}membership#Instructor`, 'Learner', `${LIS}membership/Instructor#TeachingAssistant`],
      context: ['Instructor', 'Learner'],
      institution: [],
      system: [],
      instructor: true,
      learner: true,
      administrator: false,
      contentDeveloper: false,
      mentor: false,
      teachingAssistant: true,
    });
  });

  it('only course roles make an instructor; administrators come from any level', () => {
    const faculty = summarizeRoles([`${LIS}institution/person#Faculty`, `${LIS}institution/person#Instructor`]);
    expect(faculty.instructor).toBe(false);
    expect(summarizeRoles([`${LIS}institution/person#Administrator`]).administrator).toBe(true);
    expect(summarizeRoles([`${LIS}system/person#SysAdmin`]).administrator).toBe(true);
    expect(summarizeRoles(['Administrator']).administrator).toBe(true);
  });

  it('keeps unknown and empty roles without flags', () => {
    const summary = summarizeRoles(['', 'x:y', 'Wizard']);
    expect(summary.all).toEqual(['', 'x:y', 'Wizard']);
    expect([summary.instructor, summary.learner, summary.administrator]).toEqual([false, false, false]);
  });
});
