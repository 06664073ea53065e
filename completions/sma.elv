
use builtin;
use str;

set edit:completion:arg-completer[sma] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sma'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sma'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Lint handler responses, single actions and action lists'
            cand check-bucket 'Check that a bucket policy lets the Chime service principal store recordings'
            cand simulate 'Run scripted calls against your handler, as the SIP media application would'
            cand event 'Print an invocation event as the SMA sends it, for handlers'' unit tests'
            cand server 'Run a language server (LSP over stdio): sma''s findings in your editor as you type'
            cand types 'Print types for handler code (TypeScript or Python), generated from sma''s schemas'
            cand schema 'Print the JSON Schema bundle for editors (`$schema`, VS Code''s `json.schemas`)'
            cand rules 'List every rule: code, name, severity, summary'
            cand rule 'Show a rule''s documentation (what it does, why, example, fix)'
            cand record-audio 'Author RecordAudio actions that `sma lint` accepts'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sma;lint'= {
            cand --stdin-filename 'Name to report for input read from stdin'
            cand -f 'Output format [default: pretty]. FORMAT:FILE writes that format to FILE (atomically, no colour); repeat for several outputs from one run: `-f github -f sarif:results.sarif`'
            cand --format 'Output format [default: pretty]. FORMAT:FILE writes that format to FILE (atomically, no colour); repeat for several outputs from one run: `-f github -f sarif:results.sarif`'
            cand -o 'Write the output to FILE (atomically, no colour) instead of stdout; with several --format, it takes the one given without :FILE'
            cand --output-file 'Write the output to FILE (atomically, no colour) instead of stdout; with several --format, it takes the one given without :FILE'
            cand --color 'When to use colour'
            cand --max-warnings 'Exit with 1 when there are more than N warnings'
            cand --rule 'Set a rule''s severity, overriding sma.toml: CODE=off|warning|error (code or name); repeatable'
            cand --config 'Read this config file instead of the nearest sma.toml from the working directory up'
            cand --baseline 'Report only findings that are not in this baseline file (see --write-baseline)'
            cand --write-baseline 'Record every current finding in FILE, keyed by file, rule and JSON Pointer (not by line), replacing it, and exit 0'
            cand --docs-url 'Absolute URL of the published docs/rules.md; SARIF help URIs become URL#sma204. Overrides `docs-url` in sma.toml'
            cand --event 'The invocation event the responses answer: each response''s CallIds and ParticipantTags are checked against its Participants, and its actions against its event type. The event itself is linted too, and reported first'
            cand -q 'Report errors only; warnings are still counted by --max-warnings and --deny-warnings'
            cand --quiet 'Report errors only; warnings are still counted by --max-warnings and --deny-warnings'
            cand --deny-warnings 'Exit with 1 when there are warnings, not only errors'
            cand --statistics 'After the findings, print how many there are of each rule'
            cand --no-config 'Use no config file at all'
            cand --only-sma 'Apply the walk''s rule to named files too: a file that is not an SMA document (no `SchemaVersion`/`Actions`/... envelope, not an action) is skipped instead of reported as SMA010. For pre-commit hooks and CI, which pass every changed `*.json`'
            cand -L 'Follow symlinked directories while walking (symlinked files are always linted); loops are detected and passed over'
            cand --follow 'Follow symlinked directories while walking (symlinked files are always linted); loops are detected and passed over'
            cand -v 'List what the walk passed over and why (files that are not SMA documents, directories not walked by default, symlinks not followed)'
            cand --verbose 'List what the walk passed over and why (files that are not SMA documents, directories not walked by default, symlinks not followed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;check-bucket'= {
            cand --bucket 'Bucket the recordings go to (RecordAudio `RecordingDestination.BucketName`); with a template, the bucket whose policy to check (its name or logical id)'
            cand --from-actions 'Check every bucket the actions in these handler outputs use: RecordAudio and StartCallRecording destinations (write), S3 audio of PlayAudio, PlayAudioAndGetDigits and CallAndBridge''s RingbackTone (read). Files, or directories searched for `*.json` SMA documents; `-` reads stdin'
            cand --policy-file 'Evaluate this saved bucket policy instead of reading the bucket from AWS: a file, `file://PATH` or `-` (stdin); the output of `aws s3api get-bucket-policy` is unwrapped. A CloudFormation / SAM / CDK template (JSON or YAML): each AWS::S3::BucketPolicy is checked against the bucket it attaches to'
            cand --prefix 'Key prefix of the recordings (RecordAudio `RecordingDestination.Prefix`); default: whole bucket'
            cand --need 'What the SMA must do in the bucket: `write` recordings (s3:PutObject + s3:PutObjectAcl) or `read` audio (s3:GetObject) [default: write; with --from-actions, what each bucket''s actions need]'
            cand --account 'The SMA''s 12-digit AWS account id; decides `aws:SourceAccount` conditions'
            cand --sma-arn 'The SMA''s ARN, arn:<partition>:chime:<region>:<account>:sma/<id>; decides `aws:SourceArn` (and gives partition, region and account)'
            cand -f 'Output format [default: pretty]: pretty (findings on the policy, notes, a line per action and the verdict), concise, json (the version-1 report), sarif, github. FORMAT:FILE writes that format to FILE; repeat for several outputs: `-f github -f sarif:bucket.sarif`'
            cand --format 'Output format [default: pretty]: pretty (findings on the policy, notes, a line per action and the verdict), concise, json (the version-1 report), sarif, github. FORMAT:FILE writes that format to FILE; repeat for several outputs: `-f github -f sarif:bucket.sarif`'
            cand --profile 'AWS profile to read the bucket with; it wins over environment credentials, as in the aws CLI (default: aws-config''s chain: environment, then AWS_PROFILE or `default`, ...)'
            cand --region 'Region of the S3 client (default: the profile''s or AWS_REGION; the bucket''s own region is followed)'
            cand --endpoint-url 'S3 endpoint URL with http:// or https://, for S3-compatible services and tests (path-style addressing)'
            cand --timeout 'Give up after this many seconds: the whole command, every bucket of --from-actions and credential resolution included'
            cand --color 'When to use colour'
            cand --no-assume-tls 'Do not assume the service calls S3 over TLS (`aws:SecureTransport` becomes unknown)'
            cand --allow-conditional 'Exit 0 also when the verdict is `conditional`'
            cand --fix 'Print the policy with the minimal statement added that grants the upload (report on stderr)'
            cand -v 'Say which endpoint and credential source were used, which calls were made and how each ended, failed ones too (never secrets; the access key id only in part)'
            cand --verbose 'Say which endpoint and credential source were used, which calls were made and how each ended, failed ones too (never secrets; the access key id only in part)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;simulate'= {
            cand --handler-cmd 'The handler: a shell command run once per invocation (`sh -c`), the event on stdin, the response on stdout'
            cand --handler 'The handler as a Lambda function, run by sma''s runners (Node 20, Python 3.11): `node:FILE#EXPORT` or `python:MODULE.FUNC`'
            cand --function-name 'The handler is this Lambda function, invoked through the Lambda Invoke API (a deployed function, or `sam local start-lambda` with --endpoint-url)'
            cand --profile 'Use this profile of ~/.aws/config (wins over environment credentials, as in the aws CLI)'
            cand --region 'AWS region of the function'
            cand --endpoint-url 'Lambda endpoint, e.g. http://127.0.0.1:3001 for `sam local start-lambda`'
            cand -f 'Output format: pretty (a line per invocation, then the expectations) or json (one version-1 transcript per scenario per line)'
            cand --format 'Output format: pretty (a line per invocation, then the expectations) or json (one version-1 transcript per scenario per line)'
            cand --handler-timeout 'Seconds an invocation may take before it counts as failed (the SMA waits 20)'
            cand --seed 'Seed of the call''s ids (TransactionId, CallIds...): the same seed, the same events'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;event'= {
            cand --action 'For ACTION_* events: answer a sample action of this type (RecordAudio, PlayAudio...)'
            cand --from 'For ACTION_* events: answer this action (a file with an action, an action list or a response: its last action), so bucket, prefix and key agree with your handler''s'
            cand --error-type 'For ACTION_FAILED: the ErrorType (one the action''s page documents; default its first)'
            cand --digits 'The DTMF the caller presses (digit-collecting actions, DIGITS_RECEIVED)'
            cand --seed 'Seed of the ids (TransactionId, CallIds), as in `sma simulate`'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;server'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;types'= {
            cand --out 'Write them to FILE instead of stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;schema'= {
            cand --out 'Write the bundle (sma.schema.json) and one file per action''s Parameters (actions/NAME.json) into DIR instead of printing the bundle'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;rules'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;rule'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;record-audio'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`'
            cand event 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler''s unit tests'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sma;record-audio;generate'= {
            cand --call-id 'Leg to record, by a `CallId` from the event''s CallDetails.Participants [default: the leg that invoked the Lambda]'
            cand --participant-tag 'Leg to record, by tag: LEG-A or LEG-B [default: the leg that invoked the Lambda]'
            cand --duration 'Longest recording in seconds, a number greater than 0 [default: no limit]'
            cand --silence-duration 'Seconds of silence that end the recording, an integer from 1 to 1000 [default: silence detection off]'
            cand --silence-threshold 'Noise level counted as silence, an integer from 1 to 1000 (1 quiet room ~30 dB, 100 whisper ~40-50 dB, 200 crowded office ~60 dB, 1000 loud person or music ~75 dB) [default: 200]'
            cand --terminator 'DTMF key that stops the recording, one of 0 1 2 3 4 5 6 7 8 9 * #; repeatable [default: #]'
            cand --terminators 'DTMF keys that stop the recording, as one string (e.g. ''#*''); adds to --terminator [default: #]'
            cand --bucket 'S3 bucket for the recording: a valid bucket name in the SMA''s account (required)'
            cand --prefix 'Key prefix for the recording: up to 979 S3-safe characters [default: none, the bucket root]'
            cand -o 'Write to FILE atomically instead of stdout (`-` is stdout); refuses to replace an existing file'
            cand --output 'Write to FILE atomically instead of stdout (`-` is stdout); refuses to replace an existing file'
            cand --append-to 'Append the action to the Actions of the existing response FILE, atomically, if it lints clean of errors'
            cand --compact 'Print the action on one line instead of pretty JSON'
            cand --response 'Wrap the action in a handler response: {"SchemaVersion":"1.0","Actions":[...]}'
            cand --force 'Replace FILE if it exists (with --output)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;record-audio;event'= {
            cand --call-id 'CallId of the recorded leg (LEG-A of the call); a stand-in UUID by default'
            cand --key 'success: the S3 key of the recording; `recordings/<CALL-ID>.wav` by default'
            cand --terminator-used 'success: the terminator that stopped the recording; leave it out for a recording that ended on duration or silence'
            cand --error-type 'failed: the ErrorType; InvalidActionParameter by default'
            cand --error-message 'failed: the ErrorMessage; the documented RecordAudio message for the ErrorType by default'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;record-audio;help'= {
            cand generate 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`'
            cand event 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler''s unit tests'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sma;record-audio;help;generate'= {
        }
        &'sma;record-audio;help;event'= {
        }
        &'sma;record-audio;help;help'= {
        }
        &'sma;completions'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;man'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sma;help'= {
            cand lint 'Lint handler responses, single actions and action lists'
            cand check-bucket 'Check that a bucket policy lets the Chime service principal store recordings'
            cand simulate 'Run scripted calls against your handler, as the SIP media application would'
            cand event 'Print an invocation event as the SMA sends it, for handlers'' unit tests'
            cand server 'Run a language server (LSP over stdio): sma''s findings in your editor as you type'
            cand types 'Print types for handler code (TypeScript or Python), generated from sma''s schemas'
            cand schema 'Print the JSON Schema bundle for editors (`$schema`, VS Code''s `json.schemas`)'
            cand rules 'List every rule: code, name, severity, summary'
            cand rule 'Show a rule''s documentation (what it does, why, example, fix)'
            cand record-audio 'Author RecordAudio actions that `sma lint` accepts'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sma;help;lint'= {
        }
        &'sma;help;check-bucket'= {
        }
        &'sma;help;simulate'= {
        }
        &'sma;help;event'= {
        }
        &'sma;help;server'= {
        }
        &'sma;help;types'= {
        }
        &'sma;help;schema'= {
        }
        &'sma;help;rules'= {
        }
        &'sma;help;rule'= {
        }
        &'sma;help;record-audio'= {
            cand generate 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`'
            cand event 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler''s unit tests'
        }
        &'sma;help;record-audio;generate'= {
        }
        &'sma;help;record-audio;event'= {
        }
        &'sma;help;completions'= {
        }
        &'sma;help;man'= {
        }
        &'sma;help;help'= {
        }
    ]
    $completions[$command]
}
