//! The README's rule table is generated from the registry; this fails when it is stale.
mod common;

#[test]
fn readme_rule_table_is_fresh() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = "<!-- rules:start -->\n";
    let end = "<!-- rules:end -->";
    let a = readme.find(start).expect("start marker") + start.len();
    let b = readme.find(end).expect("end marker");
    let expected = sma::readme::rules_table();
    if readme[a..b] != expected {
        if std::env::var_os("SMA_BLESS").is_some() {
            let fresh = format!("{}{expected}{}", &readme[..a], &readme[b..]);
            std::fs::write(common::root().join("README.md"), fresh).unwrap();
        } else {
            panic!("README rule table is stale; run `SMA_BLESS=1 cargo test --test readme`");
        }
    }
}
