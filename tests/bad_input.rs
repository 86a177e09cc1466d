//! Bad input never stops a build silently nor half-writes a document: each
//! bad file is named with its reason, the rest is built, the exit status is
//! 1, and `--strict` makes the first problem fatal.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{command, repo};

/// A sample document every case builds next to the bad input, to show that
/// the rest of the build goes on.
const GOOD: &str = "tests/corpus/003_5d82acdc91462d5a.txt";

fn good_text() -> String {
    std::fs::read_to_string(repo().join(GOOD)).unwrap()
}

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    /// A corpus folder holding `good.txt` and whatever the case adds.
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        std::fs::copy(repo().join(GOOD), dir.path().join("corpus/good.txt")).unwrap();
        Case { dir }
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn add(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Case {
        std::fs::write(self.corpus().join(name), bytes).unwrap();
        self
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("db")
    }

    fn build(&self, extra: &[&str]) -> Output {
        self.build_paths(&[self.corpus().as_path()], extra)
    }

    fn build_paths(&self, paths: &[&Path], extra: &[&str]) -> Output {
        let mut cmd = command(&["build", "--quiet"]);
        cmd.args(paths).arg("--store").arg(self.store()).args(extra);
        cmd.output().expect("edupol runs")
    }

    /// The source files whose documents the store holds, sorted.
    fn built_files(&self) -> Vec<String> {
        let out = command(&[
            "query",
            "SELECT DISTINCT ?f WHERE { ?d a edu:SourceDocument ; edu:sourceFile ?f } ORDER BY ?f",
            "--format",
            "tsv",
            "--store",
        ])
        .arg(self.store())
        .output()
        .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.trim_matches('"').to_string())
            .collect()
    }

    /// Asks the store whether `file`'s document has an article whose text
    /// contains `needle` (so it was decoded right).
    fn has_text(&self, file: &str, needle: &str) -> bool {
        let query = format!(
            "ASK {{ ?a dcterms:isPartOf/edu:sourceFile \"{file}\" ; edu:text ?t \
             FILTER(CONTAINS(?t, \"{needle}\")) }}"
        );
        let out = command(&["query", &query, "--format", "tsv", "--store"])
            .arg(self.store())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).contains("true")
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The bad file is named with `reason`, good.txt is built, the bad file's
/// document is absent, and the exit status is 1.
fn assert_refused(case: &Case, bad: &str, reason: &str) {
    let out = case.build(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.lines().any(|l| l.contains(bad) && l.contains(reason)),
        "no line names {bad} with {reason:?}:\n{err}"
    );
    assert_eq!(case.built_files(), ["good.txt"], "{err}");
}

/// The file is built like any other (exit 0), next to good.txt.
fn assert_built(case: &Case, file: &str) {
    let out = case.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut expected = vec!["good.txt".to_string(), file.to_string()];
    expected.sort();
    assert_eq!(case.built_files(), expected);
}

#[test]
fn invalid_utf8_in_the_middle_is_refused_with_its_line() {
    let mut bytes = good_text().into_bytes();
    let middle = bytes.len() / 2;
    let line_start = middle
        - bytes[..middle]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .count();
    let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    bytes.splice(line_start..line_start, [0xFF, 0xFE, 0xFD]);
    let case = Case::new();
    case.add("broken.txt", bytes);
    assert_refused(&case, "broken.txt", &format!("line {line}"));
}

#[test]
fn gbk_gb18030_and_utf16_with_bom_are_decoded() {
    let text = good_text();
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&text);
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        utf16le.extend(unit.to_le_bytes());
        utf16be.extend(unit.to_be_bytes());
    }
    let case = Case::new();
    case.add("gbk.txt", gbk.as_ref())
        .add("gb18030.txt", gb18030.as_ref())
        .add("utf16le.txt", utf16le)
        .add("utf16be.txt", utf16be);
    let out = case.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in ["gbk.txt", "gb18030.txt", "utf16le.txt", "utf16be.txt"] {
        assert!(case.has_text(file, "现代化"), "{file} was not decoded");
    }
}

