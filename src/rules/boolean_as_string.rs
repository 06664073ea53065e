//! SMA213: VoiceFocus `Enable` given as a string ("True").
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when VoiceFocus `Enable` is a string such as `"True"` instead of a JSON boolean.
    ///
    /// ### Why is this bad?
    /// The parameter is a boolean (troubleshooting page: "Provide a valid boolean value"), but
    /// every doc example writes the non-JSON `True|False`, and code copying it sends the string
    /// `"True"` (corpus 047, amazon-chime-voicefocus-for-sma). Whether the service coerces the
    /// string is unverified, so this is a warning; any other string is an error (SMA104).
    ///
    /// ### Example
    /// `"Enable": "True"`
    /// Use instead: `"Enable": true`
    BooleanAsString,
    code = "SMA213",
    name = "boolean-as-string",
    severity = Warning,
    summary = "VoiceFocus `Enable` is a string, not a JSON boolean",
    fix = "use `true` or `false` without quotes",
);

impl Rule for BooleanAsString {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions().iter().filter(|a| a.is("VoiceFocus")) {
            let Some(s) = a.str_param("Enable") else {
                continue;
            };
            let b = s.to_ascii_lowercase();
            if b != "true" && b != "false" {
                continue;
            }
            let at = a.param_pointer("Enable");
            ctx.report(
                Finding::new(
                    format!("`Enable` is the string {s:?}, not a boolean"),
                    at.as_str(),
                    doc.span(&at),
                )
                .label("a string")
                .help(format!(
                    "write `\"Enable\": {b}` (a JSON boolean); the docs' `True|False` is not JSON"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn vf(v: &str) -> String {
        response(&format!(
            r#"{{"Type": "VoiceFocus", "Parameters": {{"CallId": "c-1", "Enable": {v}}}}}"#
        ))
    }

    #[test]
    fn test() {
        test_rule(
            &super::BooleanAsString,
            &[vf("true"), vf("false")],
            &[vf("\"True\""), vf("\"false\"")],
        );
    }
}
