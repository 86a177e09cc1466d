//! Shared language resources, loaded once per process and shared by every
//! extractor (and every thread): the jieba segmenter with the field's user
//! dictionary, and the gazetteer of administrative divisions.
//!
//! The data files live in `data/` and are compiled into the binary, so a
//! build needs no files beside the executable.

use std::io::BufReader;

use jieba_rs::Jieba;

use super::gazetteer::Gazetteer;

/// The jieba user dictionary of the field: `word [freq] [tag]` a line.
const USER_DICT: &str = include_str!("../../data/edupol.dict");

/// A word tagged by jieba, with byte offsets into the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    /// jieba's part-of-speech tag: `nr` person, `ns` place, `nt` institution …
    pub tag: &'a str,
    pub start: usize,
    pub end: usize,
}

pub struct Lexicon {
    jieba: Jieba,
    pub gazetteer: Gazetteer,
}

impl Lexicon {
    /// Loads the default jieba dictionary, the user dictionary and the gazetteer.
    pub fn load() -> Lexicon {
        let mut jieba = Jieba::new();
        jieba
            .load_dict(&mut BufReader::new(USER_DICT.as_bytes()))
            .expect("data/edupol.dict is a valid jieba dictionary (checked by a test)");
        Lexicon {
            jieba,
            gazetteer: Gazetteer::load(),
        }
    }

    /// Tags `text` with jieba (HMM on, so unknown names are still found).
    pub fn tag<'a>(&'a self, text: &'a str) -> Vec<Word<'a>> {
        self.jieba
            .tag(text, true)
            .into_iter()
            .map(|t| Word {
                text: t.word,
                tag: t.tag,
                start: t.byte_start,
                end: t.byte_end,
            })
            .collect()
    }

    /// Cuts `text` into words without tags (faster than [`Lexicon::tag`]).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_dictionary_words_are_kept_whole() {
        let lexicon = Lexicon::load();
        let words = lexicon.cut("全面实施中小学教师县管校聘管理改革");
        assert!(words.contains(&"县管校聘"), "{words:?}");
    }
}
