//! The ErrorType/ErrorMessage pairs the AWS docs show on ACTION_FAILED, per action (transcribed
//! from the action pages; a later change derives them from `schemas/`).

/// Every `ErrorType` the docs show on ACTION_FAILED.
pub const ERROR_TYPES: &[&str] = &[
    "AccessDenied",
    "ActionExecutionThrottled",
    "CallNotAnswered",
    "InvalidActionParameter",
    "InvalidAudioSource",
    "MissingRequiredActionParameter",
    "ResourceAccessDenied",
    "ResourceNotFound",
    "SystemException",
];

/// Per action: the documented (`ErrorType`, `ErrorMessage`) pairs; an empty message means the
/// docs describe the error without quoting its text.
pub const ACTION_ERRORS: &[(&str, &[(&str, &str)])] = &[
    (
        "CallAndBridge",
        &[
            ("CallNotAnswered", "Call not answered"),
            (
                "InvalidAudioSource",
                "Cannot access S3 bucket or audio file.",
            ),
            ("InvalidAudioSource", "Ringtone parameter value is invalid."),
            (
                "InvalidActionParameter",
                "Invalid number of endpoints provided.",
            ),
            ("InvalidActionParameter", "Endpoint parameter is invalid."),
            ("InvalidActionParameter", "Invalid caller ID."),
            ("InvalidActionParameter", "Caller ID not defined."),
            (
                "InvalidActionParameter",
                "The MaxCallTimeout parameter is invalid. Timeout must be between 0 and 120 seconds.",
            ),
            (
                "InvalidActionParameter",
                "Provided caller ID number is invalid. Number must be owned by this AWS account, or be the From number of LEG-A.",
            ),
            (
                "InvalidActionParameter",
                "Invalid SIP header(s) provided: {Header}",
            ),
        ],
    ),
    ("Hangup", &[]),
    (
        "JoinChimeMeeting",
        &[
            (
                "InvalidActionParameter",
                "JoinToken parameter value is invalid.",
            ),
            ("SystemException", "System error while running action."),
        ],
    ),
    (
        "ModifyChimeMeetingAttendees",
        &[
            (
                "InvalidActionParameter",
                "The ModifyChimeMeetingAttendees Operation parameter value is invalid",
            ),
            (
                "InvalidActionParameter",
                "Meeting ID parameter value is invalid.",
            ),
            (
                "InvalidActionParameter",
                "Attendee List parameter value is invalid.",
            ),
            ("InvalidActionParameter", "Invalid action on the call."),
            (
                "InvalidActionParameter",
                "Call is not connected to Chime Meeting.",
            ),
            (
                "InvalidActionParameter",
                "One or more attendees are not part of this meeting. All attendees must be part of this meeting.",
            ),
            ("SystemException", "System error while running action."),
            (
                "InvalidActionParameter",
                "The value in the Operation field of the ModifyChimeMeetingAttendees action is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The meeting ID parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "Attendee List parameter is invalid.",
            ),
        ],
    ),
    (
        "Pause",
        &[(
            "InvalidActionParameter",
            "The Duration parameter is invalid.",
        )],
    ),
    ("PauseCallRecording", &[]),
    (
        "PlayAudio",
        &[
            (
                "InvalidAudioSource",
                "The audio source parameter is invalid.",
            ),
            (
                "InvalidAudioSource",
                "Audio Source parameter value is invalid.",
            ),
            (
                "InvalidAudioSource",
                "Cannot access S3 bucket or audio file.",
            ),
            ("SystemException", "System error while running action."),
            (
                "InvalidActionParameter",
                "CallId or ParticipantTag parameter for action is invalid.",
            ),
        ],
    ),
    (
        "PlayAudioAndGetDigits",
        &[
            (
                "InvalidAudioSource",
                "Audio source parameter value is invalid.",
            ),
            (
                "InvalidActionParameter",
                "CallId or ParticipantTag parameter for the action is invalid.",
            ),
            ("SystemException", "System error while running the action."),
            (
                "InvalidAudioSource",
                "Cannot access S3 bucket or audio file.",
            ),
            (
                "InvalidActionParameter",
                "The MaxNumberOfDigits parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The RepeatDurationInMilliseconds parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The InputDigitsRegex parameter is invalid.",
            ),
        ],
    ),
    (
        "ReceiveDigits",
        &[
            (
                "InvalidActionParameter",
                "The InBetweenDigitsDurationInMilliseconds parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The FlushDigitsDurationInMilliseconds parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The InputDigitsRegex parameter is invalid.",
            ),
        ],
    ),
    (
        "RecordAudio",
        &[
            (
                "InvalidActionParameter",
                "CallId or ParticipantTag parameter for action is invalid.",
            ),
            (
                "InvalidActionParameter",
                "DurationInSeconds parameter value is invalid.",
            ),
            (
                "InvalidActionParameter",
                "SilenceDurationInSeconds parameter value is invalid.",
            ),
            (
                "InvalidActionParameter",
                "SilenceThreshold parameter value is invalid.",
            ),
            (
                "InvalidActionParameter",
                "RecordingDestination parameter value is invalid.",
            ),
            (
                "InvalidActionParameter",
                "Error occurred while uploading recording to S3 bucket.",
            ),
            ("SystemException", "System error while running an action."),
            (
                "InvalidActionParameter",
                "The RecordingDestination parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The DurationInSeconds parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The SilenceThreshold parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "The SilenceDurationInSeconds parameter is invalid.",
            ),
            (
                "InvalidActionParameter",
                "An error occurred while uploading the recording to the S3 bucket.",
            ),
        ],
    ),
    ("ResumeCallRecording", &[]),
    (
        "SendDigits",
        &[(
            "InvalidActionParameter",
            "ToneDuration parameter value is invalid.",
        )],
    ),
    (
        "Speak",
        &[
            (
                "AccessDenied",
                "The AWSServiceRoleForAmazonChimeVoiceConnector service-linked role is not configured correctly.",
            ),
            (
                "ActionExecutionThrottled",
                "Amazon Polly is throttling the request to synthesize speech.",
            ),
            (
                "MissingRequiredActionParameter",
                "Text is a required parameter.",
            ),
            (
                "MissingRequiredActionParameter",
                "Text is limited to 1,000 characters",
            ),
            ("SystemException", "System error while running action."),
        ],
    ),
    (
        "SpeakAndGetDigits",
        &[
            (
                "AccessDenied",
                "The AWSServiceRoleForAmazonChimeVoiceConnector role is not configured correctly.",
            ),
            (
                "MissingRequiredActionParameter",
                "Text is a required parameter.",
            ),
            (
                "MissingRequiredActionParameter",
                "Text is limited to 1,000 characters",
            ),
            ("SystemException", "System error while running action."),
        ],
    ),
    (
        "StartBotConversation",
        &[
            ("InvalidActionParameter", ""),
            ("SystemException", ""),
            ("ResourceNotFound", ""),
            ("ResourceAccessDenied", ""),
            ("ActionExecutionThrottled", ""),
        ],
    ),
    (
        "StartCallRecording",
        &[
            (
                "InvalidActionParameter",
                "CallId parameter for action is invalid",
            ),
            ("SystemException", "System error while running an action."),
        ],
    ),
    ("StopCallRecording", &[]),
    (
        "VoiceFocus",
        &[
            (
                "ActionExecutionThrottled",
                "Failed to run action. The maximum number of actions per second has been reached.",
            ),
            (
                "MissingRequiredActionParameter",
                "Missing required action parameter.",
            ),
            (
                "MissingRequiredActionParameter",
                "Missing a required action parameter.",
            ),
            ("SystemException", "System error while running action."),
            ("CallNotAnswered", "Call not answered"),
        ],
    ),
];
