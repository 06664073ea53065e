"""The misspelt key teams copy between samples: mypy --strict rejects it."""
from sma_types import HandlerResponse

response: HandlerResponse = {
    "SchemaVersion": "1.0",
    "Actions": [
        {
            "Type": "RecordAudio",
            "Parameters": {
                "CallId": "c1",
                "SilenceTreshold": 100,
                "RecordingTerminators": ["#"],
                "RecordingDestination": {"Type": "S3", "BucketName": "vm-bucket"},
            },
        }
    ],
}
