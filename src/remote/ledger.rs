//! What a server holds, as far as edupol sent it: per graph, the version it
//! sent last, or "unknown" while a graph is on its way.
//!
//! One file per server (endpoint and protocol) in the store's folder,
//! `edupol-remote/<hash>.jsonl`: a header line, then one line per event,
//! appended as they happen, so a push killed at any point leaves a ledger
//! that is true. A graph is marked unknown before its first request and
//! given its version after its last: one cut off halfway is sent again (and
//! replaced whole) by the next push. A line cut short by a kill is ignored.
//! Each push ends by rewriting the file with one line per graph.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Endpoint;

/// The folder, in the store's, that holds the ledgers.
pub const FOLDER: &str = "edupol-remote";

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Header {
    endpoint: String,
    protocol: super::Protocol,
}

/// One event: `{"g": IRI, "v": VERSION}` sent, `{"g": IRI}` on its way,
/// `{"g": IRI, "gone": true}` removed.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    g: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    gone: bool,
}

/// The ledger of one server.
pub struct Ledger {
    path: PathBuf,
    header: Header,
    /// Graph → the version the server holds (`None`: unknown, maybe partial).
    graphs: BTreeMap<String, Option<String>>,
    journal: File,
}

impl Ledger {
    /// Reads the ledger of `endpoint` kept in `store_dir` (none yet: empty)
    /// and opens it for appending.
    pub fn open(store_dir: &Path, endpoint: &Endpoint) -> io::Result<Ledger> {
        let header = Header {
            endpoint: endpoint.url().to_string(),
            protocol: endpoint.protocol,
        };
        let key = Sha256::digest(
            serde_json::to_string(&header)
                .map_err(io::Error::other)?
                .as_bytes(),
        );
        let name: String = key[..8].iter().map(|b| format!("{b:02x}")).collect();
        let folder = store_dir.join(FOLDER);
        fs::create_dir_all(&folder)?;
        let path = folder.join(format!("{name}.jsonl"));
        let recorded = match File::open(&path) {
            Ok(file) => read(BufReader::new(file), &header),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let journal = OpenOptions::new().create(true).append(true).open(&path)?;
        let mut ledger = Ledger {
            path,
            header,
            graphs: recorded.clone().unwrap_or_default(),
            journal,
        };
        if recorded.is_none() {
            // New, or another server's: start it afresh with our header.
            ledger.compact()?;
        }
        Ok(ledger)
    }

    /// Where the ledger is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The version of `graph` the server holds, if known.
    pub fn version(&self, graph: &str) -> Option<&str> {
        self.graphs.get(graph)?.as_deref()
    }

    /// Every graph the server may hold (sent, or on its way once).
    pub fn graphs(&self) -> impl Iterator<Item = &str> {
        self.graphs.keys().map(String::as_str)
    }

    /// `graph` is about to change on the server.
    pub fn begin(&mut self, graph: &str) -> io::Result<()> {
        self.graphs.insert(graph.to_string(), None);
        self.append(&Line {
            g: graph.to_string(),
            v: None,
            gone: false,
        })
    }

    /// The server holds `version` of `graph`.
    pub fn sent(&mut self, graph: &str, version: &str) -> io::Result<()> {
        self.graphs
            .insert(graph.to_string(), Some(version.to_string()));
        self.append(&Line {
            g: graph.to_string(),
            v: Some(version.to_string()),
            gone: false,
        })
    }

    /// The server no longer holds `graph`.
    pub fn removed(&mut self, graph: &str) -> io::Result<()> {
        self.graphs.remove(graph);
        self.append(&Line {
            g: graph.to_string(),
            v: None,
            gone: true,
        })
    }

    /// Rewrites the file with one line per graph (atomically: a new file
    /// renamed over the old).
    pub fn compact(&mut self) -> io::Result<()> {
        let temporary = self.path.with_extension("jsonl.tmp");
        {
            let mut out = io::BufWriter::new(File::create(&temporary)?);
            writeln!(out, "{}", json(&self.header)?)?;
            for (g, v) in &self.graphs {
                let line = Line {
                    g: g.clone(),
                    v: v.clone(),
                    gone: false,
                };
                writeln!(out, "{}", json(&line)?)?;
            }
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        fs::rename(&temporary, &self.path)?;
        self.journal = OpenOptions::new().append(true).open(&self.path)?;
        Ok(())
    }

    fn append(&mut self, line: &Line) -> io::Result<()> {
        // One write per line: a kill leaves at most the last line partial.
        self.journal
            .write_all(format!("{}\n", json(line)?).as_bytes())
    }
}

fn json(value: &impl Serialize) -> io::Result<String> {
    serde_json::to_string(value).map_err(io::Error::other)
}

/// The graphs a ledger file records; `None` for a file without our header
/// (empty, or another server's: a hash collision).
fn read(file: impl BufRead, header: &Header) -> Option<BTreeMap<String, Option<String>>> {
    let mut lines = file.lines().map_while(Result::ok);
    let theirs = lines
        .next()
        .and_then(|l| serde_json::from_str::<Header>(&l).ok());
    if theirs.as_ref() != Some(header) {
        return None;
    }
    let mut graphs = BTreeMap::new();
    for line in lines.filter_map(|l| serde_json::from_str::<Line>(&l).ok()) {
        if line.gone {
            graphs.remove(&line.g);
        } else {
            graphs.insert(line.g, line.v);
        }
    }
    Some(graphs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::Protocol;

    fn endpoint(url: &str) -> Endpoint {
        Endpoint::new(url, Protocol::GraphStore, None).unwrap()
    }

    #[test]
    fn events_survive_a_reopen_and_a_torn_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let e = endpoint("http://h/store");
        {
            let mut ledger = Ledger::open(dir.path(), &e).unwrap();
            ledger.begin("http://g/1").unwrap();
            ledger.sent("http://g/1", "v1").unwrap();
            ledger.begin("http://g/2").unwrap();
            ledger.sent("http://g/3", "v3").unwrap();
            ledger.removed("http://g/3").unwrap();
            let mut raw = OpenOptions::new().append(true).open(ledger.path()).unwrap();
            raw.write_all(b"{\"g\":\"http://g/1\",\"v\":\"v").unwrap();
        }
        let mut ledger = Ledger::open(dir.path(), &e).unwrap();
        assert_eq!(ledger.version("http://g/1"), Some("v1"));
        assert_eq!(ledger.version("http://g/2"), None);
        assert_eq!(
            ledger.graphs().collect::<Vec<_>>(),
            ["http://g/1", "http://g/2"]
        );
        ledger.compact().unwrap();
        let text = fs::read_to_string(ledger.path()).unwrap();
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn each_server_has_its_own_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Ledger::open(dir.path(), &endpoint("http://a/store")).unwrap();
        a.sent("http://g/1", "v1").unwrap();
        let b = Ledger::open(dir.path(), &endpoint("http://b/store")).unwrap();
        assert_eq!(b.version("http://g/1"), None);
        let update = Endpoint::new("http://a/store", Protocol::Update, None).unwrap();
        let c = Ledger::open(dir.path(), &update).unwrap();
        assert_eq!(c.graphs().count(), 0);
    }
}
