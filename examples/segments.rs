//! Shows how edupol cuts a file: its normalized lines, articles and sentences.
//!
//!     cargo run --release --example segments -- tests/corpus/000_2657467a4493b439.txt

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: segments FILE");
        std::process::exit(2);
    };
    let source = match edupol::read::read(std::path::Path::new(&path)) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let normalized = edupol::normalize::normalize(&source.text);
    let mut doc = edupol::Document::new(
        source.file_name.clone(),
        source.text.clone(),
        normalized.text,
        normalized.origin,
    );
    edupol::segment::segment(&mut doc);
    println!("== meta: {:?}", doc.meta);
    for (i, a) in doc.articles.iter().enumerate() {
        let body = doc.slice(a.body);
        let start: String = body.chars().take(30).collect();
        println!(
            "== article {i} {:?} title={:?} org={:?} person={:?} titles={:?}\n   body: {start}…",
            a.kind, a.title, a.author_org, a.author_person, a.author_titles
        );
    }
    if std::env::args().any(|a| a == "--text") {
        println!("== normalized text\n{}", doc.text);
    }
}
