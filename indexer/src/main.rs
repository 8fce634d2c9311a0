//! `indexer`: turns `seeds/` into the handbook's search bundle, and checks and queries it.

use std::process::ExitCode;

fn main() -> ExitCode {
    match indexer::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
