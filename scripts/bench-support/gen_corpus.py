#!/usr/bin/env python3
# Based on perf-anchors/gen_corpus.py of the sma reference material (the performance anchors): n1 ...
# n10000 and big/ are generated exactly as there (byte-identical); resp6mb/, cap/ and policy/ were
# added for scripts/bench (issue 22).
"""Deterministic corpus generator for the sma performance anchors and scripts/bench.

Makes SIP-media-application handler responses ({"SchemaVersion":"1.0","Actions":[...]})
whose RecordAudio actions follow (or, for about 10% of files, break exactly once) the
rules in record-audio.schema.json beside this file.

    python3 gen_corpus.py OUTDIR            # everything below
    python3 gen_corpus.py OUTDIR --only n100 --only resp6mb

Layout written under OUTDIR:
    n1/ n100/ n1000/ n10000/   resp-000000.json ...   (pretty-printed, indent=2)
    big/big.json               one response, 200,000 actions, compact (~33.6 MB): the anchors'
                               big file, now refused by sma (over its 1,000,000-value cap)
    resp6mb/resp-6mb.json      one response of 36,000 actions, compact (~6.0 MB, under Lambda's
                               6 MiB response limit, 6,291,456 bytes)
    cap/cap.json               one response, compact, as many actions as fit just under sma's
                               1,000,000-value cap (counted as sma's parse.rs prescan counts:
                               1 + every `,` `[` `{` outside strings): 999,990 values or fewer
    policy/policy-20k.json     a bucket policy of as many statements as fit in 20,000 bytes
                               (compact; S3's limit is 20 KB = 20,480), ending with a TLS guard
                               and the Chime grant on sma-recordings/voicemail/ (account
                               111122223333): `sma check-bucket` says granted
    manifest.json              per corpus: file count, bytes, invalid files and the
                               injected violation kinds (file or action index -> kind)

Determinism: file i of every corpus is drawn from random.Random("sma-perf-v1/file/<i>"),
so n100 is the first 100 files of n1000, and so on, and reruns give identical bytes.
The big file uses random.Random("sma-perf-v1/big"), 40% RecordAudio actions, and injects
one violation into about 1% of its actions (a single response with 20,000 errors would
measure error printing, not validation). resp6mb and cap are made the same way from
random.Random("sma-perf-v1/resp6mb") and random.Random("sma-perf-v1/cap").
"""
import argparse
import json
import os
import random
import string

SEED = "sma-perf-v1"
SIZES = [1, 100, 1000, 10000]
BIG_ACTIONS = 200_000
FILE_VIOLATION_RATE = 0.10
BIG_VIOLATION_RATE = 0.01
BIG_RECORD_SHARE = 0.4  # keeps the big file near 30 MB (compact JSON, ~150 B/action)
RESP6MB_ACTIONS = 36_000
LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024  # bytes; sma's simulate/handler.rs MAX_RESPONSE
SMA_MAX_VALUES = 1_000_000  # sma's parse.rs MAX_VALUES
CAP_VALUES = SMA_MAX_VALUES - 10  # "just under the cap"
POLICY_BYTES = 20_000

TERMINATORS = list("0123456789*#")
PREFIX_CHARS = string.ascii_letters + string.digits + "!-_.*'()/"
BUCKET_INNER = string.ascii_lowercase + string.digits + ".-"
BUCKET_EDGE = string.ascii_lowercase + string.digits


def bucket_name(rng):
    n = rng.randint(3, 24)
    mid = "".join(rng.choice(BUCKET_INNER) for _ in range(n - 2))
    mid = mid.replace("..", ".a")  # keep it tidy; the schema does not check ".."
    return rng.choice(BUCKET_EDGE) + mid + rng.choice(BUCKET_EDGE)


def prefix(rng):
    return "".join(rng.choice(PREFIX_CHARS) for _ in range(rng.randint(1, 20)))


def call_id(rng):
    return "%08x-%04x-%04x-%04x-%012x" % (
        rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16),
        rng.getrandbits(16), rng.getrandbits(48))


