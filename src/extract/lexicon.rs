//! Shared language resources, loaded once per process and shared by every
//! extractor (and every thread): the jieba segmenter with the field's user
//! dictionary, and the gazetteer of administrative divisions.
//!
//! The data files live in `data/` and are compiled into the binary, so a
//! build needs no files beside the executable.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::BufReader;
use std::rc::Rc;
use std::sync::Mutex;

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
    /// Every full name and short form of the gazetteer, for scanning text.
    place_names: NameTrie,
}

impl Lexicon {
    /// Loads the default jieba dictionary, the user dictionary and the gazetteer.
    pub fn load() -> Lexicon {
        let mut jieba = Jieba::new();
        jieba
            .load_dict(&mut BufReader::new(USER_DICT.as_bytes()))
            .expect("data/edupol.dict is a valid jieba dictionary (checked by a test)");
        let gazetteer = Gazetteer::load();
        let mut place_names = NameTrie::default();
        for d in gazetteer.divisions() {
            place_names.insert(&d.name);
            for form in &d.short_forms {
                place_names.insert(form);
            }
        }
        Lexicon {
            jieba,
            gazetteer,
            place_names,
        }
    }

    /// The length in bytes of the longest full name or short form of the
    /// gazetteer that `text` starts with: the first of
    /// [`Gazetteer::prefixes`], without a lookup per character.
    pub fn longest_place_name(&self, text: &str) -> Option<usize> {
        self.place_names.longest_prefix(text)
    }

    /// Tags `text` with jieba (HMM on, so unknown names are still found).
    ///
    /// Inside [`TaggedDocument::scope`], a slice of that document's text
    /// whose ends are edges of jieba's blocks (a line, most sentences) is
    /// read from the words tagged once for the whole text: the same words
    /// and tags, for free.
    pub fn tag<'a>(&'a self, text: &'a str) -> Vec<Word<'a>> {
        if let Some(words) = TAGGED.with_borrow(|t| t.as_ref().and_then(|t| t.words_of(text))) {
            return words;
        }
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

    /// Cuts `text` into words without tags (the words of [`Lexicon::tag`]).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        if let Some(words) = TAGGED.with_borrow(|t| t.as_ref().and_then(|t| t.words_of(text))) {
            return words.into_iter().map(|w| w.text).collect();
        }
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Tags `text` once, for [`TaggedDocument::scope`].
    pub fn tag_document(&self, text: &str) -> TaggedDocument {
        // jieba's tags are a few strings it keeps: intern each once, known
        // by its address (a small direct-mapped table, checked by content).
        let mut interned: [(usize, &'static str); 64] = [(0, ""); 64];
        let words = self
            .jieba
            .tag(text, true)
            .into_iter()
            .map(|t| {
                let address = t.tag.as_ptr() as usize;
                let slot = &mut interned[(address >> 3) % 64];
                let tag = if slot.0 == address && slot.1 == t.tag {
                    slot.1
                } else {
                    let tag = intern(t.tag);
                    *slot = (address, tag);
                    tag
                };
                Cached {
                    start: t.byte_start,
                    end: t.byte_end,
                    tag,
                    block: t.word.chars().next().is_some_and(in_block),
                }
            })
            .collect();
        TaggedDocument(Rc::new(Tagged {
            address: text.as_ptr() as usize,
            len: text.len(),
            words,
        }))
    }
}

/// The words of a document's text, tagged once by [`Lexicon::tag_document`].
pub struct TaggedDocument(Rc<Tagged>);

impl TaggedDocument {
    /// Runs `f` with these words at hand: every [`Lexicon::tag`] or
    /// [`Lexicon::cut`] on this thread of a slice of the text that begins and
    /// ends at an edge of jieba's blocks (runs of Han letters and ASCII
    /// alphanumerics, which jieba segments each on its own) reads them
    /// instead of running jieba again. Other texts and slices are tagged as
    /// usual, so the words are the same as without it. The extractors tag
    /// each line and sentence of a document, several times: this makes it
    /// one pass.
    ///
    /// The text must not change while `f` runs (it is known by its address).
    pub fn scope<R>(&self, f: impl FnOnce() -> R) -> R {
        /// Puts back what was there before, also when `f` panics.
        struct Restore(Option<Rc<Tagged>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = self.0.take();
                TAGGED.with_borrow_mut(|t| *t = previous);
            }
        }
        let _restore = Restore(TAGGED.with_borrow_mut(|t| t.replace(self.0.clone())));
        f()
    }
}

/// A set of names as a trie of characters, to find the longest name a text
/// starts with in one walk.
#[derive(Default)]
struct NameTrie {
    /// Node 0 is the root.
    nodes: Vec<TrieNode>,
    /// The root's child for each character of the main Han block
    /// (U+4E00–U+9FFF), 0 for none: the lookup made at every character.
    han_roots: Vec<u32>,
}

const HAN_FIRST: u32 = 0x4E00;
const HAN_COUNT: usize = 0x5200;

#[derive(Default)]
struct TrieNode {
    /// Sorted by character.
    children: Vec<(char, u32)>,
    /// A name ends here.
    end: bool,
}

impl NameTrie {
    fn insert(&mut self, name: &str) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0;
        for c in name.chars() {
            node = match self.nodes[node]
                .children
                .binary_search_by_key(&c, |&(k, _)| k)
            {
                Ok(i) => self.nodes[node].children[i].1 as usize,
                Err(i) => {
                    let next = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.nodes[node].children.insert(i, (c, next as u32));
                    next
                }
            };
        }
        if node > 0 {
            self.nodes[node].end = true;
        }
        if self.han_roots.is_empty() {
            self.han_roots = vec![0; HAN_COUNT];
        }
        if let Some(first) = name.chars().next() {
            if let Some(slot) = (first as u32)
                .checked_sub(HAN_FIRST)
                .and_then(|i| self.han_roots.get_mut(i as usize))
            {
                let k = self.nodes[0]
                    .children
                    .binary_search_by_key(&first, |&(k, _)| k)
                    .expect("just inserted");
                *slot = self.nodes[0].children[k].1;
            }
        }
    }

