//! README.md promises: the two set-up commands, and the simulation parameter tables exactly as
//! the models define them (one source of truth: the tables are generated from the code).
use cloudtutor::api::sim::{self, Model};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md exists")
}

#[test]
fn readme_gives_the_two_commands() {
    let r = readme();
    assert!(r.contains("cargo run --release"));
    assert!(r.contains("cargo test "), "the test command");
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run"))
        .expect(".ci/run exists");
    // The README's test command, as written in its set-up block, is what CI runs.
    let command = r
        .lines()
        .find(|l| l.contains("# run the test suite"))
        .and_then(|l| l.split('#').next())
        .map(str::trim)
        .expect("README names its test command");
    assert!(
        ci.lines()
            .map(str::trim)
            .any(|l| l == command || l.starts_with(&format!("{command} "))),
        "CI runs `{command}`"
    );
}

#[test]
fn readme_parameter_tables_match_the_models() {
    let r = readme();
    for name in sim::MODELS {
        let model = Model::from_name(name).expect("a model");
        let mut table = String::new();
        sim::params::markdown_table(&mut table, model.params());
        assert!(
            r.contains(table.trim()),
            "README's table for `{name}` is stale: regenerate it with `cloudtutor sim {name} --params`"
        );
    }
}
