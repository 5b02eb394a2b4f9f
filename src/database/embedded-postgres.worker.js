// Runs PGlite (PostgreSQL compiled to WASM) and a small PostgreSQL server for it in a worker
// thread, so a slow query never blocks the service's event loop. Plain JavaScript: it is loaded
// as-is by Node from src/ (tests) and dist/src/ (built service).
//
// PGlite has ONE session, shared by every client connection. pglite-socket's server queues each
// protocol message separately, so two clients' Parse/Bind/Execute interleave and one client can
// receive the other's rows. Here whole units (see embedded-postgres.protocol.js) go through one
// FIFO queue, and a client inside a transaction keeps the session until it ends it.
'use strict';
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const { MessageReader, query, SYNC, fatalError } = require('./embedded-postgres.protocol.js');

const ROLLBACK = query('ROLLBACK');
const TOO_MANY = fatalError('53300', 'sorry, too many clients already');
const discard = () => undefined;

function createMultiplexer(db) {
  const units = []; // { conn, messages, end } in arrival order, across all connections
  let holder = null; // the connection that keeps the session between its units
  let draining = false;
  let idle = Promise.resolve();
  let stopped = false;

  // While a connection holds the session only its units may run; the others keep their order.
  function nextUnit() {
    if (stopped) return undefined;
    const index = holder ? units.findIndex((unit) => unit.conn === holder) : 0;
    return index < 0 ? undefined : units.splice(index, 1)[0];
  }

  function drain() {
    if (draining) return;
    draining = true;
    idle = (async () => {
      try {
        // A failure stays with its connection: the worker and the other clients carry on.
        for (let unit = nextUnit(); unit; unit = nextUnit()) await run(unit).catch(() => unit.conn.socket.destroy());
      } finally {
        draining = false;
      }
    })();
  }

  async function run(unit) {
    const { conn } = unit;
    if (unit.end === 'release') return release(conn);
    const write = (chunk) => {
      // PGlite reuses the memory behind `chunk`, so it is copied before being queued on the socket.
      if (conn.socket.writable) conn.socket.write(Buffer.from(chunk));
    };
    try {
      await db.runExclusive(async () => {
        for (const message of unit.messages) await db.execProtocolRawStream(message, { onRawData: write });
      });
    } catch (error) {
      conn.socket.destroy(error); // its 'close' queues the release
    }
    // Flush: the client waits for this batch before sending the rest of the same extended query.
    holder = db.isInTransaction() || unit.end === 'H' ? conn : null;
  }

  // A client that left while holding the session leaves an open transaction or an unfinished
  // extended query. Undo it as PostgreSQL does when a backend exits: ROLLBACK aborts an explicit
  // or implicit transaction, Sync ends the skip-until-Sync after an error (which ignores the first
  // ROLLBACK), and a second ROLLBACK ends a transaction that was in that state.
  async function release(conn) {
    if (holder !== conn) return;
    try {
      await db.runExclusive(async () => {
        for (const message of [ROLLBACK, SYNC]) await db.execProtocolRawStream(message, { onRawData: discard });
        if (db.isInTransaction()) await db.execProtocolRawStream(ROLLBACK, { onRawData: discard });
      });
    } finally {
      holder = null; // never leave the others waiting for a connection that is gone
    }
  }

  return {
    enqueue(unit) {
      if (stopped) return;
      units.push(unit);
      drain();
    },
    forget(conn) {
      for (let i = units.length - 1; i >= 0; i -= 1) if (units[i].conn === conn) units.splice(i, 1);
    },
    async stop() {
      stopped = true;
      units.length = 0;
      await idle.catch(discard);
    },
  };
}

function serve(multiplexer, maxConnections) {
  const connections = new Set();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    let accepted = 0;
    for (const other of connections) if (!other.refused) accepted += 1;
    const conn = { socket, reader: new MessageReader(), refused: accepted >= maxConnections };
    connections.add(conn);
    socket.on('error', discard); // a client's reset is its own business; 'close' follows
    socket.on('close', () => {
      connections.delete(conn);
      if (conn.refused) return;
      multiplexer.forget(conn);
      multiplexer.enqueue({ conn, end: 'release' });
    });
    socket.on('data', (chunk) => onData(conn, chunk, multiplexer));
  });
  return {
    server,
    destroyAll() {
      for (const { socket } of connections) socket.destroy();
    },
  };
}

function onData(conn, chunk, multiplexer) {
  const { socket } = conn;
  let events;
  try {
    events = conn.reader.read(chunk);
  } catch {
    socket.destroy(); // not the PostgreSQL protocol: nothing sensible to answer
    return;
  }
  for (const event of events) {
    if (socket.destroyed || socket.writableEnded) return;
    if (event.kind === 'no-encryption') socket.write('N');
    // Cancel arrives on a new connection; PGlite runs one statement synchronously, nothing to cancel.
    else if (event.kind === 'cancel' || event.kind === 'terminate') socket.end();
    // Like PostgreSQL, answer the startup message of a connection over the limit with an error.
    else if (conn.refused) socket.end(TOO_MANY);
    else multiplexer.enqueue({ conn, messages: event.messages, end: event.end });
  }
}

async function main() {
  const { PGlite } = require('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: workerData.dataDir });
  const multiplexer = createMultiplexer(db);
  const { server, destroyAll } = serve(multiplexer, workerData.maxConnections);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(workerData.port, '127.0.0.1', resolve);
  });
  parentPort.postMessage({ type: 'ready', port: server.address().port });
  parentPort.on('message', async (message) => {
    if (!message || message.type !== 'stop') return;
    try {
      const closed = new Promise((resolve) => server.close(resolve));
      destroyAll();
      await multiplexer.stop();
      await closed;
      await db.close();
    } finally {
      parentPort.postMessage({ type: 'stopped' });
    }
  });
}

main().catch((error) => {
  parentPort.postMessage({ type: 'error', message: String((error && error.stack) || error) });
});
