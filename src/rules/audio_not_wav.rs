//! SMA223: an S3 audio source whose key names a file that is not a WAV file.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when the `Key` of an audio source the SMA plays (PlayAudio's and
    /// PlayAudioAndGetDigits' `AudioSource` and `FailureAudioSource`, CallAndBridge's
    /// `RingbackTone`) ends in a file extension other than `.wav` (`prompt.mp3`,
    /// `greeting.ogg`). Keys without an extension are not reported: the object may well be a
    /// WAV file.
    ///
    /// ### Why is this bad?
    /// The PlayAudio page: the SMA plays "WAV files" of uncompressed PCM (8 kHz mono
    /// recommended), at most 50 MB. An MP3 or other format fails with "Error occurred while
    /// reading the audio file" or plays as noise. It is a warning because the extension does not
    /// decide the content; `sma check-bucket` can check the object's `Content-Type` live.
    ///
    /// ### Example
    /// `"AudioSource": {"Type": "S3", "BucketName": "my-prompts", "Key": "welcome.mp3"}`
    /// Use instead: convert the prompt (`ffmpeg -i welcome.mp3 -ar 8000 -ac 1 -acodec pcm_s16le welcome.wav`)
    /// and play `welcome.wav`.
    AudioNotWav,
    code = "SMA223",
    name = "audio-not-wav",
    severity = Warning,
    summary = "an audio source `Key` with an extension other than `.wav`",
    fix = "convert the audio to uncompressed PCM WAV and play the `.wav` key",
);

/// The extension of the key's last path segment, if it has one that looks like a file type.
pub fn extension(key: &str) -> Option<&str> {
    let name = key.rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()
        && (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then_some(ext)
}

impl Rule for AudioNotWav {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for u in ctx.bucket_uses() {
            let Some(key_at) = &u.key_at else { continue };
            let Some(ext) = extension(&u.key) else {
                continue;
            };
            if ext.eq_ignore_ascii_case("wav") || ext.eq_ignore_ascii_case("wave") {
                continue;
            }
            let start = u.key.len() - ext.len() - 1;
            ctx.report(
                Finding::new(
                    format!("{}'s `{}` plays `{}`, which is not a WAV file", u.action, u.param, u.key),
                    key_at.as_str(),
                    doc.substring_span(key_at, start..u.key.len()),
                )
                .label(format!("`.{ext}`, not `.wav`"))
                .detail("the SMA plays WAV files (uncompressed PCM)")
                .help("the SMA plays only WAV files of uncompressed PCM, 8 kHz mono recommended, at most 50 MB; convert it (e.g. `ffmpeg -i in.mp3 -ar 8000 -ac 1 -acodec pcm_s16le out.wav`)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::extension;
    use crate::rules::test::{response, test_rule};

    fn play(key: &str) -> String {
        response(&format!(
            r#"{{"Type": "PlayAudio", "Parameters": {{"CallId": "c-1", "AudioSource": {{"Type": "S3", "BucketName": "my-prompts", "Key": "{key}"}}}}}}"#
        ))
    }

    #[test]
    fn test() {
        let pass = [
            "welcome.wav",
            "prompts/Welcome.WAV",
            "prompts/welcome",
            "v1.2/welcome",
            "a.wave",
        ]
        .map(play);
        let mut fail = ["welcome.mp3", "prompts/\\u00e9t\\u00e9.ogg"]
            .map(play)
            .to_vec();
        fail.push(response(
            r#"{"Type": "CallAndBridge", "Parameters": {"CallTimeoutSeconds": 30, "CallerIdNumber": "+15555550100", "Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": "+15555550101"}], "RingbackTone": {"Type": "S3", "BucketName": "my-prompts", "Key": "ring.m4a"}}}"#,
        ));
        test_rule(&super::AudioNotWav, &pass, &fail);
    }

    #[test]
    fn extensions() {
        assert_eq!(extension("a/b.mp3"), Some("mp3"));
        assert_eq!(extension("a.b/c"), None);
        assert_eq!(extension(".hidden"), None);
        assert_eq!(extension("x.verylongext"), None);
    }
}