#[test]
fn pdf_and_png_named_txt_are_refused_as_not_text() {
    let case = Case::new();
    case.add(
        "report.txt",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>",
    )
    .add("scan.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_refused(&case, "report.txt", "not text");
    assert_refused(&case, "scan.txt", "not text");
}

#[test]
fn empty_and_blank_files_are_refused_as_empty() {
    let case = Case::new();
    case.add("empty.txt", b"")
        .add("blank.txt", " \n\t\r\n\u{3000}\n");
    assert_refused(&case, "empty.txt", "empty");
    assert_refused(&case, "blank.txt", "empty");
}

#[test]
fn a_line_of_a_megabyte_without_a_break_builds() {
    let line: String = good_text().lines().collect();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        text.push_str(&line);
    }
    let case = Case::new();
    case.add("one_line.txt", text);
    assert_built(&case, "one_line.txt");
}

#[test]
fn a_file_of_megabytes_builds_and_one_over_the_size_limit_is_refused_unread() {
    let text = good_text();
    let mut big = String::with_capacity(5 << 20);
    while big.len() < 4 << 20 {
        big.push_str(&text);
        big.push('\n');
    }
    let case = Case::new();
    case.add("big.txt", &big);
    assert_built(&case, "big.txt");

    // 50 MB, sparse: refused by its size before a byte is read.
    let case = Case::new();
    let huge = std::fs::File::create(case.corpus().join("huge.txt")).unwrap();
    huge.set_len(50 << 20).unwrap();
    let out = case.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("huge.txt") && err.contains("50.0 MiB") && err.contains("--max-file-size"),
        "{err}"
    );
    assert_eq!(case.built_files(), ["good.txt"]);
}

#[test]
fn unbalanced_quotes_brackets_and_control_characters_build() {
    let text = "关于“《（加快推进〔教育〕现代化【的意见》”\n\
                《《《（（（“‘\n）））》》》”’\n\
                到2025年，全市「新建『学校」15所）。\n\
                \u{1}\u{7}\u{1b}[31m控制字符\u{7f}\u{85}\u{2028}\u{200b}\u{feff}杭州市教育局局长张三\n\
                \t\t\u{c}\u{b}\r\r\n";
    let case = Case::new();
    case.add("odd.txt", text);
    assert_built(&case, "odd.txt");
}

#[test]
fn a_folder_of_thousands_of_files_is_built_whole() {
    let case = Case::new();
    let many = case.corpus().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..2000 {
        std::fs::write(
            many.join(format!("n{i:04}.txt")),
            format!("第{i}号通知\n到2025年，全县新建{i}所学校。\n"),
        )
        .unwrap();
    }
    let out = case.build(&["--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["files_built"], 2001, "{summary}");
    assert_eq!(case.built_files().len(), 2001);
}

#[test]
fn a_missing_path_is_named_and_the_rest_builds() {
    let case = Case::new();
    let missing = case.dir.path().join("no_such_folder");
    let out = case.build_paths(&[case.corpus().as_path(), missing.as_path()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("no_such_folder") && err.contains("no such file or folder"),
        "{err}"
    );
    assert_eq!(case.built_files(), ["good.txt"]);
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_builds() {
    let case = Case::new();
    // A link to nowhere cannot be read, even by root (who reads any mode).
    std::os::unix::fs::symlink(
        case.dir.path().join("gone.txt"),
        case.corpus().join("link.txt"),
    )
    .unwrap();
    let out = case.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("link.txt"), "{err}");
    assert_eq!(case.built_files(), ["good.txt"]);
}

#[test]
fn two_files_that_would_share_a_graph_are_refused_by_name() {
    let case = Case::new();
    std::fs::create_dir(case.corpus().join("b")).unwrap();
    std::fs::copy(repo().join(GOOD), case.corpus().join("b/good.txt")).unwrap();
    let out = case.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("b/good.txt") && err.contains("rename"),
        "{err}"
    );
    assert_eq!(case.built_files(), ["good.txt"]);
}

#[test]
fn strict_stops_at_the_first_bad_input_and_says_so() {
    let case = Case::new();
    case.add("a_empty.txt", b"");
    let out = case.build(&["--strict", "--threads", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("--strict") && err.contains("a_empty.txt"),
        "{err}"
    );
    // Files are taken in name order on one thread: good.txt comes after the
    // bad one, so nothing was built.
    assert!(case.built_files().is_empty(), "{err}");

    let missing = case.dir.path().join("missing");
    let out = case.build_paths(&[missing.as_path(), case.corpus().as_path()], &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(case.built_files().is_empty());
}
