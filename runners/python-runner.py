"""sma's Python runner: calls a Lambda handler function with the event on stdin and prints its
result on stdout. Usage: python3 python-runner.py DIR MODULE FUNC (or `python3 -c CODE DIR MODULE
FUNC`: the last three arguments; DIR is put first on sys.path). No dependencies; Python 3.11. The
context is deterministic (its request id comes from the event's Sequence)."""
import importlib
import json
import os
import sys
import traceback


class Context:
    function_name = "sma-simulate"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:111122223333:function:sma-simulate"
    memory_limit_in_mb = 128
    log_group_name = "/aws/lambda/sma-simulate"
    log_stream_name = "sma-simulate"

    def __init__(self, sequence):
        self.aws_request_id = "00000000-0000-4000-8000-%012d" % int(sequence)

    def get_remaining_time_in_millis(self):
        return 20000


def main():
    # The response owns stdout: what the handler itself prints goes to stderr, as Lambda sends
    # it to the function's logs.
    response = sys.stdout
    sys.stdout = sys.stderr
    directory, module, func = sys.argv[-3:]
    sys.path.insert(0, os.path.abspath(directory))
    event = json.load(sys.stdin)
    try:
        fn = getattr(importlib.import_module(module), func)
        result = fn(event, Context(event.get("Sequence", 1)))
    except Exception:  # the handler's failure is a failed invocation, as in Lambda
        traceback.print_exc()
        sys.exit(1)
    response.write(json.dumps(result))
    response.flush()


main()
