//! Reading source files: finding them and decoding their bytes.
//!
//! Chinese government files come as UTF-8, GB18030/GBK (the common legacy
//! encoding) or UTF-16 with a byte-order mark. A file is decoded as UTF-8 when
//! it is valid UTF-8, by its BOM when it has one, and as GB18030 (a superset of
//! GBK and GB2312) when that decodes without errors. Anything else is refused
//! with a reason, never guessed.

use std::fmt;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not text (binary data at byte {offset}); give edupol plain-text files")]
    Binary { path: PathBuf, offset: usize },
    #[error(
        "{path}: not valid UTF-8, UTF-16 or GB18030 (first bad byte at line {line}); convert it to UTF-8, e.g. with iconv"
    )]
    UnknownEncoding { path: PathBuf, line: usize },
    #[error("{path}: no such file or folder")]
    Missing { path: PathBuf },
    #[error("{path}: empty (no text but white space); nothing to build")]
    Empty { path: PathBuf },
    #[error("{path}: {size_mib:.1} MiB, over the limit of {limit_mib} MiB; split it, or raise --max-file-size")]
    TooLarge {
        path: PathBuf,
        size_mib: f64,
        limit_mib: u64,
    },
}

impl ReadError {
    /// The file or folder the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::Io { path, .. }
            | ReadError::Binary { path, .. }
            | ReadError::UnknownEncoding { path, .. }
            | ReadError::Missing { path }
            | ReadError::Empty { path }
            | ReadError::TooLarge { path, .. } => path,
        }
    }
}

const MIB: u64 = 1 << 20;

/// A decoded source file.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    /// The file name without folders: how the graph knows the document.
    pub file_name: String,
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: &'static str,
    /// SHA-256 of the raw bytes, hex.
    pub sha256: String,
}

/// Files to build: each path itself if a file, or every `*.txt` below it if a
/// folder, sorted so that builds are deterministic. Missing paths are errors.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && has_txt_extension(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(ReadError::Io {
                        path: e.path().map_or_else(|| path.clone(), Path::to_path_buf),
                        source: e.into(),
                    }),
                }
            }
        } else {
            errors.push(ReadError::Missing { path: path.clone() });
        }
    }
    files.dedup();
    (files, errors)
}

fn has_txt_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Reads and decodes one file.
pub fn read(path: &Path) -> Result<SourceText, ReadError> {
    read_at_most(path, u64::MAX)
}

/// Reads and decodes one file of at most `limit` bytes (checked before
/// reading it, so a huge file costs nothing).
pub fn read_at_most(path: &Path, limit: u64) -> Result<SourceText, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size_mib: size as f64 / MIB as f64,
            limit_mib: limit / MIB,
        });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    let (text, encoding) = decode(&bytes).map_err(|problem| match problem {
        DecodeProblem::Binary(offset) => ReadError::Binary {
            path: path.to_path_buf(),
            offset,
        },
        DecodeProblem::Unknown(line) => ReadError::UnknownEncoding {
            path: path.to_path_buf(),
            line,
        },
    })?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            path: path.to_path_buf(),
        });
    }
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(SourceText {
        path: path.to_path_buf(),
        file_name,
        text,
        encoding,
        sha256: sha256_hex(&bytes),
    })
}

#[derive(Debug, PartialEq)]
pub enum DecodeProblem {
    /// A NUL byte or a known binary signature at this offset.
    Binary(usize),
    /// Not any supported encoding; the line of the first invalid UTF-8 byte.
    Unknown(usize),
}

impl fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeProblem::Binary(at) => write!(f, "binary data at byte {at}"),
            DecodeProblem::Unknown(line) => write!(f, "unknown encoding (line {line})"),
        }
    }
}

/// Decodes bytes as UTF-8, UTF-16 (by BOM) or GB18030, in that order.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeProblem> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if !had_errors {
            return Ok((text.into_owned(), encoding.name()));
        }
    }
    const SIGNATURES: &[&[u8]] = &[b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xFF\xD8\xFF", b"GIF8"];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return Err(DecodeProblem::Binary(0));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        // UTF-16 without a BOM is too rare in this field to guess at.
        return Err(DecodeProblem::Binary(nul));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), "UTF-8")),
        Err(utf8_error) => {
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                let bad = utf8_error.valid_up_to();
                let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(DecodeProblem::Unknown(line))
            } else {
                Ok((text.into_owned(), GB18030.name()))
            }
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// Keep the UTF-16 encodings referenced: `for_bom` returns them.
const _: [&Encoding; 2] = [UTF_16LE, UTF_16BE];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_gbk_and_utf16() {
        let text = "嵊泗县教育局：义务教育阶段省现代化学校比例达到50%。";
        assert_eq!(
            decode(text.as_bytes()).unwrap(),
            (text.to_string(), "UTF-8")
        );
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode(&gbk).unwrap(), (text.to_string(), "gb18030"));
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16le).unwrap(), (text.to_string(), "UTF-16LE"));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&utf16be).unwrap().0, text);
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.as_bytes());
        assert_eq!(decode(&bom8).unwrap().0, text);
    }

    #[test]
    fn refuses_binary_files() {
        assert_eq!(decode(b"%PDF-1.7\n..."), Err(DecodeProblem::Binary(0)));
        assert_eq!(decode(b"abc\0def"), Err(DecodeProblem::Binary(3)));
    }

    #[test]
    fn refuses_undecodable_bytes_naming_the_line() {
        // 0xFF is invalid in UTF-8 and cannot start a GB18030 sequence.
        assert_eq!(
            decode(b"line one\nline two \xFF\xFF"),
            Err(DecodeProblem::Unknown(2))
        );
    }

    #[test]
    fn discovers_txt_files_in_folders_sorted_and_reports_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "a.txt", "sub/c.TXT", "notes.md"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let missing = dir.path().join("nope");
        let (files, errors) = discover(&[dir.path().to_path_buf(), missing]);
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.TXT"]);
        assert!(matches!(errors.as_slice(), [ReadError::Missing { .. }]));
    }
}
