//! Property tests of the simulation's parsers: `--set KEY=VALUE` arguments, lesson block
//! parameters and traffic traces never panic on any input, and errors name what was wrong.
use proptest::prelude::*;

use super::traffic::Trace;
use super::{MODELS, Model, check_param, parse_assignments, resolve_params};

fn assignment() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "rate",
        "peak",
        "traffic",
        "instances",
        "slots",
        "keep_alive_s",
        "runtime",
        "memory_mb",
        "client",
        "proxy",
        "requests",
        "arch",
        "free_tier",
        "instance",
        "deployments",
        "trace",
        "nope",
        "",
    ]);
    let values = prop::sample::select(vec![
        "1",
        "0",
        "-1",
        "1e308",
        "NaN",
        "inf",
        "0.5",
        "true",
        "maybe",
        "spike",
        "arm",
        "t4g.small",
        "onprem,lambda",
        "lambda,lambda",
        "",
        " 7 ",
        "1_000",
    ]);
    prop_oneof![
        (keys, values).prop_map(|(k, v)| format!("{k}={v}")),
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn set_arguments_never_panic(model in prop::sample::select(MODELS.to_vec()), args in prop::collection::vec(assignment(), 0..6)) {
        let m = Model::from_name(model).expect("a listed model");
        if let Ok(pairs) = parse_assignments(m, &args) {
            let _ = resolve_params(m, pairs);
        }
    }

    #[test]
    fn block_parameters_never_panic(model in any::<String>(), key in any::<String>(), value in any::<String>()) {
        let r = check_param(&model, &key, &value);
        if !MODELS.contains(&model.as_str()) {
            prop_assert!(r.is_err());
        }
    }

    #[test]
    fn traces_never_panic(text in any::<String>(), lines in prop::collection::vec("[0-9.,-]{0,12}", 0..20)) {
        let _ = Trace::parse("t.csv", &text);
        let csv = format!("second,rate\n{}", lines.join("\n"));
        if let Err(e) = Trace::parse("t.csv", &csv) {
            prop_assert!(e.to_string().contains("t.csv"), "{e}");
        }
    }
}
