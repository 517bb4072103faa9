//! Any `--set KEY=VALUE` arguments and lesson block parameters: a clear error or a valid parameter
//! set, never a panic.
#![no_main]
use cloudtutor::api::sim::{self, Model};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, Vec<String>)| {
    let (m, args) = input;
    let name = sim::MODELS[usize::from(m) % sim::MODELS.len()];
    let model = Model::from_name(name).expect("listed");
    if let Ok(pairs) = sim::parse_assignments(model, &args) {
        for (k, v) in &pairs {
            let _ = sim::check_param(name, k, v);
        }
        let _ = sim::resolve_params(model, pairs);
    }
});