def record_audio(rng):
    p = {}
    who = rng.random()
    if who < 0.6:
        p["CallId"] = call_id(rng)
    elif who < 0.9:
        p["ParticipantTag"] = rng.choice(["LEG-A", "LEG-B"])
    if rng.random() < 0.8:
        d = rng.randint(1, 600)
        # numeric strings are what the AWS example uses; mix both forms
        p["DurationInSeconds"] = str(d) if rng.random() < 0.5 else d
    if rng.random() < 0.7:
        p["SilenceDurationInSeconds"] = rng.randint(1, 1000)
    if rng.random() < 0.7:
        p["SilenceThreshold"] = rng.randint(1, 1000)
    p["RecordingTerminators"] = rng.sample(TERMINATORS, rng.randint(1, 3))
    dest = {"Type": "S3", "BucketName": bucket_name(rng)}
    if rng.random() < 0.7:
        dest["Prefix"] = prefix(rng)
    p["RecordingDestination"] = dest
    return {"Type": "RecordAudio", "Parameters": p}


def other_action(rng):
    kind = rng.choice(["Hangup", "Pause", "PlayAudio", "Speak"])
    if kind == "Hangup":
        return {"Type": "Hangup", "Parameters": {"SipResponseCode": "0", "ParticipantTag": "LEG-A"}}
    if kind == "Pause":
        return {"Type": "Pause", "Parameters": {"CallId": call_id(rng), "DurationInMilliseconds": str(rng.randint(100, 5000))}}
    if kind == "PlayAudio":
        return {"Type": "PlayAudio", "Parameters": {"ParticipantTag": "LEG-A", "AudioSource": {
            "Type": "S3", "BucketName": bucket_name(rng), "Key": prefix(rng) + ".wav"}}}
    return {"Type": "Speak", "Parameters": {"Text": "Leave a message.",
                                            "CallId": call_id(rng), "VoiceId": "Joanna"}}


# Each mutator breaks exactly one RecordAudio rule in place and returns its kind.
def _dest(p):
    return p["RecordingDestination"]


MUTATORS = [
    ("CallId-not-string", lambda rng, p: p.__setitem__("CallId", rng.randint(1, 10**6))),
    ("ParticipantTag-bad", lambda rng, p: (p.pop("CallId", None), p.__setitem__("ParticipantTag", rng.choice(["LEG-C", "leg-a", "A"])))),
    ("Duration-zero-or-negative", lambda rng, p: p.__setitem__("DurationInSeconds", rng.choice([0, -5, "0", "-3"]))),
    ("Duration-non-numeric-string", lambda rng, p: p.__setitem__("DurationInSeconds", rng.choice(["ten", "10s", "", "1.5.0"]))),
    ("SilenceDuration-out-of-range", lambda rng, p: p.__setitem__("SilenceDurationInSeconds", rng.choice([0, 1001, 5000, -1]))),
    ("SilenceDuration-not-integer", lambda rng, p: p.__setitem__("SilenceDurationInSeconds", rng.choice([2.5, "3", True]))),
    ("SilenceThreshold-out-of-range", lambda rng, p: p.__setitem__("SilenceThreshold", rng.choice([0, 1001, 99999]))),
    ("SilenceThreshold-not-integer", lambda rng, p: p.__setitem__("SilenceThreshold", rng.choice(["100", 10.5]))),
    ("Terminators-missing", lambda rng, p: p.pop("RecordingTerminators")),
    ("Terminators-bad-char", lambda rng, p: p.__setitem__("RecordingTerminators", ["#", rng.choice(["A", "##", "", "10", "+"])])),
    ("Terminators-not-array", lambda rng, p: p.__setitem__("RecordingTerminators", "#")),
    ("Destination-missing", lambda rng, p: p.pop("RecordingDestination")),
    ("Destination-type-not-S3", lambda rng, p: _dest(p).__setitem__("Type", rng.choice(["s3", "GCS", ""]))),
    ("Destination-type-missing", lambda rng, p: _dest(p).pop("Type")),
    ("Bucket-missing", lambda rng, p: _dest(p).pop("BucketName")),
    ("Bucket-bad-name", lambda rng, p: _dest(p).__setitem__("BucketName", rng.choice(
        ["My-Bucket", "ab", "-bucket", "bucket-", "bucket_name", "b" * 64, "bucket name"]))),
    ("Prefix-too-long", lambda rng, p: _dest(p).__setitem__("Prefix", "a" * 980)),
    ("Prefix-bad-char", lambda rng, p: _dest(p).__setitem__("Prefix", rng.choice(["rec#ings", "a b", "x@y", "p%20q", "caf\u00e9"]))),
]


