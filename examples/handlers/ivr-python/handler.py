"""An IVR SIP media application handler (Python 3.11, no dependencies): press 1 for opening
hours, 2 to be bridged to an agent. Lambda calls `handler(event, context)`; so does
`sma simulate --handler python:handler.handler`."""

AGENT = "+12065550123"


def response(actions, attributes=None):
    out = {"SchemaVersion": "1.0", "Actions": actions}
    if attributes is not None:
        out["TransactionAttributes"] = attributes
    return out


def leg(event, tag):
    for p in event["CallDetails"]["Participants"]:
        if p["ParticipantTag"] == tag:
            return p
    return None


def speech(text):
    return {"Text": text, "Engine": "neural", "LanguageCode": "en-US", "VoiceId": "Joanna"}


def speak(call_id, text):
    return {"Type": "Speak", "Parameters": {"CallId": call_id, **speech(text)}}


def hangup(call_id):
    return {"Type": "Hangup", "Parameters": {"CallId": call_id, "SipResponseCode": "0"}}


def menu(call_id):
    return {
        "Type": "SpeakAndGetDigits",
        "Parameters": {
            "CallId": call_id,
            "SpeechParameters": speech("Press 1 for our opening hours, or 2 for an agent."),
            "FailureSpeechParameters": speech("Sorry, I did not get that."),
            "MinNumberOfDigits": 1,
            "MaxNumberOfDigits": 1,
            "Repeat": 2,
            "InputDigitsRegex": "^[12]$",
            "TerminatorDigits": ["#"],
            "InBetweenDigitsDurationInMilliseconds": 3000,
            "RepeatDurationInMilliseconds": 5000,
        },
    }


def handler(event, context=None):
    kind = event["InvocationEventType"]
    a = leg(event, "LEG-A")
    call_id = a["CallId"]
    data = event.get("ActionData") or {}
    if kind == "NEW_INBOUND_CALL":
        return response([menu(call_id)], {"menu": "main"})
    if kind == "ACTION_SUCCESSFUL" and data.get("Type") == "SpeakAndGetDigits":
        if data.get("ReceivedDigits") == "1":
            return response([speak(call_id, "We are open nine to five, Monday to Friday. Goodbye."), hangup(call_id)])
        return response(
            [
                speak(call_id, "Connecting you to an agent."),
                {
                    "Type": "CallAndBridge",
                    "Parameters": {
                        "CallTimeoutSeconds": 20,
                        "CallerIdNumber": a["To"],
                        "Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": AGENT}],
                    },
                },
            ],
            {"menu": "agent"},
        )
    if kind == "ACTION_FAILED" and data.get("Type") == "CallAndBridge":
        return response([speak(call_id, "No agent is available. Please call again later."), hangup(call_id)])
    if kind == "ACTION_FAILED":
        return response([speak(call_id, "Goodbye."), hangup(call_id)])
    if kind == "HANGUP":
        # a bridged call: hang up the leg that is still connected
        others = [p for p in event["CallDetails"]["Participants"] if p.get("Status") == "Connected"]
        return response([hangup(p["CallId"]) for p in others])
    return response([])
