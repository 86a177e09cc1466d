//! The page at `/` in a real browser: builds the sample documents into a
//! temporary store, starts `edupol serve` on a free loopback port, and runs
//! `node tests/browser/check.mjs URL DIR`, which drives Debian's headless
//! Chromium through playwright-core (see that file for what it checks: the
//! YASGUI tabs, a saved query's Chinese rows, an entity page and its links,
//! the form without JavaScript, and that no other host is asked for anything).
//!
//! Needs `/usr/bin/chromium`, `node`, and `npm ci` in `tests/browser`:
//! `bash .ci/setup` installs them. Screenshots are left in
//! `target/tmp/browser/` (`home.png` is `docs/screenshot.png`).
//! `EDUPOL_SKIP_BROWSER=1` skips this test, saying so.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{build_corpus, repo, Server};

/// How long the whole browser run may take.
const LIMIT: Duration = Duration::from_secs(240);

/// Why the browser check cannot run here, if it cannot.
fn missing_tools(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var("EDUPOL_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push(format!("{chromium} (Debian package chromium)"));
    }
    if Command::new("node")
        .arg("--version")
        .output()
        .map_or(true, |o| !o.status.success())
    {
        missing.push("node".into());
    }
    if !browser_dir.join("node_modules/playwright-core").is_dir() {
        missing.push("tests/browser/node_modules (npm ci in tests/browser)".into());
    }
    missing
}

#[test]
fn the_page_works_in_a_real_browser() {
    if std::env::var_os("EDUPOL_SKIP_BROWSER").is_some_and(|v| !v.is_empty() && v != "0") {
        eprintln!("EDUPOL_SKIP_BROWSER is set: the browser test is skipped");
        return;
    }
    let browser_dir = repo().join("tests/browser");
    let missing = missing_tools(&browser_dir);
    assert!(
        missing.is_empty(),
        "the browser test needs {}: run `bash .ci/setup` (or set EDUPOL_SKIP_BROWSER=1 to skip it)",
        missing.join(", ")
    );

    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    build_corpus(&store);
    let server = Server::start(&store, &[]);

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).unwrap();
    let mut node = Command::new("node")
        .arg(browser_dir.join("check.mjs"))
        .arg(server.url())
        .arg(&shots)
        .current_dir(&browser_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    // Read both pipes on threads, so a chatty browser cannot block on them.
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = read(Box::new(node.stdout.take().unwrap()));
    let stderr = read(Box::new(node.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = node.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > LIMIT {
            let _ = node.kill();
            let _ = node.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    eprintln!("{stdout}{stderr}");
    let Some(status) = status else {
        panic!(
            "the browser check took longer than {} s:\n{stdout}\n{stderr}",
            LIMIT.as_secs()
        );
    };
    assert!(
        status.success(),
        "the browser check failed ({status}):\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(" passed, 0 failed"),
        "the browser check did not report: {stdout}"
    );
    let home = shots.join("home.png");
    assert!(
        std::fs::metadata(&home).is_ok_and(|m| m.len() > 10_000),
        "no screenshot at {}",
        home.display()
    );
    drop(server);
}
