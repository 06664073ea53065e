// The misspelt key teams copy between samples: it must not compile.
import type { HandlerResponse } from "../../schemas/types/sma";

export const response: HandlerResponse = {
  SchemaVersion: "1.0",
  Actions: [
    {
      Type: "RecordAudio",
      Parameters: {
        CallId: "c1",
        SilenceTreshold: 100,
        RecordingTerminators: ["#"],
        RecordingDestination: { Type: "S3", BucketName: "vm-bucket" },
      },
    },
  ],
};
