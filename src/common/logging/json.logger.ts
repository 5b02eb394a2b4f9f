import type { LoggerService } from '@nestjs/common';
import { redact, redactString } from './redact';
import { requestContext } from './request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

/**
 * Structured JSON logger, one object per line: time, level, context, msg, requestId and fields.
 * Every field passes through redact(), so tokens, cookies and key material never reach a log line.
 */
export class JsonLogger implements LoggerService {
  private minimum: number;

  constructor(
    level: Level = 'info',
    private readonly sink: LogSink = (line) => process.stdout.write(line + '\n'),
  ) {
    this.minimum = RANK[level];
  }

  setLevel(level: Level): void {
    this.minimum = RANK[level];
  }

  /** Structured entry point: `logger.event('info', 'Admin', 'registration created', { id })`. */
  event(level: Level, context: string, msg: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < this.minimum) return;
    const entry = {
      time: new Date().toISOString(),
      level,
      context,
      msg: redactString(msg),
      requestId: requestContext.requestId(),
      ...(redact(fields) as Record<string, unknown>),
    };
    this.sink(JSON.stringify(entry));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  /** Nest's calling convention: (message, ...optionalParams, context). Stacks are dropped. */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : 'App';
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const { msg, ...fields } = message as Record<string, unknown>;
      this.event(level, context, typeof msg === 'string' ? msg : '', fields);
      return;
    }
    const text = message instanceof Error ? `${message.name}: ${message.message}` : String(message);
    this.event(level, context, text);
  }
}
