//! Helpers shared by the integration tests that run the real `edupol`
//! binary. Each test file includes this module with `mod common;`, so it is
//! compiled once per test binary: items a binary does not use are marked
//! `#[allow(dead_code)]`.

use std::fmt::Display;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

/// The `edupol` binary Cargo built for these tests.
#[allow(dead_code)]
pub const BIN: &str = env!("CARGO_BIN_EXE_edupol");

/// The repository's root, where the binary is run (so that paths such as
/// `tests/corpus` resolve).
#[allow(dead_code)]
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command running `edupol args` in the repository, for callers that set
/// more on it (environment variables) before running it.
#[allow(dead_code)]
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args).current_dir(repo());
    command
}

/// Runs `edupol args` in the repository to its end; whether it succeeded is
/// left to the caller.
#[allow(dead_code)]
pub fn edupol(args: &[&str]) -> Output {
    command(args).output().expect("the edupol binary runs")
}

/// Builds the sample documents (tests/corpus) into a store at `store_dir`,
/// panicking with edupol's stderr when the build fails.
#[allow(dead_code)]
pub fn build_corpus(store_dir: &Path) {
    build_corpus_with(store_dir, &[]);
}

/// [`build_corpus`] with extra environment variables for the build (such as
/// `SOURCE_DATE_EPOCH`, to fix the dataset's dates).
#[allow(dead_code)]
pub fn build_corpus_with(store_dir: &Path, envs: &[(&str, &str)]) {
    let out = command(&["build", "tests/corpus", "--quiet", "--store"])
        .arg(store_dir)
        .envs(envs.iter().copied())
        .output()
        .expect("the edupol binary runs");
    assert_success(&out, "build failed");
}

/// Panics, with `what` and edupol's stderr, unless `out` is a success.
#[allow(dead_code)]
pub fn assert_success(out: &Output, what: impl Display) {
    assert!(
        out.status.success(),
        "{what} ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The store built from tests/corpus once per test binary, for the tests
/// that only read it. Its temporary directory lives as long as the process.
#[allow(dead_code)]
pub fn corpus_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        build_corpus(&path);
        (dir, path)
    });
    path
}

/// The whole store at `store` as N-Quads lines, sorted (to compare graphs).
#[allow(dead_code)]
pub fn sorted_nquads(store: &Path) -> Vec<String> {
    let out = command(&["export", "--format", "nquads", "--store"])
        .arg(store)
        .output()
        .expect("the edupol binary runs");
    assert_success(&out, "export failed");
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .expect("N-Quads are UTF-8")
        .lines()
        .map(String::from)
        .collect();
    lines.sort();
    lines
}

/// A running `edupol serve` on a free loopback port, killed when dropped.
#[allow(dead_code)]
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`, from the first line the server prints.
    pub addr: String,
}

#[allow(dead_code)]
impl Server {
    /// Serves `store` with the `extra` flags, once it listens.
    pub fn start(store: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("edupol serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = send.send(line);
            // Keep reading so the server never blocks on a full pipe.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let Ok(line) = receive.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            panic!("edupol serve printed no address within 60 s");
        };
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
