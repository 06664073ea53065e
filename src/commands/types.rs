//! `sma types typescript|python`: types for handler code, from `crate::typegen`.
use std::path::Path;

use super::{Io, Outcome, Result};
use crate::cli::TypesLanguage;
use crate::typegen;
use crate::util::atomic::{self, Existing};

/// The generated text for a language.
pub fn text(language: TypesLanguage) -> String {
    match language {
        TypesLanguage::Typescript => typegen::typescript(),
        TypesLanguage::Python => typegen::python(),
    }
}

pub fn run(language: TypesLanguage, out: Option<&Path>, io: &mut Io<'_>) -> Result<Outcome> {
    let t = text(language);
    match out {
        None => io.print(t.as_bytes())?,
        Some(path) => atomic::write(path, t.as_bytes(), Existing::Replace)
            .map_err(|e| miette::miette!("could not write `{}`: {e}", path.display()))?,
    }
    Ok(Outcome::Clean)
}