def inject(rng, actions):
    """Break one rule in one RecordAudio action (adding one if the response has none)."""
    idx = [i for i, a in enumerate(actions) if a["Type"] == "RecordAudio"]
    if not idx:
        actions.insert(0, record_audio(rng))
        idx = [0]
    i = rng.choice(idx)
    name, fn = rng.choice(MUTATORS)
    fn(rng, actions[i]["Parameters"])
    return i, name


def make_actions(rng, n, share=0.6):
    """share: fraction of RecordAudio actions (0.6 in small files, 0.4 in the big file)."""
    return [record_audio(rng) if rng.random() < share else other_action(rng) for _ in range(n)]


def make_file(i):
    rng = random.Random(f"{SEED}/file/{i}")
    actions = make_actions(rng, rng.randint(1, 5))
    violation = None
    if rng.random() < FILE_VIOLATION_RATE:
        violation = inject(rng, actions)
    doc = {"SchemaVersion": "1.0", "Actions": actions}
    if rng.random() < 0.2:
        doc["TransactionAttributes"] = {"attempt": str(rng.randint(1, 3))}
    return doc, violation


def write_small(outdir, n):
    d = os.path.join(outdir, f"n{n}")
    os.makedirs(d, exist_ok=True)
    invalid, total = {}, 0
    for i in range(n):
        doc, v = make_file(i)
        name = f"resp-{i:06d}.json"
        text = json.dumps(doc, indent=2) + "\n"
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode())
        if v:
            invalid[name] = {"action": v[0], "kind": v[1]}
    return {"files": n, "bytes": total, "invalid_files": len(invalid), "invalid": invalid}


def write_big(outdir):
    d = os.path.join(outdir, "big")
    os.makedirs(d, exist_ok=True)
    rng = random.Random(f"{SEED}/big")
    actions = make_actions(rng, BIG_ACTIONS, BIG_RECORD_SHARE)
    invalid = {}
    for i, a in enumerate(actions):
        if a["Type"] == "RecordAudio" and rng.random() < BIG_VIOLATION_RATE / BIG_RECORD_SHARE:
            name, fn = rng.choice(MUTATORS)
            fn(rng, a["Parameters"])
            invalid[i] = name
    text = json.dumps({"SchemaVersion": "1.0", "Actions": actions}, separators=(",", ":")) + "\n"
    with open(os.path.join(d, "big.json"), "w", encoding="utf-8") as f:
        f.write(text)
    return {"files": 1, "actions": BIG_ACTIONS, "bytes": len(text.encode()),
            "invalid_actions": len(invalid), "invalid": invalid}


def break_some(rng, actions, rate=BIG_VIOLATION_RATE, share=BIG_RECORD_SHARE):
    """Injects one violation into about `rate` of the actions (as write_big does)."""
    invalid = {}
    for i, a in enumerate(actions):
        if a["Type"] == "RecordAudio" and rng.random() < rate / share:
            name, fn = rng.choice(MUTATORS)
            fn(rng, a["Parameters"])
            invalid[i] = name
    return invalid


def sma_values(text):
    """Values as sma counts them before parsing (src/parse.rs `prescan`): 1 + every `,`, `[`
    and `{` outside strings."""
    values, in_string, escaped = 1, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in ",[{":
            values += 1
    return values


def write_one(outdir, sub, name, actions, invalid):
    d = os.path.join(outdir, sub)
    os.makedirs(d, exist_ok=True)
    text = json.dumps({"SchemaVersion": "1.0", "Actions": actions}, separators=(",", ":")) + "\n"
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(text)
    return text, {"files": 1, "actions": len(actions), "bytes": len(text.encode()),
                  "values": sma_values(text), "invalid_actions": len(invalid), "invalid": invalid}


