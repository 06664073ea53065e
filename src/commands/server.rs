//! `sma server`: the language server on stdin / stdout (see `crate::server`). Exit code 0
//! after `shutdown` and `exit`, 1 when the session ended otherwise (the LSP specification).
use std::io::BufReader;

use super::{Io, Outcome, Result};

pub fn run(io: &mut Io<'_>) -> Result<Outcome> {
    let mut input = BufReader::new(&mut *io.stdin);
    let clean = crate::server::serve(&mut input, &mut *io.stdout)
        .map_err(|e| miette::miette!("language server: {e}"))?;
    Ok(if clean {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
