"""Reads one invocation event on stdin, prints the handler's response on stdout."""
import importlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
module = importlib.import_module(sys.argv[1] if len(sys.argv) > 1 else "handler")
print(json.dumps(module.handler(json.load(sys.stdin), None)))
