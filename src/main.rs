//! The `emle` command: parses arguments, runs the engine, maps the outcome to
//! an exit status (0 clean, 1 findings, 2 errors).

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
