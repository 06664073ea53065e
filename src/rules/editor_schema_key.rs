//! SMA221: a handler response that carries an editor's `"$schema"` key.
use crate::diagnostic::Finding;
use crate::model::{Document, Kind};
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when a handler response has a top-level `"$schema"` key.
    ///
    /// ### Why is this bad?
    /// `"$schema"` points an editor at `sma schema`'s bundle, so a fixture gets completion and
    /// squiggles; sma accepts it there. The SMA knows no such key: a live handler must not
    /// send it. Keep it in fixtures, never in what the Lambda returns.
    ///
    /// ### Example
    /// `{"$schema": "https://raw.githubusercontent.com/sma-tools/sma/main/schemas/bundle/sma.schema.json", "SchemaVersion": "1.0", "Actions": []}`
    /// in the handler's return value.
    /// Use instead: leave `"$schema"` in the fixture file only.
    EditorSchemaKey,
    code = "SMA221",
    name = "editor-schema-key",
    severity = Warning,
    summary = "`$schema` is for editors: a live handler must not send it",
    fix = "keep `$schema` in fixtures only, never in the handler's response",
);

impl Rule for EditorSchemaKey {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        if doc.model.kind != Kind::Response || doc.value.get("$schema").is_none() {
            return;
        }
        let at = crate::pointer::Pointer::root().key("$schema");
        ctx.report(
            Finding::new(
                "`$schema` is for editors: the SMA does not read it, and a live handler must not send it",
                at.as_str(),
                doc.key_span(at.as_str()),
            )
            .label("editor-only key"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::test_rule;

    #[test]
    fn test() {
        let pass = [
            "{\"SchemaVersion\": \"1.0\", \"Actions\": []}\n".to_string(),
            "[{\"Type\": \"Hangup\", \"Parameters\": {\"SipResponseCode\": \"0\"}}]\n".to_string(),
        ];
        let fail = [
            "{\"$schema\": \"./sma.schema.json\", \"SchemaVersion\": \"1.0\", \"Actions\": []}\n"
                .to_string(),
        ];
        test_rule(&super::EditorSchemaKey, &pass, &fail);
    }
}