    fn longest_prefix(&self, text: &str) -> Option<usize> {
        let mut chars = text.char_indices();
        let (_, first) = chars.next()?;
        let root = match (first as u32).checked_sub(HAN_FIRST) {
            Some(i) if (i as usize) < HAN_COUNT => match self.han_roots[i as usize] {
                0 => return None,
                child => child,
            },
            _ => {
                let root = self.nodes.first()?;
                let k = root
                    .children
                    .binary_search_by_key(&first, |&(k, _)| k)
                    .ok()?;
                root.children[k].1
            }
        };
        let mut node = &self.nodes[root as usize];
        let mut longest = node.end.then_some(first.len_utf8());
        for (i, c) in chars {
            let Ok(k) = node.children.binary_search_by_key(&c, |&(k, _)| k) else {
                break;
            };
            node = &self.nodes[node.children[k].1 as usize];
            if node.end {
                longest = Some(i + c.len_utf8());
            }
        }
        longest
    }
}

thread_local! {
    /// The words of the document being extracted on this thread.
    static TAGGED: RefCell<Option<Rc<Tagged>>> = const { RefCell::new(None) };
}

/// A text tagged once, known by its address (it is borrowed for as long as
/// this is set, by [`TaggedDocument::scope`]).
struct Tagged {
    address: usize,
    len: usize,
    words: Vec<Cached>,
}

#[derive(Clone, Copy)]
struct Cached {
    start: usize,
    end: usize,
    tag: &'static str,
    /// Part of a block that jieba segments as a whole (else a lone character).
    block: bool,
}

