//! Simulation engine and models. INTERFACE STUB: replaced by the simulation work.

/// The models a ```` ```sim MODEL ```` block or `cloudtutor sim MODEL` may name.
pub const MODELS: &[&str] = &["scaling", "cold-start", "db-connections", "cost"];

/// Checks one `key = value` parameter of a model, for `cloudtutor check` and lesson sim blocks.
/// The error lists the valid keys or values.
pub fn check_param(model: &str, key: &str, value: &str) -> Result<(), String> {
    let _ = (key, value);
    if MODELS.contains(&model) {
        Ok(())
    } else {
        Err(format!(
            "unknown sim model `{model}` (valid: {})",
            MODELS.join(", ")
        ))
    }
}
