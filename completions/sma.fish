# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sma_global_optspecs
    string join \n h/help V/version
end

function __fish_sma_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sma_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sma_using_subcommand
    set -l cmd (__fish_sma_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sma -n "__fish_sma_needs_command" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_needs_command" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_needs_command" -f -a "lint" -d 'Lint handler responses, single actions and action lists'
complete -c sma -n "__fish_sma_needs_command" -f -a "check-bucket" -d 'Check that a bucket policy lets the Chime service principal store recordings'
complete -c sma -n "__fish_sma_needs_command" -f -a "simulate" -d 'Run scripted calls against your handler, as the SIP media application would'
complete -c sma -n "__fish_sma_needs_command" -f -a "event" -d 'Print an invocation event as the SMA sends it, for handlers\' unit tests'
complete -c sma -n "__fish_sma_needs_command" -f -a "server" -d 'Run a language server (LSP over stdio): sma\'s findings in your editor as you type'
complete -c sma -n "__fish_sma_needs_command" -f -a "types" -d 'Print types for handler code (TypeScript or Python), generated from sma\'s schemas'
complete -c sma -n "__fish_sma_needs_command" -f -a "schema" -d 'Print the JSON Schema bundle for editors (`$schema`, VS Code\'s `json.schemas`)'
complete -c sma -n "__fish_sma_needs_command" -f -a "rules" -d 'List every rule: code, name, severity, summary'
complete -c sma -n "__fish_sma_needs_command" -f -a "rule" -d 'Show a rule\'s documentation (what it does, why, example, fix)'
complete -c sma -n "__fish_sma_needs_command" -f -a "record-audio" -d 'Author RecordAudio actions that `sma lint` accepts'
complete -c sma -n "__fish_sma_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c sma -n "__fish_sma_needs_command" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c sma -n "__fish_sma_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sma -n "__fish_sma_using_subcommand lint" -l stdin-filename -d 'Name to report for input read from stdin' -r
complete -c sma -n "__fish_sma_using_subcommand lint" -s f -l format -d 'Output format [default: pretty]. FORMAT:FILE writes that format to FILE (atomically, no colour); repeat for several outputs from one run: `-f github -f sarif:results.sarif`' -r -f -a "pretty\t'Source snippets with labels and help (the default)'
concise\t'One line per finding: `path:line:col: severity[code] message`'
json\t'Versioned JSON report for tools (`{"version": 1, "files": [...], "summary": {...}}`)'
sarif\t'SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)'
github\t'GitHub Actions workflow commands (`::error file=...,line=...::message`): annotations'"
complete -c sma -n "__fish_sma_using_subcommand lint" -s o -l output-file -d 'Write the output to FILE (atomically, no colour) instead of stdout; with several --format, it takes the one given without :FILE' -r -F
complete -c sma -n "__fish_sma_using_subcommand lint" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it)'
always\t'Always colour'
never\t'Never colour'"
complete -c sma -n "__fish_sma_using_subcommand lint" -l max-warnings -d 'Exit with 1 when there are more than N warnings' -r
complete -c sma -n "__fish_sma_using_subcommand lint" -l rule -d 'Set a rule\'s severity, overriding sma.toml: CODE=off|warning|error (code or name); repeatable' -r
complete -c sma -n "__fish_sma_using_subcommand lint" -l config -d 'Read this config file instead of the nearest sma.toml from the working directory up' -r -F
complete -c sma -n "__fish_sma_using_subcommand lint" -l baseline -d 'Report only findings that are not in this baseline file (see --write-baseline)' -r -F
complete -c sma -n "__fish_sma_using_subcommand lint" -l write-baseline -d 'Record every current finding in FILE, keyed by file, rule and JSON Pointer (not by line), replacing it, and exit 0' -r -F
complete -c sma -n "__fish_sma_using_subcommand lint" -l docs-url -d 'Absolute URL of the published docs/rules.md; SARIF help URIs become URL#sma204. Overrides `docs-url` in sma.toml' -r
complete -c sma -n "__fish_sma_using_subcommand lint" -l event -d 'The invocation event the responses answer: each response\'s CallIds and ParticipantTags are checked against its Participants, and its actions against its event type. The event itself is linted too, and reported first' -r -F
complete -c sma -n "__fish_sma_using_subcommand lint" -s q -l quiet -d 'Report errors only; warnings are still counted by --max-warnings and --deny-warnings'
complete -c sma -n "__fish_sma_using_subcommand lint" -l deny-warnings -d 'Exit with 1 when there are warnings, not only errors'
complete -c sma -n "__fish_sma_using_subcommand lint" -l statistics -d 'After the findings, print how many there are of each rule'
complete -c sma -n "__fish_sma_using_subcommand lint" -l no-config -d 'Use no config file at all'
complete -c sma -n "__fish_sma_using_subcommand lint" -l only-sma -d 'Apply the walk\'s rule to named files too: a file that is not an SMA document (no `SchemaVersion`/`Actions`/... envelope, not an action) is skipped instead of reported as SMA010. For pre-commit hooks and CI, which pass every changed `*.json`'
complete -c sma -n "__fish_sma_using_subcommand lint" -s L -l follow -d 'Follow symlinked directories while walking (symlinked files are always linted); loops are detected and passed over'
complete -c sma -n "__fish_sma_using_subcommand lint" -s v -l verbose -d 'List what the walk passed over and why (files that are not SMA documents, directories not walked by default, symlinks not followed)'
complete -c sma -n "__fish_sma_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sma -n "__fish_sma_using_subcommand lint" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l bucket -d 'Bucket the recordings go to (RecordAudio `RecordingDestination.BucketName`); with a template, the bucket whose policy to check (its name or logical id)' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l from-actions -d 'Check every bucket the actions in these handler outputs use: RecordAudio and StartCallRecording destinations (write), S3 audio of PlayAudio, PlayAudioAndGetDigits and CallAndBridge\'s RingbackTone (read). Files, or directories searched for `*.json` SMA documents; `-` reads stdin' -r -F
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l policy-file -d 'Evaluate this saved bucket policy instead of reading the bucket from AWS: a file, `file://PATH` or `-` (stdin); the output of `aws s3api get-bucket-policy` is unwrapped. A CloudFormation / SAM / CDK template (JSON or YAML): each AWS::S3::BucketPolicy is checked against the bucket it attaches to' -r -F
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l prefix -d 'Key prefix of the recordings (RecordAudio `RecordingDestination.Prefix`); default: whole bucket' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l need -d 'What the SMA must do in the bucket: `write` recordings (s3:PutObject + s3:PutObjectAcl) or `read` audio (s3:GetObject) [default: write; with --from-actions, what each bucket\'s actions need]' -r -f -a "write\t'Upload recordings: s3:PutObject and s3:PutObjectAcl'
read\t'Read audio files: s3:GetObject'"
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l account -d 'The SMA\'s 12-digit AWS account id; decides `aws:SourceAccount` conditions' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l sma-arn -d 'The SMA\'s ARN, arn:<partition>:chime:<region>:<account>:sma/<id>; decides `aws:SourceArn` (and gives partition, region and account)' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -s f -l format -d 'Output format [default: pretty]: pretty (findings on the policy, notes, a line per action and the verdict), concise, json (the version-1 report), sarif, github. FORMAT:FILE writes that format to FILE; repeat for several outputs: `-f github -f sarif:bucket.sarif`' -r -f -a "pretty\t'Source snippets with labels and help (the default)'
concise\t'One line per finding: `path:line:col: severity[code] message`'
json\t'Versioned JSON report for tools (`{"version": 1, "files": [...], "summary": {...}}`)'
sarif\t'SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)'
github\t'GitHub Actions workflow commands (`::error file=...,line=...::message`): annotations'"
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l profile -d 'AWS profile to read the bucket with; it wins over environment credentials, as in the aws CLI (default: aws-config\'s chain: environment, then AWS_PROFILE or `default`, ...)' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l region -d 'Region of the S3 client (default: the profile\'s or AWS_REGION; the bucket\'s own region is followed)' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l endpoint-url -d 'S3 endpoint URL with http:// or https://, for S3-compatible services and tests (path-style addressing)' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l timeout -d 'Give up after this many seconds: the whole command, every bucket of --from-actions and credential resolution included' -r
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it)'
always\t'Always colour'
never\t'Never colour'"
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l no-assume-tls -d 'Do not assume the service calls S3 over TLS (`aws:SecureTransport` becomes unknown)'
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l allow-conditional -d 'Exit 0 also when the verdict is `conditional`'
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -l fix -d 'Print the policy with the minimal statement added that grants the upload (report on stderr)'
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -s v -l verbose -d 'Say which endpoint and credential source were used, which calls were made and how each ended, failed ones too (never secrets; the access key id only in part)'
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sma -n "__fish_sma_using_subcommand check-bucket" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand simulate" -l handler-cmd -d 'The handler: a shell command run once per invocation (`sh -c`), the event on stdin, the response on stdout' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -l handler -d 'The handler as a Lambda function, run by sma\'s runners (Node 20, Python 3.11): `node:FILE#EXPORT` or `python:MODULE.FUNC`' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -l function-name -d 'The handler is this Lambda function, invoked through the Lambda Invoke API (a deployed function, or `sam local start-lambda` with --endpoint-url)' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -l profile -d 'Use this profile of ~/.aws/config (wins over environment credentials, as in the aws CLI)' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -l region -d 'AWS region of the function' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -l endpoint-url -d 'Lambda endpoint, e.g. http://127.0.0.1:3001 for `sam local start-lambda`' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -s f -l format -d 'Output format: pretty (a line per invocation, then the expectations) or json (one version-1 transcript per scenario per line)' -r -f -a "pretty\t'A line per invocation, then each expectation'
json\t'One version-1 transcript per scenario per line'"
complete -c sma -n "__fish_sma_using_subcommand simulate" -l handler-timeout -d 'Seconds an invocation may take before it counts as failed (the SMA waits 20)' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -l seed -d 'Seed of the call\'s ids (TransactionId, CallIds...): the same seed, the same events' -r
complete -c sma -n "__fish_sma_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sma -n "__fish_sma_using_subcommand simulate" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand event" -l action -d 'For ACTION_* events: answer a sample action of this type (RecordAudio, PlayAudio...)' -r
complete -c sma -n "__fish_sma_using_subcommand event" -l from -d 'For ACTION_* events: answer this action (a file with an action, an action list or a response: its last action), so bucket, prefix and key agree with your handler\'s' -r -F
complete -c sma -n "__fish_sma_using_subcommand event" -l error-type -d 'For ACTION_FAILED: the ErrorType (one the action\'s page documents; default its first)' -r
complete -c sma -n "__fish_sma_using_subcommand event" -l digits -d 'The DTMF the caller presses (digit-collecting actions, DIGITS_RECEIVED)' -r
complete -c sma -n "__fish_sma_using_subcommand event" -l seed -d 'Seed of the ids (TransactionId, CallIds), as in `sma simulate`' -r
complete -c sma -n "__fish_sma_using_subcommand event" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_using_subcommand event" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand server" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_using_subcommand server" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand types" -l out -d 'Write them to FILE instead of stdout' -r -F
complete -c sma -n "__fish_sma_using_subcommand types" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sma -n "__fish_sma_using_subcommand types" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand schema" -l out -d 'Write the bundle (sma.schema.json) and one file per action\'s Parameters (actions/NAME.json) into DIR instead of printing the bundle' -r -F
complete -c sma -n "__fish_sma_using_subcommand schema" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_using_subcommand schema" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand rules" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_using_subcommand rules" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand rule" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_using_subcommand rule" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and not __fish_seen_subcommand_from generate event help" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and not __fish_seen_subcommand_from generate event help" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and not __fish_seen_subcommand_from generate event help" -f -a "generate" -d 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and not __fish_seen_subcommand_from generate event help" -f -a "event" -d 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler\'s unit tests'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and not __fish_seen_subcommand_from generate event help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l call-id -d 'Leg to record, by a `CallId` from the event\'s CallDetails.Participants [default: the leg that invoked the Lambda]' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l participant-tag -d 'Leg to record, by tag: LEG-A or LEG-B [default: the leg that invoked the Lambda]' -r -f -a "LEG-A\t'The first leg of the call (the caller on an inbound call)'
LEG-B\t'The second leg (the party bridged with CallAndBridge)'"
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l duration -d 'Longest recording in seconds, a number greater than 0 [default: no limit]' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l silence-duration -d 'Seconds of silence that end the recording, an integer from 1 to 1000 [default: silence detection off]' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l silence-threshold -d 'Noise level counted as silence, an integer from 1 to 1000 (1 quiet room ~30 dB, 100 whisper ~40-50 dB, 200 crowded office ~60 dB, 1000 loud person or music ~75 dB) [default: 200]' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l terminator -d 'DTMF key that stops the recording, one of 0 1 2 3 4 5 6 7 8 9 * #; repeatable [default: #]' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l terminators -d 'DTMF keys that stop the recording, as one string (e.g. \'#*\'); adds to --terminator [default: #]' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l bucket -d 'S3 bucket for the recording: a valid bucket name in the SMA\'s account (required)' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l prefix -d 'Key prefix for the recording: up to 979 S3-safe characters [default: none, the bucket root]' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -s o -l output -d 'Write to FILE atomically instead of stdout (`-` is stdout); refuses to replace an existing file' -r -F
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l append-to -d 'Append the action to the Actions of the existing response FILE, atomically, if it lints clean of errors' -r -F
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l compact -d 'Print the action on one line instead of pretty JSON'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l response -d 'Wrap the action in a handler response: {"SchemaVersion":"1.0","Actions":[...]}'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -l force -d 'Replace FILE if it exists (with --output)'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from event" -l call-id -d 'CallId of the recorded leg (LEG-A of the call); a stand-in UUID by default' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from event" -l key -d 'success: the S3 key of the recording; `recordings/<CALL-ID>.wav` by default' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from event" -l terminator-used -d 'success: the terminator that stopped the recording; leave it out for a recording that ended on duration or silence' -r -f -a "0\t''
1\t''
2\t''
3\t''
4\t''
5\t''
6\t''
7\t''
8\t''
9\t''
*\t''
#\t''"
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from event" -l error-type -d 'failed: the ErrorType; InvalidActionParameter by default' -r -f -a "AccessDenied\t''
ActionExecutionThrottled\t''
CallNotAnswered\t''
InvalidActionParameter\t''
InvalidAudioSource\t''
MissingRequiredActionParameter\t''
ResourceAccessDenied\t''
ResourceNotFound\t''
SystemException\t''"
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from event" -l error-message -d 'failed: the ErrorMessage; the documented RecordAudio message for the ErrorType by default' -r
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from event" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from event" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from help" -f -a "event" -d 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler\'s unit tests'
complete -c sma -n "__fish_sma_using_subcommand record-audio; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sma -n "__fish_sma_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sma -n "__fish_sma_using_subcommand completions" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand man" -s h -l help -d 'Print help'
complete -c sma -n "__fish_sma_using_subcommand man" -s V -l version -d 'Print version'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "lint" -d 'Lint handler responses, single actions and action lists'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "check-bucket" -d 'Check that a bucket policy lets the Chime service principal store recordings'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "simulate" -d 'Run scripted calls against your handler, as the SIP media application would'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "event" -d 'Print an invocation event as the SMA sends it, for handlers\' unit tests'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "server" -d 'Run a language server (LSP over stdio): sma\'s findings in your editor as you type'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "types" -d 'Print types for handler code (TypeScript or Python), generated from sma\'s schemas'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "schema" -d 'Print the JSON Schema bundle for editors (`$schema`, VS Code\'s `json.schemas`)'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "rules" -d 'List every rule: code, name, severity, summary'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "rule" -d 'Show a rule\'s documentation (what it does, why, example, fix)'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "record-audio" -d 'Author RecordAudio actions that `sma lint` accepts'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "man" -d 'Print the man page (roff) to stdout'
complete -c sma -n "__fish_sma_using_subcommand help; and not __fish_seen_subcommand_from lint check-bucket simulate event server types schema rules rule record-audio completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sma -n "__fish_sma_using_subcommand help; and __fish_seen_subcommand_from record-audio" -f -a "generate" -d 'Print a RecordAudio action built from flags, checked by the same rules as `sma lint`'
complete -c sma -n "__fish_sma_using_subcommand help; and __fish_seen_subcommand_from record-audio" -f -a "event" -d 'Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler\'s unit tests'
