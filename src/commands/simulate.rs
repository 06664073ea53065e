//! `sma simulate`: reads every scenario first (a bad one is exit 2 before any call), then
//! runs each against the handler and prints its transcript; exit 1 when an expectation fails.
use std::time::Duration;

use super::{Io, Outcome, Result};
use crate::cli::{SimulateArgs, SimulateFormat};
use crate::emit::{escape_text, write_json};
use crate::simulate::handler::{Handler, Shell, function_command};
use crate::simulate::{Scenario, simulate};
use crate::source::{MAX_CONFIG, read_capped_file};

pub fn run(args: &SimulateArgs, io: &mut Io<'_>) -> Result<Outcome> {
    let mut scenarios = Vec::new();
    for path in &args.scenarios {
        let name = path.display().to_string();
        let bytes = read_capped_file(path, MAX_CONFIG).map_err(|e| {
            miette::miette!("could not read scenario `{}`: {e}", escape_text(&name))
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| miette::miette!("scenario `{}` is not UTF-8 text", escape_text(&name)))?;
        let scenario = Scenario::parse(&text).map_err(|e| {
            miette::miette!("scenario `{}`: {}", escape_text(&name), escape_text(&e))
        })?;
        scenarios.push((name, scenario));
    }
    let mut handler = handler(args)?;
    let mut all_passed = true;
    for (path, scenario) in &scenarios {
        let transcript = simulate(scenario, handler.as_mut(), args.seed)
            .map_err(|e| miette::miette!("the handler cannot start: {}", escape_text(&e.0)))?;
        all_passed &= transcript.passed();
        match args.format {
            SimulateFormat::Json => {
                let mut out = Vec::new();
                // writing to memory cannot fail
                let _ = write_json(
                    &mut out,
                    &transcript.to_json(path, scenario.name.as_deref()),
                    false,
                );
                out.push(b'\n');
                io.print(&out)?;
            }
            SimulateFormat::Pretty => {
                io.print(
                    transcript
                        .to_text(path, scenario.name.as_deref())
                        .as_bytes(),
                )?;
            }
        }
    }
    Ok(if all_passed {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// The handler the flags name: a command, a function through sma's runners, or a Lambda
/// function.
fn handler(args: &SimulateArgs) -> Result<Box<dyn Handler>> {
    let timeout = Duration::from_secs_f64(args.handler_timeout);
    if let Some(name) = &args.function_name {
        return lambda(name, args, timeout);
    }
    let command = match (&args.handler_cmd, &args.handler) {
        (Some(cmd), _) if cmd.trim().is_empty() => {
            miette::bail!("--handler-cmd is empty: give the command that runs your handler")
        }
        (Some(cmd), _) => cmd.clone(),
        (None, Some(spec)) => {
            function_command(spec).map_err(|e| miette::miette!("--handler {}", escape_text(&e)))?
        }
        (None, None) => miette::bail!(
            "give the handler: --handler-cmd CMD, --handler node:FILE#EXPORT / python:MODULE.FUNC, or --function-name NAME"
        ),
    };
    Ok(Box::new(Shell { command, timeout }))
}

#[cfg(feature = "live")]
fn lambda(name: &str, args: &SimulateArgs, timeout: Duration) -> Result<Box<dyn Handler>> {
    let conn = crate::aws::s3::Connection {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        timeout,
        deadline: None,
        expected_owner: None,
        object_key: None,
    };
    let function = crate::aws::lambda::Function::connect(name, &conn).map_err(|e| {
        miette::miette!(
            "--function-name {}: {}",
            escape_text(name),
            escape_text(&e.0)
        )
    })?;
    Ok(Box::new(function))
}

#[cfg(not(feature = "live"))]
fn lambda(_: &str, _: &SimulateArgs, _: Duration) -> Result<Box<dyn Handler>> {
    miette::bail!("--function-name needs the `live` feature; this sma was built without it")
}
