//! SMA410: an event with `SipApplicationId` instead of `SipMediaApplicationId`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::model::Kind;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when an event's `CallDetails` has `SipApplicationId` rather than
    /// `SipMediaApplicationId`.
    ///
    /// ### Why is this bad?
    /// The invocation reference spells it `SipMediaApplicationId`, and real events do (corpus
    /// 027, 028, 073). The docs' case-1, case-5 and use-case examples write `SipApplicationId`,
    /// and three repositories copied it into test fixtures (corpus 030, 031). A documented
    /// variant is tolerated, hence a warning; but a handler that reads `SipApplicationId`
    /// gets `undefined` on a live call.
    ///
    /// ### Example
    /// `"CallDetails": {"SipApplicationId": "..."}`
    /// Use instead: `"CallDetails": {"SipMediaApplicationId": "..."}`
    SipApplicationId,
    code = "SMA410",
    name = "sip-application-id",
    severity = Warning,
    summary = "`SipApplicationId` in an event; real events send `SipMediaApplicationId`",
    fix = "rename the key to `SipMediaApplicationId`",
);

impl Rule for SipApplicationId {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let at = "/CallDetails/SipApplicationId";
        if doc.model.kind != Kind::Event || doc.value.pointer(at).is_none() {
            return;
        }
        ctx.report(
            Finding::new(
                "`SipApplicationId` is the docs' example spelling; real events send `SipMediaApplicationId`",
                at,
                doc.key_span(at),
            )
            .label("did you mean `SipMediaApplicationId`?")
            .help("rename it to `SipMediaApplicationId`, and make sure the handler reads that key"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{EVENT, test_rule};

    #[test]
    fn test() {
        let pass = [EVENT
            .replace("%TYPE%", "NEW_INBOUND_CALL")
            .replace("%MORE%", "")];
        let fail = [EVENT
            .replace("%TYPE%", "NEW_INBOUND_CALL")
            .replace("%MORE%", "")
            .replace("SipMediaApplicationId", "SipApplicationId")];
        test_rule(&super::SipApplicationId, &pass, &fail);
    }
}
