// Preloaded into the tslab kernel (`node --require <this> tslab kernel …`).
//
// tslab 1.0.22 sends on its ZeroMQ sockets without awaiting each send. zeromq 6 completes at
// most 512 sends in a row synchronously, then defers one to the next tick, and a send made
// while one is deferred fails with EBUSY: tslab then loses that message (a status, a stream
// write), about once every 500 iopub messages, and a client waiting for `idle` waits forever.
// Making every socket's sends wait for the previous one keeps all messages, in order.
'use strict';

const { dirname } = require('node:path');

// The zeromq that tslab (the script node runs, argv[1]) will load.
const zmq = require(require.resolve('zeromq', { paths: [dirname(process.argv[1])] }));
const send = zmq.Socket.prototype.send;
const pending = new WeakMap();

Object.defineProperty(zmq.Socket.prototype, 'send', {
  configurable: true,
  writable: true,
  value: function serialSend(...args) {
    const sent = (pending.get(this) ?? Promise.resolve()).then(() => send.apply(this, args));
    pending.set(
      this,
      sent.catch(() => undefined),
    );
    return sent;
  },
});
