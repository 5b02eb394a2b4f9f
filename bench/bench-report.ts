import type { EventLoopDelay } from './event-loop.phase';
import type { JwksBenchResult } from './jwks.bench';
import type { LaunchBenchResult } from './launch.bench';
import type { Phase } from './load-generator';

/** Everything `npm run bench` measured, as written to bench-results/latest.json. */
export interface BenchReport {
  startedAt: string;
  seconds: number;
  machine: { cores: number; cpu: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  database: string;
  jwks: JwksBenchResult;
  launch: LaunchBenchResult;
  goals: Record<string, { value: number; goal: string; met: boolean }>;
}

const EVENT_LOOP_GOAL_MS = 50;

/** The goals of the issues, each with the figure it is judged on. */
export function goalsOf(jwks: JwksBenchResult, launch: LaunchBenchResult): BenchReport['goals'] {
  const goal = (value: number, text: string, met: boolean) => ({ value, goal: text, met });
  const eventLoop = launch.eventLoop;
  return {
    jwksVsNodeHttp: goal(jwks.jwks.ratio, '>= 0.5x node:http', jwks.jwks.ratio >= 0.5),
    signingVsRawCrypto: goal(jwks.signing.ratio, '>= 0.8x crypto.sign', jwks.signing.ratio >= 0.8),
    launchesVsRawPg: goal(launch.launchToDatabaseRatio, '>= 0.3x raw pg', launch.launchToDatabaseRatio >= 0.3),
    launchesPerSecond: goal(launch.launches.perSecond, '>= 1000/s (orientation)', launch.launches.perSecond >= 1000),
    loginsPerSecond: goal(launch.logins.perSecond, '>= 2000/s (orientation)', launch.logins.perSecond >= 2000),
    eventLoopP99UnderLoadMs: goal(
      eventLoop?.underLaunchLoad.p99Ms ?? NaN,
      `< ${EVENT_LOOP_GOAL_MS} ms`,
      (eventLoop?.underLaunchLoad.p99Ms ?? Infinity) < EVENT_LOOP_GOAL_MS,
    ),
    eventLoopP99DuringRotationMs: goal(
      eventLoop?.duringRotation.p99Ms ?? NaN,
      `< ${EVENT_LOOP_GOAL_MS} ms`,
      (eventLoop?.duringRotation.p99Ms ?? Infinity) < EVENT_LOOP_GOAL_MS,
    ),
  };
}

type Row = [string, string, string, string, string, string, string];

const mark = (met: boolean): string => (met ? 'ok' : 'MISSED');
const latency = (phase: Phase): [string, string, string] => [
  phase.p50Ms.toFixed(1),
  phase.p99Ms.toFixed(1),
  String(phase.errors),
];
const delay = (d: EventLoopDelay): [string, string, string] => [d.p50Ms.toFixed(1), d.p99Ms.toFixed(1), '-'];

function rows(r: BenchReport): Row[] {
  const { jwks, launch, goals } = r;
  const el = launch.eventLoop;
  const ratio = (key: string): string => `${goals[key].value.toFixed(2)}x ${goals[key].goal} ${mark(goals[key].met)}`;
  const orientation = (key: string): string => `${goals[key].goal} ${mark(goals[key].met)}`;
  const out: Row[] = [
    ['logins/s', String(launch.logins.perSecond), '-', orientation('loginsPerSecond'), ...latency(launch.logins)],
    [
      'launches/s',
      String(launch.launches.perSecond),
      `raw pg ${launch.databaseOnly.perSecond}/s`,
      `${ratio('launchesVsRawPg')}; ${orientation('launchesPerSecond')}`,
      ...latency(launch.launches),
    ],
    ['raw pg login+launch SQL/s', String(launch.databaseOnly.perSecond), '-', '-', ...latency(launch.databaseOnly)],
    [
      'JWKS requests/s',
      String(jwks.jwks.appPerSecond),
      `node:http ${jwks.jwks.barePerSecond}/s`,
      ratio('jwksVsNodeHttp'),
      ...latency(jwks.jwksApp),
    ],
    ['JWKS baseline (node:http)', String(jwks.jwks.barePerSecond), '-', '-', ...latency(jwks.jwksBare)],
    [
      'JWT signatures/s',
      String(jwks.signing.servicePerSecond),
      `crypto.sign ${jwks.signing.rawPerSecond}/s`,
      ratio('signingVsRawCrypto'),
      '-',
      '-',
      '-',
    ],
  ];
  if (el) {
    const ms = (key: string): string => `${goals[key].goal} ${mark(goals[key].met)}`;
    const rot = el.duringRotation.rotations;
    out.push(
      [
        'event-loop p99 ms, logins',
        String(el.duringLogins.p99Ms),
        `max ${el.duringLogins.maxMs} ms at ${el.duringLogins.load.perSecond} logins/s`,
        '-',
        ...delay(el.duringLogins),
      ],
      [
        'event-loop p99 ms, login+launch',
        String(el.underLaunchLoad.p99Ms),
        `max ${el.underLaunchLoad.maxMs} ms at ${el.load.perSecond} req/s (${el.load.launches} launches)`,
        ms('eventLoopP99UnderLoadMs'),
        ...delay(el.underLaunchLoad),
      ],
      [
        'event-loop p99 ms, rotation',
        String(el.duringRotation.p99Ms),
        `max ${el.duringRotation.maxMs} ms; ${rot.length}x ${rot[0]?.keys ?? 0} keys in ${rot.map((x) => x.durationMs).join('/')} ms`,
        ms('eventLoopP99DuringRotationMs'),
        ...delay(el.duringRotation),
      ],
    );
  }
  out.push(['service peak RSS (MiB)', String(launch.servicePeakRssMb), '-', '-', '-', '-', '-']);
  return out;
}

/** The table `npm run bench` prints. */
export function formatTable(report: BenchReport): string {
  const header: Row = ['', 'value', 'baseline', 'ratio / goal', 'p50 ms', 'p99 ms', 'errors'];
  const all = [header, ...rows(report)];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: Row): string =>
    row
      .map((cell, i) => (i === 0 || i === 2 || i === 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
  const m = report.machine;
  return [
    `LTI tool bench, ${report.startedAt}: ${report.database}; ${m.cores} cores (${m.cpu}), node ${m.node}; ` +
      `load average ${m.loadAverageAtStart.map((x) => x.toFixed(1)).join(' ')} at start, ` +
      `${m.loadAverageAtEnd.map((x) => x.toFixed(1)).join(' ')} at end; ${report.seconds} s`,
    line(header),
    ...all.slice(1).map(line),
  ].join('\n');
}
