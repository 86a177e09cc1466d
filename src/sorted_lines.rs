//! Lines sorted and de-duplicated in bounded memory, for exports of any size.
//!
//! An external merge sort: lines gather in one buffer; when it holds
//! [`DEFAULT_RUN_BYTES`], they are sorted, de-duplicated and written to a
//! temporary file (a run); at the end the runs are merged. An export that
//! fits in one buffer never touches the disk. The order is that of the
//! lines' bytes, so the same lines give the same output whatever order they
//! came in and however many runs they took.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};

/// Bytes of lines held in memory before they are sorted into a run.
pub const DEFAULT_RUN_BYTES: usize = 64 << 20;

/// Collects lines (byte strings without `\n`), then gives them back sorted,
/// each once.
pub struct SortedLines {
    run_bytes: usize,
    /// The lines not yet in a run, one after another.
    buffer: Vec<u8>,
    /// Where each line of `buffer` starts; it ends where the next starts.
    starts: Vec<usize>,
    /// Where the runs are (created on the first run; more than one after
    /// [`SortedLines::merge`]).
    dirs: Vec<tempfile::TempDir>,
    runs: Vec<File>,
}

impl SortedLines {
    /// Runs of at most about `run_bytes` of lines (a line longer than that
    /// makes a run of its own).
    pub fn new(run_bytes: usize) -> SortedLines {
        SortedLines {
            run_bytes: run_bytes.max(1),
            buffer: Vec::new(),
            starts: Vec::new(),
            dirs: Vec::new(),
            runs: Vec::new(),
        }
    }

    /// Adds the line that `write` appends to the buffer it is given. The line
    /// must not hold `\n` (a trailing one is dropped). If `write` fails,
    /// nothing is added and its error is returned.
    pub fn push_with(
        &mut self,
        write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<()> {
        let start = self.buffer.len();
        if let Err(e) = write(&mut self.buffer) {
            self.buffer.truncate(start);
            return Err(e);
        }
        if self.buffer.last() == Some(&b'\n') {
            self.buffer.pop();
        }
        debug_assert!(!self.buffer[start..].contains(&b'\n'), "a line holds \\n");
        self.starts.push(start);
        if self.buffer.len() >= self.run_bytes {
            self.spill()?;
        }
        Ok(())
    }

    /// Adds one line (without `\n`).
    pub fn push(&mut self, line: &[u8]) -> io::Result<()> {
        self.push_with(|buffer| {
            buffer.extend_from_slice(line);
            Ok(())
        })
    }

    /// The lines of several sorters (filled on several threads) as one.
    pub fn merge(parts: Vec<SortedLines>) -> io::Result<SortedLines> {
        let mut parts = parts.into_iter();
        let Some(mut all) = parts.next() else {
            return Ok(SortedLines::new(DEFAULT_RUN_BYTES));
        };
        for mut part in parts {
            all.runs.append(&mut part.runs);
            all.dirs.append(&mut part.dirs);
            for line in part.lines() {
                all.push(line)?;
            }
        }
        Ok(all)
    }

    /// Calls `each` with every line, sorted by bytes, each distinct line once.
    pub fn finish(mut self, mut each: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        if self.runs.is_empty() {
            return self.sorted_buffer().into_iter().try_for_each(each);
        }
        if !self.starts.is_empty() {
            self.spill()?;
        }
        let mut readers: Vec<BufReader<File>> = self.runs.drain(..).map(BufReader::new).collect();
        // The smallest next line of every run, with the run it came from.
        let mut heap = BinaryHeap::new();
        for (run, reader) in readers.iter_mut().enumerate() {
            if let Some(line) = read_line(reader)? {
                heap.push(Reverse((line, run)));
            }
        }
        let mut last: Option<Vec<u8>> = None;
        while let Some(Reverse((line, run))) = heap.pop() {
            if let Some(next) = read_line(&mut readers[run])? {
                heap.push(Reverse((next, run)));
            }
            if last.as_ref() != Some(&line) {
                each(&line)?;
                last = Some(line);
            }
        }
        Ok(())
    }

    /// The buffer's lines, as they came.
    fn lines(&self) -> impl Iterator<Item = &[u8]> {
        let ends = self.starts.iter().skip(1).copied();
        self.starts
            .iter()
            .zip(ends.chain([self.buffer.len()]))
            .map(|(&start, end)| &self.buffer[start..end])
    }

    /// The buffer's lines in order, each once.
    fn sorted_buffer(&self) -> Vec<&[u8]> {
        let mut lines: Vec<&[u8]> = self.lines().collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    }

    /// Writes the buffer's lines, sorted and each once, as a new run.
    fn spill(&mut self) -> io::Result<()> {
        if self.dirs.is_empty() {
            let dir = tempfile::Builder::new()
                .prefix("edupol-sort-")
                .tempdir()
                .map_err(|e| in_temp_folder(&std::env::temp_dir(), e))?;
            self.dirs.push(dir);
        }
        let dir = self.dirs[0].path().to_path_buf();
        self.write_run(&dir).map_err(|e| in_temp_folder(&dir, e))
    }

    fn write_run(&mut self, dir: &std::path::Path) -> io::Result<()> {
        let path = dir.join(format!("run-{:05}", self.runs.len()));
        let mut out = BufWriter::new(
            File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)?,
        );
        for line in self.sorted_buffer() {
            out.write_all(line)?;
            out.write_all(b"\n")?;
        }
        let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        io::Seek::rewind(&mut file)?;
        self.runs.push(file);
        self.buffer.clear();
        self.starts.clear();
        Ok(())
    }
}

