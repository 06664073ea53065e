// A voicemail SIP media application handler (Node.js 20, no dependencies).
// Lambda calls `exports.handler(event)`; so does `sma simulate --handler node:handler.js#handler`.
'use strict';

const BUCKET = process.env.VOICEMAIL_BUCKET || 'acme-voicemail';

function response(actions, attributes) {
  const out = { SchemaVersion: '1.0', Actions: actions };
  if (attributes) out.TransactionAttributes = attributes;
  return out;
}

function legA(event) {
  return event.CallDetails.Participants.find((p) => p.ParticipantTag === 'LEG-A');
}

function speak(callId, text) {
  return { Type: 'Speak', Parameters: { CallId: callId, Text: text, Engine: 'neural', LanguageCode: 'en-US', VoiceId: 'Joanna' } };
}

exports.handler = async (event) => {
  const callId = legA(event).CallId;
  switch (event.InvocationEventType) {
    case 'NEW_INBOUND_CALL':
      return response([
        speak(callId, 'Please leave a message after the tone, then press pound.'),
        {
          Type: 'RecordAudio',
          Parameters: {
            CallId: callId,
            DurationInSeconds: 60,
            SilenceDurationInSeconds: 3,
            RecordingTerminators: ['#'],
            RecordingDestination: { Type: 'S3', BucketName: BUCKET, Prefix: 'voicemail/' },
          },
        },
      ], { state: 'recording' });
    case 'ACTION_SUCCESSFUL':
      if (event.ActionData.Type === 'RecordAudio') {
        return response([speak(callId, 'Thank you. Goodbye.'), { Type: 'Hangup', Parameters: { CallId: callId, SipResponseCode: '0' } }],
          { state: 'done', key: event.ActionData.RecordingDestination.Key });
      }
      return response([]);
    case 'ACTION_FAILED':
      return response([speak(callId, 'Sorry, something went wrong. Goodbye.'), { Type: 'Hangup', Parameters: { CallId: callId, SipResponseCode: '0' } }]);
    default:
      return response([]);
  }
};
