//! Gold annotation files (the format of `shared/gold/SCHEMA.md`): one JSON
//! file per source document, listing what a careful reader finds in it.
//! Only the fields the scorer compares are read; others are ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("cannot read the gold folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "no gold files (*.json) in {0}; give the folder that holds one JSON file per document"
    )]
    Empty(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: not a gold file: {message} (see shared/gold/SCHEMA.md)")]
    Format {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    /// The source file name the annotations are for.
    pub file: String,
    #[serde(default)]
    pub articles: Vec<GoldArticle>,
    #[serde(default)]
    pub organizations: Vec<GoldEntity>,
    #[serde(default)]
    pub people: Vec<GoldPerson>,
    #[serde(default)]
    pub places: Vec<GoldEntity>,
    #[serde(default)]
    pub initiatives: Vec<GoldEntity>,
    #[serde(default)]
    pub numbers: Vec<GoldNumber>,
    #[serde(default)]
    pub partnerships: Vec<GoldPartnership>,
}

/// An organization, place or initiative: its canonical name and short forms.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPerson {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub positions: Vec<GoldPosition>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPosition {
    #[serde(default)]
    pub org: Option<String>,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldNumber {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(deserialize_with = "number_or_text")]
    pub value: f64,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub comparator: Option<String>,
    #[serde(default, deserialize_with = "optional_year")]
    pub year: Option<i64>,
    #[serde(default)]
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPartnership {
    pub supporter: String,
    pub supported: String,
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author_org: Option<String>,
    #[serde(default)]
    pub author_person: Option<String>,
    #[serde(default)]
    pub starts_with: Option<String>,
}

/// Annotators write values as JSON numbers, sometimes as strings ("58.7").
fn number_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| D::Error::custom("value out of range")),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom(format!("value {s:?} is not a number"))),
        other => Err(D::Error::custom(format!("value {other} is not a number"))),
    }
}

fn optional_year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("year {n} is not a whole number"))),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("year {s:?} is not a number"))),
        other => Err(D::Error::custom(format!("year {other} is not a number"))),
    }
}

/// Reads every `*.json` file of a folder, in file-name order.
pub fn load_dir(dir: &Path) -> Result<Vec<GoldDocument>, GoldError> {
    let entries = std::fs::read_dir(dir).map_err(|source| GoldError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
        .collect();
    if paths.is_empty() {
        return Err(GoldError::Empty(dir.to_path_buf()));
    }
    paths.sort();
    paths.iter().map(|p| load_file(p)).collect()
}

pub fn load_file(path: &Path) -> Result<GoldDocument, GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text).map_err(|e| GoldError::Format {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

pub fn parse(text: &str) -> Result<GoldDocument, serde_json::Error> {
    serde_json::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_written_as_numbers_or_text_and_missing_lists() {
        let gold = parse(
            r#"{"file": "a.txt", "numbers": [
                {"kind": "target", "value": "58.7", "unit": "percent", "year": null},
                {"value": 3, "unit": "count", "year": "2025"}]}"#,
        )
        .unwrap();
        assert_eq!(gold.file, "a.txt");
        assert_eq!(gold.numbers[0].value, 58.7);
        assert_eq!(gold.numbers[0].year, None);
        assert_eq!(gold.numbers[1].year, Some(2025));
        assert!(gold.organizations.is_empty() && gold.articles.is_empty());
    }

    #[test]
    fn a_malformed_file_is_named_with_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(
            &path,
            "{\"file\": \"a.txt\",\n \"numbers\": [{\"value\": true}]}",
        )
        .unwrap();
        let message = load_dir(dir.path()).unwrap_err().to_string();
        assert!(message.contains("x.json:2:"), "{message}");
        assert!(message.contains("not a number"), "{message}");
    }

    #[test]
    fn an_empty_folder_says_what_is_expected() {
        let dir = tempfile::tempdir().unwrap();
        let message = load_dir(dir.path()).unwrap_err().to_string();
        assert!(message.contains("no gold files"), "{message}");
    }
}
