//! The progress of `edupol build` on standard error: a bar that redraws one
//! line (files done of all, triples written, files per second, time left)
//! when standard error is a terminal, and nothing otherwise, so logs and
//! pipes only get the summary line that `build` prints at the end.

use std::io::{self, Write};
use std::time::{Duration, Instant};

/// Redraw at most this often; the last file always redraws.
const FRAME: Duration = Duration::from_millis(80);

pub struct Progress {
    total: usize,
    done: usize,
    triples: usize,
    started: Instant,
    last_draw: Option<Instant>,
    /// Whether to draw at all (a terminal, and not `--quiet`).
    live: bool,
    /// The columns of the terminal, from `COLUMNS` (80 if unset).
    width: usize,
}

impl Progress {
    pub fn new(total: usize, live: bool) -> Progress {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse().ok())
            .filter(|&c: &usize| c >= 20)
            .unwrap_or(80);
        Progress {
            total,
            done: 0,
            triples: 0,
            started: Instant::now(),
            last_draw: None,
            live,
            width,
        }
    }

    /// The number of files, once they are found.
    pub fn set_total(&mut self, total: usize) {
        self.total = total;
    }

    /// A line printed above the bar.
    pub fn note(&mut self, message: &str) {
        self.clear();
        eprintln!("{message}");
        self.draw(true);
    }

    /// A stage before or after the files (on a terminal only): replaces the
    /// bar until the next file is done, or [`Progress::finish`].
    pub fn status(&mut self, message: &str) {
        if self.live {
            self.clear();
            eprint!("{message}");
            let _ = io::stderr().flush();
            self.last_draw = Some(Instant::now());
        }
    }

    /// One file built, with the triples written for it.
    pub fn file_done(&mut self, triples: usize) {
        self.done += 1;
        self.triples += triples;
        self.draw(false);
    }

    /// One file that could not be built: `message` is printed above the bar.
    pub fn file_failed(&mut self, message: &str) {
        self.clear();
        eprintln!("{message}");
        self.done += 1;
        self.draw(true);
    }

    /// Removes the bar, leaving the line empty for the summary.
    pub fn finish(&mut self) {
        self.clear();
    }

    fn clear(&mut self) {
        if self.live && self.last_draw.is_some() {
            eprint!("\r\x1b[2K");
            let _ = io::stderr().flush();
        }
    }

    fn draw(&mut self, force: bool) {
        if !self.live {
            return;
        }
        let now = Instant::now();
        let due = self
            .last_draw
            .is_none_or(|last| now.duration_since(last) >= FRAME);
        if !(force || due || self.done == self.total) {
            return;
        }
        self.last_draw = Some(now);
        let line = render(
            self.done,
            self.total,
            self.triples,
            now.duration_since(self.started),
            self.width,
        );
        eprint!("\r\x1b[2K{line}");
        let _ = io::stderr().flush();
    }
}

/// One frame: `[█████░░░░░]  12/40 files  34,567 triples  8.3 files/s  3 s left`,
/// no wider than `width - 1` columns (a full line would wrap).
pub fn render(
    done: usize,
    total: usize,
    triples: usize,
    elapsed: Duration,
    width: usize,
) -> String {
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        done as f64 / seconds
    } else {
        0.0
    };
    let mut text = format!(
        "{done:>w$}/{total} files  {} triples  {rate:.1} files/s",
        thousands(triples),
        w = total.to_string().len()
    );
    if done < total && rate > 0.0 {
        let left = (total - done) as f64 / rate;
        text.push_str(&format!("  {} left", duration(left)));
    } else {
        text.push_str(&format!("  {}", duration(seconds)));
    }
    let room = width.saturating_sub(1 + text.chars().count() + 4);
    let bar_width = room.min(30);
    if bar_width < 5 {
        return text.chars().take(width.saturating_sub(1)).collect();
    }
    let filled = (bar_width * done.min(total))
        .checked_div(total)
        .unwrap_or(bar_width);
    format!(
        "[{}{}]  {text}",
        "█".repeat(filled),
        "░".repeat(bar_width - filled)
    )
}

pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_shows_files_triples_rate_and_time_left() {
        let line = render(10, 40, 34_567, Duration::from_secs(2), 100);
        assert!(line.starts_with("[███████░░░░"), "{line}");
        assert!(line.contains("10/40 files"), "{line}");
        assert!(line.contains("34,567 triples"), "{line}");
        assert!(line.contains("5.0 files/s"), "{line}");
        assert!(line.contains("6 s left"), "{line}");
        assert!(line.chars().count() < 100);
        let done = render(40, 40, 1_000_000, Duration::from_secs(75), 100);
        assert!(done.contains("1,000,000 triples"), "{done}");
        assert!(done.contains("1 min 15 s"), "{done}");
        assert!(!done.contains('░'), "{done}");
    }

    #[test]
    fn a_narrow_terminal_gets_no_bar_and_no_wrap() {
        let line = render(1, 2, 10, Duration::from_secs(1), 30);
        assert!(!line.contains('['), "{line}");
        assert!(line.chars().count() < 30, "{line}");
    }

    #[test]
    fn nothing_is_drawn_off_a_terminal() {
        let mut p = Progress::new(2, false);
        p.file_done(5);
        p.file_done(5);
        p.finish();
        assert!(p.last_draw.is_none());
        assert_eq!((p.done, p.triples), (2, 10));
    }
}
