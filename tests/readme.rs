//! The README rule table and docs/rules.md are generated from the registry; these fail when
//! they are stale (`SMA_BLESS=1 cargo test --test readme` rewrites them).
mod common;

#[test]
fn readme_rule_table_is_fresh() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = "<!-- rules:start -->\n";
    let end = "<!-- rules:end -->";
    let a = readme.find(start).expect("start marker") + start.len();
    let b = readme.find(end).expect("end marker");
    let expected = sma::commands::docs::rules_table();
    if readme[a..b] != expected {
        if std::env::var_os("SMA_BLESS").is_some() {
            let fresh = format!("{}{expected}{}", &readme[..a], &readme[b..]);
            std::fs::write(common::root().join("README.md"), fresh).unwrap();
        } else {
            panic!("README rule table is stale; run `SMA_BLESS=1 cargo test --test readme`");
        }
    }
}

#[test]
fn docs_rules_md_is_fresh() {
    let path = common::root().join("docs/rules.md");
    let expected = sma::commands::docs::rules_doc();
    if std::fs::read_to_string(&path).ok().as_deref() != Some(expected.as_str()) {
        if std::env::var_os("SMA_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, expected).unwrap();
        } else {
            panic!("docs/rules.md is stale; run `SMA_BLESS=1 cargo test --test readme`");
        }
    }
}
