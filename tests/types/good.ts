// A handler's response that sma lint accepts: it must compile against the generated types.
import type { Action, HandlerResponse, InvocationEvent } from "../../schemas/types/sma";

export function answer(event: InvocationEvent): HandlerResponse {
  const callId = event.CallDetails.Participants[0].CallId;
  const record: Action = {
    Type: "RecordAudio",
    Parameters: {
      CallId: callId,
      DurationInSeconds: 30,
      SilenceDurationInSeconds: "3",
      SilenceThreshold: 100,
      RecordingTerminators: ["#"],
      RecordingDestination: { Type: "S3", BucketName: "vm-bucket", Prefix: "voicemail/" },
    },
  };
  return {
    SchemaVersion: "1.0",
    Actions: [{ Type: "Speak", Parameters: { CallId: callId, Text: "Leave a message." } }, record],
    TransactionAttributes: { state: "recording" },
  };
}
