//! The data tables in `src/rules/data/` (Polly voices, SSML tags, partitions and regions) are
//! what `scripts/gen-speech-data` makes of the inputs saved in `scripts/data/`: this fails when
//! a table or an input was edited without regenerating (run `scripts/gen-speech-data`). The
//! script reads only the saved inputs, never the network. Skips, with a note, without python3.
use std::path::Path;
use std::process::Command;

#[test]
fn speech_data_tables_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = match Command::new("python3")
        .arg(root.join("scripts").join("gen-speech-data"))
        .arg("--check")
        .current_dir(root)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            println!("note: skipped, python3 is not available ({e})");
            return;
        }
    };
    assert!(
        out.status.success(),
        "scripts/gen-speech-data --check failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