/// An error of the temporary folder, saying where and what to do.
pub fn in_temp_folder(dir: &std::path::Path, e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!(
            "cannot write the export's temporary files in {}: {e} (they need about the \
             export's size; set TMPDIR to a folder with room)",
            dir.display()
        ),
    )
}

/// The next line of a run, without its `\n`.
fn read_line(reader: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    if reader.read_until(b'\n', &mut line)? == 0 {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    Ok(Some(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lines: &[&str], run_bytes: usize) -> (Vec<String>, usize) {
        let mut sorter = SortedLines::new(run_bytes);
        for line in lines {
            sorter.push(line.as_bytes()).unwrap();
        }
        let runs = sorter.runs.len();
        let mut out = Vec::new();
        sorter
            .finish(|line| {
                out.push(String::from_utf8(line.to_vec()).unwrap());
                Ok(())
            })
            .unwrap();
        (out, runs)
    }

    #[test]
    fn lines_come_back_sorted_and_once_in_memory_and_through_runs() {
        let lines: Vec<String> = (0..500)
            .map(|i| format!("<s{}> 嵊泗县 {}", i % 37, i % 11))
            .collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut expected: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        expected.sort();
        expected.dedup();
        let (in_memory, runs) = sorted(&lines, DEFAULT_RUN_BYTES);
        assert_eq!(runs, 0);
        assert_eq!(in_memory, expected);
        // Duplicates across runs and within them are both dropped.
        let (spilled, runs) = sorted(&lines, 300);
        assert!(runs > 10, "{runs} runs");
        assert_eq!(spilled, expected);
    }

    #[test]
    fn sorters_filled_apart_merge_into_one_order() {
        for run_bytes in [8, 1 << 20] {
            let mut parts: Vec<SortedLines> = (0..3).map(|_| SortedLines::new(run_bytes)).collect();
            for i in 0..90 {
                parts[i % 3]
                    .push(format!("{:02}", i % 40).as_bytes())
                    .unwrap();
            }
            let mut out = Vec::new();
            SortedLines::merge(parts)
                .unwrap()
                .finish(|line| {
                    out.push(String::from_utf8(line.to_vec()).unwrap());
                    Ok(())
                })
                .unwrap();
            let expected: Vec<String> = (0..40).map(|i| format!("{i:02}")).collect();
            assert_eq!(out, expected, "runs of {run_bytes}");
        }
    }

    #[test]
    fn empty_lines_and_no_lines() {
        assert_eq!(sorted(&[], 10).0, Vec::<String>::new());
        assert_eq!(sorted(&["b", "", "a", ""], 1).0, ["", "a", "b"]);
        assert_eq!(sorted(&["b", "", "a", ""], 100).0, ["", "a", "b"]);
    }

    #[test]
    fn a_trailing_line_break_is_not_part_of_the_line() {
        let mut sorter = SortedLines::new(4);
        sorter.push(b"b\n").unwrap();
        sorter.push(b"b").unwrap();
        sorter
            .push_with(|b| {
                b.extend_from_slice(b"a .\n");
                Ok(())
            })
            .unwrap();
        let mut out = Vec::new();
        sorter
            .finish(|line| {
                out.extend_from_slice(line);
                out.push(b'|');
                Ok(())
            })
            .unwrap();
        assert_eq!(out, b"a .|b|");
    }
}
