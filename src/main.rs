//! The `kl-extract` binary: all the work is in the library.

fn main() -> std::process::ExitCode {
    kl_extract::cli::main()
}
