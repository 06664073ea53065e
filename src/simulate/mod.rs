//! `sma simulate`: plays the SIP media application against the team's handler through the
//! calls scenarios describe, and lints every response in the context of the event it
//! answers. Layout: [`scenario`] (the TOML), [`handler`] (running the handler), [`sma`] (the
//! call on a simulated clock), [`transcript`] (what happened, JSON and text).
pub mod handler;
pub mod scenario;
pub mod sma;
pub mod transcript;

pub use handler::{CannotStart, Handler, Reply};
pub use scenario::Scenario;
pub use transcript::Transcript;

/// Runs one scenario against `handler`; ids come from `seed`.
pub fn simulate(
    scenario: &Scenario,
    handler: &mut dyn Handler,
    seed: u64,
) -> Result<Transcript, CannotStart> {
    sma::Sma::new(scenario, handler, seed).run()
}
