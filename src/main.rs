//! The `edupol` command. All the work is in the library; this only parses the
//! command line, runs it and turns the outcome into an exit status
//! (0 ok, 1 failure, 2 usage).

use std::process::ExitCode;

use clap::Parser;
use edupol::cli::{run, Cli};

// mimalloc (also C's malloc, see Cargo.toml): the pipeline and oxigraph's
// bulk loader allocate and free small strings and keys by the million, and
// glibc's malloc and free were a sixth of the extraction's instructions
// (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse(); // exits 2 on usage errors, 0 on --help
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("edupol: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}
