
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sma' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sma'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sma' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint handler responses, single actions and action lists')
            [CompletionResult]::new('check-bucket', 'check-bucket', [CompletionResultType]::ParameterValue, 'Check that a bucket policy lets the Chime service principal store recordings')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run scripted calls against your handler, as the SIP media application would')
            [CompletionResult]::new('event', 'event', [CompletionResultType]::ParameterValue, 'Print an invocation event as the SMA sends it, for handlers'' unit tests')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Run a language server (LSP over stdio): sma''s findings in your editor as you type')
            [CompletionResult]::new('types', 'types', [CompletionResultType]::ParameterValue, 'Print types for handler code (TypeScript or Python), generated from sma''s schemas')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema bundle for editors (`$schema`, VS Code''s `json.schemas`)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, summary')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why, example, fix)')
            [CompletionResult]::new('record-audio', 'record-audio', [CompletionResultType]::ParameterValue, 'Author RecordAudio actions that `sma lint` accepts')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sma;lint' {
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'Name to report for input read from stdin')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: pretty]. FORMAT:FILE writes that format to FILE (atomically, no colour); repeat for several outputs from one run: `-f github -f sarif:results.sarif`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: pretty]. FORMAT:FILE writes that format to FILE (atomically, no colour); repeat for several outputs from one run: `-f github -f sarif:results.sarif`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE (atomically, no colour) instead of stdout; with several --format, it takes the one given without :FILE')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the output to FILE (atomically, no colour) instead of stdout; with several --format, it takes the one given without :FILE')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--max-warnings', '--max-warnings', [CompletionResultType]::ParameterName, 'Exit with 1 when there are more than N warnings')
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'Set a rule''s severity, overriding sma.toml: CODE=off|warning|error (code or name); repeatable')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest sma.toml from the working directory up')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Report only findings that are not in this baseline file (see --write-baseline)')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Record every current finding in FILE, keyed by file, rule and JSON Pointer (not by line), replacing it, and exit 0')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Absolute URL of the published docs/rules.md; SARIF help URIs become URL#sma204. Overrides `docs-url` in sma.toml')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'The invocation event the responses answer: each response''s CallIds and ParticipantTags are checked against its Participants, and its actions against its event type. The event itself is linted too, and reported first')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Report errors only; warnings are still counted by --max-warnings and --deny-warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Report errors only; warnings are still counted by --max-warnings and --deny-warnings')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit with 1 when there are warnings, not only errors')
            [CompletionResult]::new('--statistics', '--statistics', [CompletionResultType]::ParameterName, 'After the findings, print how many there are of each rule')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Use no config file at all')
            [CompletionResult]::new('--only-sma', '--only-sma', [CompletionResultType]::ParameterName, 'Apply the walk''s rule to named files too: a file that is not an SMA document (no `SchemaVersion`/`Actions`/... envelope, not an action) is skipped instead of reported as SMA010. For pre-commit hooks and CI, which pass every changed `*.json`')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow symlinked directories while walking (symlinked files are always linted); loops are detected and passed over')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symlinked directories while walking (symlinked files are always linted); loops are detected and passed over')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'List what the walk passed over and why (files that are not SMA documents, directories not walked by default, symlinks not followed)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'List what the walk passed over and why (files that are not SMA documents, directories not walked by default, symlinks not followed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;check-bucket' {
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Bucket the recordings go to (RecordAudio `RecordingDestination.BucketName`); with a template, the bucket whose policy to check (its name or logical id)')
            [CompletionResult]::new('--from-actions', '--from-actions', [CompletionResultType]::ParameterName, 'Check every bucket the actions in these handler outputs use: RecordAudio and StartCallRecording destinations (write), S3 audio of PlayAudio, PlayAudioAndGetDigits and CallAndBridge''s RingbackTone (read). Files, or directories searched for `*.json` SMA documents; `-` reads stdin')
            [CompletionResult]::new('--policy-file', '--policy-file', [CompletionResultType]::ParameterName, 'Evaluate this saved bucket policy instead of reading the bucket from AWS: a file, `file://PATH` or `-` (stdin); the output of `aws s3api get-bucket-policy` is unwrapped. A CloudFormation / SAM / CDK template (JSON or YAML): each AWS::S3::BucketPolicy is checked against the bucket it attaches to')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix of the recordings (RecordAudio `RecordingDestination.Prefix`); default: whole bucket')
            [CompletionResult]::new('--need', '--need', [CompletionResultType]::ParameterName, 'What the SMA must do in the bucket: `write` recordings (s3:PutObject + s3:PutObjectAcl) or `read` audio (s3:GetObject) [default: write; with --from-actions, what each bucket''s actions need]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The SMA''s 12-digit AWS account id; decides `aws:SourceAccount` conditions')
            [CompletionResult]::new('--sma-arn', '--sma-arn', [CompletionResultType]::ParameterName, 'The SMA''s ARN, arn:<partition>:chime:<region>:<account>:sma/<id>; decides `aws:SourceArn` (and gives partition, region and account)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: pretty]: pretty (findings on the policy, notes, a line per action and the verdict), concise, json (the version-1 report), sarif, github. FORMAT:FILE writes that format to FILE; repeat for several outputs: `-f github -f sarif:bucket.sarif`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: pretty]: pretty (findings on the policy, notes, a line per action and the verdict), concise, json (the version-1 report), sarif, github. FORMAT:FILE writes that format to FILE; repeat for several outputs: `-f github -f sarif:bucket.sarif`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to read the bucket with; it wins over environment credentials, as in the aws CLI (default: aws-config''s chain: environment, then AWS_PROFILE or `default`, ...)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the S3 client (default: the profile''s or AWS_REGION; the bucket''s own region is followed)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'S3 endpoint URL with http:// or https://, for S3-compatible services and tests (path-style addressing)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this many seconds: the whole command, every bucket of --from-actions and credential resolution included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-assume-tls', '--no-assume-tls', [CompletionResultType]::ParameterName, 'Do not assume the service calls S3 over TLS (`aws:SecureTransport` becomes unknown)')
            [CompletionResult]::new('--allow-conditional', '--allow-conditional', [CompletionResultType]::ParameterName, 'Exit 0 also when the verdict is `conditional`')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Print the policy with the minimal statement added that grants the upload (report on stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say which endpoint and credential source were used, which calls were made and how each ended, failed ones too (never secrets; the access key id only in part)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say which endpoint and credential source were used, which calls were made and how each ended, failed ones too (never secrets; the access key id only in part)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;simulate' {
            [CompletionResult]::new('--handler-cmd', '--handler-cmd', [CompletionResultType]::ParameterName, 'The handler: a shell command run once per invocation (`sh -c`), the event on stdin, the response on stdout')
            [CompletionResult]::new('--handler', '--handler', [CompletionResultType]::ParameterName, 'The handler as a Lambda function, run by sma''s runners (Node 20, Python 3.11): `node:FILE#EXPORT` or `python:MODULE.FUNC`')
            [CompletionResult]::new('--function-name', '--function-name', [CompletionResultType]::ParameterName, 'The handler is this Lambda function, invoked through the Lambda Invoke API (a deployed function, or `sam local start-lambda` with --endpoint-url)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of ~/.aws/config (wins over environment credentials, as in the aws CLI)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region of the function')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Lambda endpoint, e.g. http://127.0.0.1:3001 for `sam local start-lambda`')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format: pretty (a line per invocation, then the expectations) or json (one version-1 transcript per scenario per line)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: pretty (a line per invocation, then the expectations) or json (one version-1 transcript per scenario per line)')
            [CompletionResult]::new('--handler-timeout', '--handler-timeout', [CompletionResultType]::ParameterName, 'Seconds an invocation may take before it counts as failed (the SMA waits 20)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the call''s ids (TransactionId, CallIds...): the same seed, the same events')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;event' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'For ACTION_* events: answer a sample action of this type (RecordAudio, PlayAudio...)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'For ACTION_* events: answer this action (a file with an action, an action list or a response: its last action), so bucket, prefix and key agree with your handler''s')
            [CompletionResult]::new('--error-type', '--error-type', [CompletionResultType]::ParameterName, 'For ACTION_FAILED: the ErrorType (one the action''s page documents; default its first)')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'The DTMF the caller presses (digit-collecting actions, DIGITS_RECEIVED)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the ids (TransactionId, CallIds), as in `sma simulate`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;server' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;types' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write them to FILE instead of stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;schema' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the bundle (sma.schema.json) and one file per action''s Parameters (actions/NAME.json) into DIR instead of printing the bundle')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;rules' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;rule' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;record-audio' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`')
            [CompletionResult]::new('event', 'event', [CompletionResultType]::ParameterValue, 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler''s unit tests')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sma;record-audio;generate' {
            [CompletionResult]::new('--call-id', '--call-id', [CompletionResultType]::ParameterName, 'Leg to record, by a `CallId` from the event''s CallDetails.Participants [default: the leg that invoked the Lambda]')
            [CompletionResult]::new('--participant-tag', '--participant-tag', [CompletionResultType]::ParameterName, 'Leg to record, by tag: LEG-A or LEG-B [default: the leg that invoked the Lambda]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Longest recording in seconds, a number greater than 0 [default: no limit]')
            [CompletionResult]::new('--silence-duration', '--silence-duration', [CompletionResultType]::ParameterName, 'Seconds of silence that end the recording, an integer from 1 to 1000 [default: silence detection off]')
            [CompletionResult]::new('--silence-threshold', '--silence-threshold', [CompletionResultType]::ParameterName, 'Noise level counted as silence, an integer from 1 to 1000 (1 quiet room ~30 dB, 100 whisper ~40-50 dB, 200 crowded office ~60 dB, 1000 loud person or music ~75 dB) [default: 200]')
            [CompletionResult]::new('--terminator', '--terminator', [CompletionResultType]::ParameterName, 'DTMF key that stops the recording, one of 0 1 2 3 4 5 6 7 8 9 * #; repeatable [default: #]')
            [CompletionResult]::new('--terminators', '--terminators', [CompletionResultType]::ParameterName, 'DTMF keys that stop the recording, as one string (e.g. ''#*''); adds to --terminator [default: #]')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'S3 bucket for the recording: a valid bucket name in the SMA''s account (required)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix for the recording: up to 979 S3-safe characters [default: none, the bucket root]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE atomically instead of stdout (`-` is stdout); refuses to replace an existing file')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE atomically instead of stdout (`-` is stdout); refuses to replace an existing file')
            [CompletionResult]::new('--append-to', '--append-to', [CompletionResultType]::ParameterName, 'Append the action to the Actions of the existing response FILE, atomically, if it lints clean of errors')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Print the action on one line instead of pretty JSON')
            [CompletionResult]::new('--response', '--response', [CompletionResultType]::ParameterName, 'Wrap the action in a handler response: {"SchemaVersion":"1.0","Actions":[...]}')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace FILE if it exists (with --output)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;record-audio;event' {
            [CompletionResult]::new('--call-id', '--call-id', [CompletionResultType]::ParameterName, 'CallId of the recorded leg (LEG-A of the call); a stand-in UUID by default')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'success: the S3 key of the recording; `recordings/<CALL-ID>.wav` by default')
            [CompletionResult]::new('--terminator-used', '--terminator-used', [CompletionResultType]::ParameterName, 'success: the terminator that stopped the recording; leave it out for a recording that ended on duration or silence')
            [CompletionResult]::new('--error-type', '--error-type', [CompletionResultType]::ParameterName, 'failed: the ErrorType; InvalidActionParameter by default')
            [CompletionResult]::new('--error-message', '--error-message', [CompletionResultType]::ParameterName, 'failed: the ErrorMessage; the documented RecordAudio message for the ErrorType by default')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;record-audio;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`')
            [CompletionResult]::new('event', 'event', [CompletionResultType]::ParameterValue, 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler''s unit tests')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sma;record-audio;help;generate' {
            break
        }
        'sma;record-audio;help;event' {
            break
        }
        'sma;record-audio;help;help' {
            break
        }
        'sma;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;man' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sma;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint handler responses, single actions and action lists')
            [CompletionResult]::new('check-bucket', 'check-bucket', [CompletionResultType]::ParameterValue, 'Check that a bucket policy lets the Chime service principal store recordings')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run scripted calls against your handler, as the SIP media application would')
            [CompletionResult]::new('event', 'event', [CompletionResultType]::ParameterValue, 'Print an invocation event as the SMA sends it, for handlers'' unit tests')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Run a language server (LSP over stdio): sma''s findings in your editor as you type')
            [CompletionResult]::new('types', 'types', [CompletionResultType]::ParameterValue, 'Print types for handler code (TypeScript or Python), generated from sma''s schemas')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema bundle for editors (`$schema`, VS Code''s `json.schemas`)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, summary')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why, example, fix)')
            [CompletionResult]::new('record-audio', 'record-audio', [CompletionResultType]::ParameterValue, 'Author RecordAudio actions that `sma lint` accepts')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sma;help;lint' {
            break
        }
        'sma;help;check-bucket' {
            break
        }
        'sma;help;simulate' {
            break
        }
        'sma;help;event' {
            break
        }
        'sma;help;server' {
            break
        }
        'sma;help;types' {
            break
        }
        'sma;help;schema' {
            break
        }
        'sma;help;rules' {
            break
        }
        'sma;help;rule' {
            break
        }
        'sma;help;record-audio' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`')
            [CompletionResult]::new('event', 'event', [CompletionResultType]::ParameterValue, 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler''s unit tests')
            break
        }
        'sma;help;record-audio;generate' {
            break
        }
        'sma;help;record-audio;event' {
            break
        }
        'sma;help;completions' {
            break
        }
        'sma;help;man' {
            break
        }
        'sma;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