impl Tagged {
    /// The words of `text` if it is a slice of the tagged text whose ends
    /// are block edges, with offsets into `text`.
    fn words_of<'a>(&self, text: &'a str) -> Option<Vec<Word<'a>>> {
        let at = (text.as_ptr() as usize).checked_sub(self.address)?;
        let end = at + text.len();
        if end > self.len {
            return None;
        }
        if text.is_empty() {
            return Some(Vec::new());
        }
        let first = self.words.partition_point(|w| w.start < at);
        let last = self.words.partition_point(|w| w.end < end);
        let (w0, wl) = (self.words.get(first)?, self.words.get(last)?);
        if w0.start != at || wl.end != end {
            return None;
        }
        let opens = first == 0 || !w0.block || !self.words[first - 1].block;
        let closes = !wl.block || self.words.get(last + 1).is_none_or(|w| !w.block);
        if !(opens && closes) {
            return None;
        }
        Some(
            self.words[first..=last]
                .iter()
                .map(|w| Word {
                    text: &text[w.start - at..w.end - at],
                    tag: w.tag,
                    start: w.start - at,
                    end: w.end - at,
                })
                .collect(),
        )
    }
}

/// The characters jieba segments in blocks (its `RE_HAN_DEFAULT`): Han,
/// ASCII letters and digits, `+#&._%-`.
fn in_block(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
        | 'a'..='z' | 'A'..='Z' | '0'..='9'
        | '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

/// jieba's part-of-speech tags as `&'static str`, so cached words need no
/// lifetime: the tags of its dictionaries, and any other kept once.
fn intern(tag: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k",
        "l", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r",
        "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg",
        "vi", "vn", "vq", "x", "y", "z", "zg",
    ];
    if let Ok(i) = KNOWN.binary_search(&tag) {
        return KNOWN[i];
    }
    static OTHERS: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut others = OTHERS.lock().unwrap_or_else(|e| e.into_inner());
    let others = others.get_or_insert_with(HashSet::new);
    if let Some(t) = others.get(tag) {
        return t;
    }
    let t: &'static str = Box::leak(tag.to_string().into_boxed_str());
    others.insert(t);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_a_tagged_document_are_those_of_jieba() {
        let lexicon = Lexicon::load();
        let text = "杭州学军中学与嵊泗中学建立“一对一”结对帮扶关系。\n2023年，嵊泗县通过评估abc-12。\r\n全面实施县管校聘";
        let mut slices: Vec<&str> = Vec::new();
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for &a in &ends {
            for &b in ends.iter().filter(|&&b| b >= a) {
                slices.push(&text[a..b]);
            }
        }
        let alone: Vec<Vec<Word>> = slices.iter().map(|s| lexicon.tag(s)).collect();
        let mut read = 0;
        lexicon.tag_document(text).scope(|| {
            for (s, expected) in slices.iter().zip(&alone) {
                if TAGGED.with_borrow(|t| t.as_ref().and_then(|t| t.words_of(s)).is_some()) {
                    read += 1;
                }
                assert_eq!(&lexicon.tag(s), expected, "{s:?}");
                let cut: Vec<&str> = expected.iter().map(|w| w.text).collect();
                assert_eq!(lexicon.cut(s), cut, "{s:?}");
            }
        });
        assert!(read > 50, "{read}");
        assert!(TAGGED.with_borrow(Option::is_none));
    }

    #[test]
    fn longest_place_name_is_the_first_prefix() {
        let lexicon = Lexicon::load();
        let text = "浙江省嵊泗县教育局和舟山市普陀区、北京西城区，吉林长春";
        for (i, _) in text.char_indices() {
            let expected = lexicon
                .gazetteer
                .prefixes(&text[i..])
                .into_iter()
                .next()
                .map(|(len, _)| len);
            assert_eq!(
                lexicon.longest_place_name(&text[i..]),
                expected,
                "{}",
                &text[i..]
            );
        }
    }

    #[test]
    fn user_dictionary_words_are_kept_whole() {
        let lexicon = Lexicon::load();
        let words = lexicon.cut("全面实施中小学教师县管校聘管理改革");
        assert!(words.contains(&"县管校聘"), "{words:?}");
    }
}
