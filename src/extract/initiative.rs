//! Initiatives: programs, reforms, campaigns, policy documents, accreditations.

use super::{Context, InitiativeMention, Lexicon};
use crate::document::Document;

pub fn extract(_doc: &Document, _lexicon: &Lexicon, _context: &Context) -> Vec<InitiativeMention> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore]
    fn dump_normalized() {
        let lexicon = Lexicon::load();
        for entry in std::fs::read_dir("tests/corpus").unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let doc = crate::pipeline::analyze(&name, &std::fs::read_to_string(&path).unwrap(), &lexicon);
            std::fs::write(format!("/tmp/norm_{name}"), &doc.text).unwrap();
        }
    }
}
