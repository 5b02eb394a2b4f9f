// Just enough of the PostgreSQL v3 wire protocol (docs: "Frontend/Backend Protocol") to share
// PGlite's single session between many client connections. Plain JavaScript, like the worker.
'use strict';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const MAX_MESSAGE_BYTES = 1 << 30; // PostgreSQL's own limit (PQ_LARGE_MESSAGE_LIMIT)

// Sync and Query end a request: the server answers ReadyForQuery and the session is consistent
// again. Flush ends a batch the client waits on before sending more (pg's paged Execute), so it
// must go to PGlite now, but the session stays with that client (see the worker).
const UNIT_END = new Set(['S', 'Q', 'H']);

/**
 * Splits one connection's byte stream into messages and groups them into units that must reach
 * PGlite without another connection's messages in between: the startup message, or everything up
 * to a Sync, Query or Flush. Parse/Bind/Execute use the session's unnamed statement and portal,
 * so an interleaved Parse from another client would silently replace them.
 */
class MessageReader {
  constructor() {
    this.pending = Buffer.alloc(0);
    this.parts = []; // chunks of an incomplete message, joined once it is all here
    this.buffered = 0;
    this.needed = 0;
    this.started = false;
    this.unit = [];
  }

  /** Returns events: {kind:'unit', messages, end}, {kind:'no-encryption'}, {kind:'cancel'}, {kind:'terminate'}. */
  read(chunk) {
    this.parts.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.needed) return []; // joining on every chunk is quadratic for large messages
    this.pending = Buffer.concat([this.pending, ...this.parts]);
    this.parts = [];
    const events = [];
    for (let message = this.next(); message; message = this.next()) {
      if (!this.started) {
        events.push(this.handshake(message));
        continue;
      }
      const type = String.fromCharCode(message[0]);
      if (type === 'X') return [...events, { kind: 'terminate' }];
      this.unit.push(message);
      if (UNIT_END.has(type)) {
        events.push({ kind: 'unit', messages: this.unit, end: type });
        this.unit = [];
      }
    }
    return events;
  }

  /** Before startup a message is int32 length + int32 code; afterwards type byte + int32 length. */
  next() {
    const header = this.started ? 5 : 8;
    if (this.pending.length < header) return undefined;
    const length = this.started ? 1 + this.pending.readInt32BE(1) : this.pending.readInt32BE(0);
    if (length < header || length > MAX_MESSAGE_BYTES) throw new Error(`invalid message length ${length}`);
    this.needed = length;
    if (this.pending.length < length) return undefined;
    const message = this.pending.subarray(0, length);
    this.pending = this.pending.subarray(length);
    this.buffered = this.pending.length;
    this.needed = 0;
    return message;
  }

  handshake(message) {
    const code = message.readInt32BE(4);
    // Loopback only: answer "no" to TLS/GSS encryption, as a server without TLS does.
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { kind: 'no-encryption' };
    if (code === CANCEL_REQUEST) return { kind: 'cancel' };
    if (code !== PROTOCOL_3) throw new Error(`unsupported protocol ${code}`);
    this.started = true;
    return { kind: 'unit', messages: [message], end: 'startup' };
  }
}

function message(type, body) {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

/** A simple Query message. */
function query(sql) {
  return message('Q', Buffer.from(`${sql}\0`, 'utf8'));
}

const SYNC = message('S', Buffer.alloc(0));

/** A FATAL ErrorResponse the pg driver reports with its SQLSTATE `code`. */
function fatalError(code, text) {
  const fields = [`SFATAL`, `VFATAL`, `C${code}`, `M${text}`].map((field) => `${field}\0`).join('');
  return message('E', Buffer.from(`${fields}\0`, 'utf8'));
}

module.exports = { MessageReader, query, SYNC, fatalError };
