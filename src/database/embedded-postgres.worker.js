// Runs PGlite (PostgreSQL compiled to WASM) and its socket server in a worker thread, so a slow
// query never blocks the service's event loop. Plain JavaScript: it is loaded as-is by Node from
// src/ (tests) and dist/src/ (built service).
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

async function main() {
  const { PGlite } = require('@electric-sql/pglite');
  const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
  const db = await PGlite.create({ dataDir: workerData.dataDir });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: workerData.port,
    maxConnections: workerData.maxConnections,
  });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  parentPort.postMessage({ type: 'ready', port });
  parentPort.on('message', async (message) => {
    if (message && message.type === 'stop') {
      try {
        await server.stop();
        await db.close();
      } finally {
        parentPort.postMessage({ type: 'stopped' });
      }
    }
  });
}

main().catch((error) => {
  parentPort.postMessage({ type: 'error', message: String((error && error.stack) || error) });
});
