"""A handler's response that sma lint accepts: mypy --strict accepts it against the types."""
from sma_types import Action, HandlerResponse, InvocationEvent


def answer(event: InvocationEvent) -> HandlerResponse:
    call_id = event["CallDetails"]["Participants"][0]["CallId"]
    record: Action = {
        "Type": "RecordAudio",
        "Parameters": {
            "CallId": call_id,
            "DurationInSeconds": 30,
            "SilenceDurationInSeconds": "3",
            "SilenceThreshold": 100,
            "RecordingTerminators": ["#"],
            "RecordingDestination": {"Type": "S3", "BucketName": "vm-bucket", "Prefix": "voicemail/"},
        },
    }
    return {
        "SchemaVersion": "1.0",
        "Actions": [{"Type": "Speak", "Parameters": {"CallId": call_id, "Text": "Leave a message."}}, record],
        "TransactionAttributes": {"state": "recording"},
    }
