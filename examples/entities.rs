//! Lists the entities edupol reads out of files, one line per distinct name,
//! so a change to an extractor can be checked on unfamiliar documents
//! without building a store:
//!
//!     cargo run --no-default-features --example entities -- ../shared/external/*.txt

use std::collections::BTreeSet;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: entities FILE...");
        std::process::exit(2);
    }
    let lexicon = edupol::Lexicon::load();
    for path in paths {
        let source = match edupol::read::read(std::path::Path::new(&path)) {
            Ok(source) => source,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let doc = edupol::pipeline::analyze(&source.file_name, &source.text, &lexicon);
        let f = &doc.facts;
        let rows: [(&str, BTreeSet<String>); 5] = [
            (
                "org",
                f.organizations
                    .iter()
                    .map(|m| format!("{} {:?}", m.name, m.kind))
                    .collect(),
            ),
            ("person", f.people.iter().map(|m| m.name.clone()).collect()),
            (
                "post",
                f.posts
                    .iter()
                    .map(|p| format!("{} {} {:?}", p.person, p.title, p.org))
                    .collect(),
            ),
            ("place", f.places.iter().map(|m| m.name.clone()).collect()),
            (
                "initiative",
                f.initiatives
                    .iter()
                    .map(|m| format!("{} {:?}", m.name, m.kind))
                    .collect(),
            ),
        ];
        println!("== {}", source.file_name);
        for (category, names) in rows {
            for name in names {
                println!("{category}\t{name}");
            }
        }
    }
}
