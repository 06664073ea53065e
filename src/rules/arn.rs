//! The ARNs actions name (StartBotConversation's `BotAliasArn`, CallAndBridge's endpoint
//! `Arn`), split into their parts with where each part is, for the ARN rules.
use std::ops::Range;

use crate::model::Action;
use crate::pointer::Pointer;

/// An ARN an action names, and what kind of resource the parameter takes.
pub struct ArnUse<'d> {
    pub action: &'d str,
    /// Where the ARN string is.
    pub at: Pointer,
    pub arn: &'d str,
    pub expect: Expect,
}

/// The resource a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A Lex V2 bot alias: `arn:aws:lex:<region>:<account>:bot-alias/<bot id>/<alias id>`.
    LexBotAlias,
    /// A Voice Connector (`vc/<id>`) or Voice Connector group (`vcg/<id>`) of Amazon Chime.
    VoiceConnector,
}

impl Expect {
    pub fn service(self) -> &'static str {
        match self {
            Expect::LexBotAlias => "lex",
            Expect::VoiceConnector => "chime",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Expect::LexBotAlias => {
                "an Amazon Lex V2 bot alias ARN (arn:aws:lex:<region>:<account>:bot-alias/<bot id>/<alias id>)"
            }
            Expect::VoiceConnector => {
                "a Voice Connector ARN (arn:aws:chime:<region>:<account>:vc/<id>, or vcg/<id> for a group)"
            }
        }
    }

    /// Why `resource` does not fit, if it does not.
    pub fn resource_problem(self, resource: &str) -> Option<String> {
        let id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
        match self {
            Expect::LexBotAlias => {
                if resource.starts_with("bot:") {
                    return Some("is a Lex V1 bot alias (`bot:<name>:<alias>`); StartBotConversation takes a Lex V2 bot alias (`bot-alias/<bot id>/<alias id>`)".into());
                }
                let parts: Vec<&str> = resource.split('/').collect();
                match parts.as_slice() {
                    ["bot-alias", bot, alias] if id(bot) && id(alias) => None,
                    ["bot-alias", ..] => Some(
                        "must be `bot-alias/<bot id>/<alias id>` (two alphanumeric ids)".into(),
                    ),
                    _ => Some(format!(
                        "names a `{}`, not a `bot-alias`",
                        parts[0].split(':').next().unwrap_or("")
                    )),
                }
            }
            Expect::VoiceConnector => match resource.split_once('/') {
                Some(("vc" | "vcg", rest)) if id(rest) => None,
                Some(("vc" | "vcg", _)) => Some("must be `vc/<id>` with an alphanumeric id".into()),
                _ => Some(format!(
                    "names a `{}`, not a Voice Connector (`vc/<id>`) or group (`vcg/<id>`)",
                    resource.split(['/', ':']).next().unwrap_or("")
                )),
            },
        }
    }
}

/// Every ARN the document's actions name, in order.
pub fn arn_uses<'d>(actions: &[Action<'d>]) -> Vec<ArnUse<'d>> {
    let mut out = Vec::new();
    for a in actions {
        let Some(t) = a.type_name else { continue };
        if t == "StartBotConversation"
            && let Some(arn) = a.str_param("BotAliasArn")
        {
            out.push(ArnUse {
                action: t,
                at: a.param_pointer("BotAliasArn"),
                arn,
                expect: Expect::LexBotAlias,
            });
        }
        if t == "CallAndBridge" {
            let endpoints = a.param("Endpoints").and_then(|e| e.as_array());
            for (i, e) in endpoints.into_iter().flatten().enumerate() {
                let aws = e.get("BridgeEndpointType").and_then(|t| t.as_str()) == Some("AWS");
                if let (true, Some(arn)) = (aws, e.get("Arn").and_then(|v| v.as_str())) {
                    let at = a.param_pointer("Endpoints").index(i).key("Arn");
                    out.push(ArnUse {
                        action: t,
                        at,
                        arn,
                        expect: Expect::VoiceConnector,
                    });
                }
            }
        }
    }
    out
}

/// An ARN's six parts and where each starts in the string.
pub struct Parts<'a> {
    pub partition: (&'a str, Range<usize>),
    pub service: (&'a str, Range<usize>),
    pub region: (&'a str, Range<usize>),
    pub account: (&'a str, Range<usize>),
    pub resource: (&'a str, Range<usize>),
}

/// Splits `arn:partition:service:region:account:resource`; `None` when it is not that shape.
pub fn split(arn: &str) -> Option<Parts<'_>> {
    let mut fields = Vec::with_capacity(6);
    let mut start = 0;
    for _ in 0..5 {
        let end = start + arn[start..].find(':')?;
        fields.push((&arn[start..end], start..end));
        start = end + 1;
    }
    fields.push((&arn[start..], start..arn.len()));
    if fields[0].0 != "arn" {
        return None;
    }
    let mut f = fields.into_iter().skip(1);
    Some(Parts {
        partition: f.next()?,
        service: f.next()?,
        region: f.next()?,
        account: f.next()?,
        resource: f.next()?,
    })
}

/// Whether `region` has the shape of a Region name (`us-east-1`, `us-gov-west-1`,
/// `eusc-de-east-1`): lower-case words joined by `-`, ending in a number.
pub fn region_shaped(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].len() <= 2
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}