def write_resp6mb(outdir):
    rng = random.Random(f"{SEED}/resp6mb")
    actions = make_actions(rng, RESP6MB_ACTIONS, BIG_RECORD_SHARE)
    invalid = break_some(rng, actions)
    text, m = write_one(outdir, "resp6mb", "resp-6mb.json", actions, invalid)
    assert m["bytes"] <= LAMBDA_RESPONSE_LIMIT, m["bytes"]
    assert m["values"] <= SMA_MAX_VALUES, m["values"]
    return m


def write_cap(outdir):
    rng = random.Random(f"{SEED}/cap")
    # {"SchemaVersion":"1.0","Actions":[ ... ]} holds 1 (root) + `,` + `[` = 3 counted values
    # before the first action; every action after the first adds its separating comma.
    actions, values = [], 3
    while True:
        a = record_audio(rng) if rng.random() < BIG_RECORD_SHARE else other_action(rng)
        v = sma_values(json.dumps(a, separators=(",", ":"))) - 1 + (1 if actions else 0)
        if values + v > CAP_VALUES:
            break
        actions.append(a)
        values += v
    # violations may add or drop a value or two; drop trailing actions until it fits again
    invalid = break_some(rng, actions)
    while True:
        text, m = write_one(outdir, "cap", "cap.json", actions, invalid)
        if m["values"] <= CAP_VALUES:
            break
        actions.pop()
        invalid.pop(len(actions), None)
    m["invalid_actions"] = len(invalid)
    return m


def write_policy(outdir):
    d = os.path.join(outdir, "policy")
    os.makedirs(d, exist_ok=True)
    tail = [
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::sma-recordings", "arn:aws:s3:::sma-recordings/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "ChimeRecordings", "Effect": "Allow",
         "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
         "Action": ["s3:PutObject", "s3:PutObjectAcl"],
         "Resource": "arn:aws:s3:::sma-recordings/voicemail/*",
         "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}},
    ]

    def other(i):  # the shape of benches/policy.rs, on this bucket's own keys
        return {"Sid": f"App{i}", "Effect": "Deny" if i % 7 == 0 else "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{100_000_000_000 + i:012d}:role/app-{i}"},
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [f"arn:aws:s3:::sma-recordings/app-{i}/*", "arn:aws:s3:::sma-recordings"],
                "Condition": {"StringLike": {"aws:userid": f"AIDA*{i}*"}}}

    def text(n):
        return json.dumps({"Version": "2012-10-17", "Statement": [other(i) for i in range(n)] + tail},
                          separators=(",", ":"))

    n = 0
    while len(text(n + 1)) <= POLICY_BYTES:
        n += 1
    t = text(n)
    with open(os.path.join(d, "policy-20k.json"), "w", encoding="utf-8") as f:
        f.write(t)
    return {"files": 1, "statements": n + len(tail), "bytes": len(t)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--only", action="append",
                    choices=[f"n{n}" for n in SIZES] + ["big", "resp6mb", "cap", "policy"])
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    mpath = os.path.join(args.outdir, "manifest.json")
    manifest = json.load(open(mpath)) if os.path.exists(mpath) else {}
    for n in SIZES:
        if not args.only or f"n{n}" in args.only:
            manifest[f"n{n}"] = write_small(args.outdir, n)
    if not args.only or "big" in args.only:
        manifest["big"] = write_big(args.outdir)
    for name, write in [("resp6mb", write_resp6mb), ("cap", write_cap), ("policy", write_policy)]:
        if not args.only or name in args.only:
            manifest[name] = write(args.outdir)
    with open(mpath, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    for k, v in sorted(manifest.items()):
        bad = v.get("invalid_files", v.get("invalid_actions"))
        extra = "".join(f" {x}={v[x]}" for x in ("actions", "values", "statements") if x in v)
        print(f"{k}: files={v['files']} bytes={v['bytes']}{extra} injected={bad}")


if __name__ == "__main__":
    main()
