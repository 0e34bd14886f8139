//! `rathaus`: the one binary. Thin by design: it parses the command line, loads the
//! configuration and calls into the library crates.
#![forbid(unsafe_code)]

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// A request allocates many small, short-lived values (headers, pages, rows); mimalloc
/// serves those with less work and less lock contention than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rathaus: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rathaus: {e}");
            ExitCode::FAILURE
        }
    }
}
