use std::process::ExitCode;

fn main() -> ExitCode {
    cloudtutor::main()
}
