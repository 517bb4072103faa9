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

/// Every field of every model's headless JSON summary is explained in README's "Headless JSON"
/// table, and the views it lists are the ones the block parser accepts.
#[test]
fn readme_explains_every_summary_field_and_view() {
    let r = readme();
    let section = r
        .split("## Headless JSON")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a Headless JSON section");
    for name in sim::MODELS {
        let model = Model::from_name(name).expect("a model");
        let p = sim::resolve_params(model, Vec::<(String, String)>::new()).expect("defaults");
        let report = sim::run_headless(model, &p, 1, Some(5.0)).expect("a run");
        let json = serde_json::to_value(&report).expect("serialises");
        let summary = &json["summary"];
        let summaries: Vec<&serde_json::Value> = match summary.get("deployments") {
            Some(d) => d.as_object().expect("an object").values().collect(),
            None => vec![summary],
        };
        for s in summaries {
            for key in s.as_object().expect("an object").keys() {
                assert!(
                    section.contains(&format!("`{key}`")),
                    "README's Headless JSON table does not explain `{key}` ({name})"
                );
            }
        }
        let row = format!(
            "| `{name}` | {} |",
            model
                .views()
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(
            r.contains(&row),
            "README's views of `{name}` are stale: {row}"
        );
    }
}

/// The README's example of views and expectations is a valid block whose expectations hold.
#[test]
fn readme_expectation_example_holds() {
    use cloudtutor::api::content::expectations;
    use cloudtutor::api::sim::expect::Expectation;
    let r = readme();
    let start = r
        .find("```sim db-connections\nclient = inside")
        .expect("README shows an expectation example");
    let end = start + r[start + 3..].find("```").expect("closed") + 6;
    let (doc, issues) = cloudtutor::api::markdown::parse(&r[start..end], 1);
    assert!(issues.is_empty(), "{issues:?}");
    let block = doc.sims().next().expect("one sim block");
    assert!(expectations::block_problems(block).is_empty());
    assert_eq!(block.expects.len(), 2);
    let checks: Vec<(usize, Expectation)> = block
        .expects
        .iter()
        .map(|e| (e.line, Expectation::parse(&e.text).expect("parses")))
        .collect();
    let json = expectations::run_block(block, &checks).expect("runs");
    for (_, e) in &checks {
        assert_eq!(e.check(&json), Ok(()));
    }
}

/// The classroom section gives the teacher's and the student's commands, and every `present`
/// flag the README names is one `present --help` lists.
#[test]
fn readme_gives_the_teacher_and_student_commands_of_a_live_class() {
    let r = readme();
    let section = r
        .split("### Teaching a live class")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a classroom section");
    assert!(section.contains("cloudtutor present cold-starts --serve"));
    assert!(section.contains("ssh -p 2222 ada@192.168.1.20"));
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["present", "--help"])
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&help.stdout);
    let row = r
        .lines()
        .find(|l| l.contains("`cloudtutor present LESSON --serve"))
        .expect("the command table has the --serve row");
    for flag in row
        .split(['[', ']', ' ', '`'])
        .filter(|w| w.starts_with("--"))
    {
        assert!(
            help.contains(flag),
            "README names {flag}, present --help does not"
        );
    }
    for (flag, default) in [("--port", "2222"), ("--max-students", "100")] {
        assert!(
            help.lines().any(|l| l.contains(flag))
                && help.contains(&format!("[default: {default}]")),
            "{flag} default {default}"
        );
    }
}
