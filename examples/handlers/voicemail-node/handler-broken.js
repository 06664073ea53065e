// The voicemail handler with two mistakes teams make: the recording parameters are
// misspelt (`RecordingTerminator`, so the SMA fails the action), and ACTION_FAILED is not
// handled (the handler throws).
'use strict';
const good = require('./handler.js');

exports.handler = async (event) => {
  if (event.InvocationEventType === 'ACTION_FAILED') {
    throw new Error(`unexpected event ${event.InvocationEventType}`);
  }
  const out = await good.handler(event);
  for (const a of out.Actions) {
    if (a.Type === 'RecordAudio') {
      a.Parameters.RecordingTerminator = a.Parameters.RecordingTerminators;
      delete a.Parameters.RecordingTerminators;
    }
  }
  return out;
};
