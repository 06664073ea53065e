"""The IVR with the mistake that keeps an agent's line open: on HANGUP it returns no action,
so LEG-B stays connected (and billed) after the caller hangs up."""
import handler as good


def handler(event, context=None):
    if event["InvocationEventType"] == "HANGUP":
        return good.response([])
    return good.handler(event, context)
