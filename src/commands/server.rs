//! `sma server`: the language server on stdin / stdout (see `crate::server`).
use std::io::BufReader;

use super::{Io, Outcome, Result};

pub fn run(io: &mut Io<'_>) -> Result<Outcome> {
    let mut input = BufReader::new(&mut *io.stdin);
    crate::server::serve(&mut input, &mut *io.stdout)
        .map_err(|e| miette::miette!("language server: {e}"))?;
    Ok(Outcome::Clean)
}
