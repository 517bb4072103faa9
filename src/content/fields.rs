//! Typed reading of TOML tables that keeps going after an error and knows the line of every key.
//!
//! serde stops at the first bad field and loses the position of missing keys; a course author wants
//! every problem at once, each with its line. So content is parsed into toml's spanned tree and read
//! field by field here.
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::sanitize;

/// The file a table came from: its display path and a line index over the TOML text.
pub struct Source<'a> {
    pub path: &'a str,
    pub lines: LineIndex,
}

impl Source<'_> {
    /// The file line of a byte span's start.
    pub fn line(&self, span: &std::ops::Range<usize>) -> usize {
        self.lines.line(span.start)
    }
}

/// One TOML table being read, with where to report problems.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    src: &'a Source<'a>,
    /// Line reported for a missing key: the table's header.
    line: usize,
    /// How messages name this table, e.g. "front matter" or "question q3".
    what: String,
}

/// Content strings are shown wrapped to the screen, so line breaks inside them (TOML multi-line
/// strings) only mark where the author's editor wrapped: every run of white space becomes one
/// space, and control characters go.
fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    sanitize::clean(&joined).into_owned()
}

/// A human name for a TOML value's type, for "wrong type" messages.
fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Reads an integer literal in any TOML radix.
/// Why an index into a list of `len` entries is out of range, in words: "it has 3 entries, so
/// valid indices are 0 to 2", with the right forms for one entry and for none.
pub(super) fn valid_indices(len: usize) -> String {
    match len {
        0 => "it is empty, so no index is valid".to_string(),
        1 => "it has 1 entry, so the only valid index is 0".to_string(),
        n => format!("it has {n} entries, so valid indices are 0 to {}", n - 1),
    }
}

fn int_value(v: &DeValue<'_>) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

/// Reads a number, integer or float (authors write `answer = 12` as readily as `12.0`).
fn num_value(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        DeValue::Integer(_) => int_value(v).map(|i| i as f64),
        _ => None,
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Starts reading `table`, whose header (or first line) is `line`.
    pub fn new(
        table: &'a DeTable<'i>,
        src: &'a Source<'a>,
        line: usize,
        what: impl Into<String>,
    ) -> Self {
        Self {
            table,
            src,
            line,
            what: what.into(),
        }
    }

    /// A nested table of the same file (an inline table in an array).
    pub fn child(
        &self,
        table: &'a DeTable<'i>,
        line: usize,
        what: impl Into<String>,
    ) -> Fields<'a, 'i> {
        Fields::new(table, self.src, line, what)
    }

    /// Changes how messages name this table (once its id is known).
    pub fn rename(&mut self, what: impl Into<String>) {
        self.what = what.into();
    }

    fn raw(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// The line of `key`'s value, or of the table when the key is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.raw(key)
            .map_or(self.line, |v| self.src.line(&v.span()))
    }

    /// Whether `key` is present at all.
    pub fn has(&self, key: &str) -> bool {
        self.raw(key).is_some()
    }

    fn missing(&self, key: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(Diagnostic::at(
            self.src.path,
            self.line,
            format!("{}: missing required key `{key}`", self.what),
        ));
    }

    fn wrong(&self, key: &str, want: &str, v: &Spanned<DeValue<'_>>, diags: &mut Vec<Diagnostic>) {
        diags.push(Diagnostic::at(
            self.src.path,
            self.src.line(&v.span()),
            format!(
                "{}: `{key}` must be {want}, found {}",
                self.what,
                type_name(v.get_ref())
            ),
        ));
    }

    /// Reports a problem with `key`'s value at its line.
    pub fn error(&self, key: &str, message: impl std::fmt::Display, diags: &mut Vec<Diagnostic>) {
        diags.push(Diagnostic::at(
            self.src.path,
            self.line_of(key),
            format!("{}: {message}", self.what),
        ));
    }

    /// An optional non-empty string, control characters stripped.
    pub fn opt_str(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.error(key, format!("`{key}` must not be empty"), diags);
                None
            }
            DeValue::String(s) => Some(one_line(s)),
            _ => {
                self.wrong(key, "a string", v, diags);
                None
            }
        }
    }

    /// A required non-empty string.
    pub fn req_str(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
        if !self.has(key) {
            self.missing(key, diags);
            return None;
        }
        self.opt_str(key, diags)
    }

    /// An optional whole number >= 0.
    pub fn opt_u32(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<u32> {
        let v = self.raw(key)?;
        match int_value(v.get_ref()).map(u32::try_from) {
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => {
                self.error(
                    key,
                    format!("`{key}` must be a whole number from 0 to {}", u32::MAX),
                    diags,
                );
                None
            }
            None => {
                self.wrong(key, "a whole number", v, diags);
                None
            }
        }
    }

    /// A required whole number >= 0.
    pub fn req_u32(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<u32> {
        if !self.has(key) {
            self.missing(key, diags);
            return None;
        }
        self.opt_u32(key, diags)
    }

    /// An optional finite number.
    pub fn opt_f64(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<f64> {
        let v = self.raw(key)?;
        match num_value(v.get_ref()) {
            Some(n) if n.is_finite() => Some(n),
            Some(_) => {
                self.error(key, format!("`{key}` must be a finite number"), diags);
                None
            }
            None => {
                self.wrong(key, "a number", v, diags);
                None
            }
        }
    }

    /// A required finite number.
    pub fn req_f64(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<f64> {
        if !self.has(key) {
            self.missing(key, diags);
            return None;
        }
        self.opt_f64(key, diags)
    }

    /// A required boolean.
    pub fn req_bool(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        let Some(v) = self.raw(key) else {
            self.missing(key, diags);
            return None;
        };
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong(key, "true or false", v, diags);
                None
            }
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong(key, "true or false", v, diags);
                None
            }
        }
    }

    /// A nested table (`[question.vars]` or `vars = { ... }`), to read field by field.
    pub fn table(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Fields<'a, 'i>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Table(t) => {
                Some(self.child(t, self.src.line(&v.span()), format!("{} {key}", self.what)))
            }
            _ => {
                self.wrong(key, "a table", v, diags);
                None
            }
        }
    }

    /// A generator variable: a non-empty array of numbers, or `{ min, max, step }` with
    /// `min <= max` and `step > 0`.
    pub fn var(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<super::generated::Values> {
        use super::generated::Values;
        let Some(v) = self.raw(key) else {
            self.missing(key, diags);
            return None;
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                let nums: Option<Vec<f64>> = items
                    .iter()
                    .map(|i| num_value(i.get_ref()).filter(|n| n.is_finite()))
                    .collect();
                match nums {
                    Some(n) if !n.is_empty() => Some(Values::List(n)),
                    _ => {
                        self.error(
                            key,
                            format!("`{key}` must be a non-empty array of numbers"),
                            diags,
                        );
                        None
                    }
                }
            }
            DeValue::Table(t) => {
                let sub = self.child(t, self.src.line(&v.span()), format!("{} {key}", self.what));
                sub.unknown_keys(&["min", "max", "step"], diags);
                let (min, max) = (sub.req_f64("min", diags)?, sub.req_f64("max", diags)?);
                let step = sub.opt_f64("step", diags).unwrap_or(1.0);
                if min > max || step <= 0.0 || (max - min) / step > 1e9 {
                    self.error(
                        key,
                        format!("`{key}` needs min <= max and a step > 0 (at most 1e9 steps)"),
                        diags,
                    );
                    return None;
                }
                Some(Values::Range { min, max, step })
            }
            _ => {
                self.wrong(
                    key,
                    "an array of numbers or a { min, max, step } table",
                    v,
                    diags,
                );
                None
            }
        }
    }

    /// Every key of this table with its value written as text (numbers, booleans and strings),
    /// for tables whose keys are checked elsewhere (sim parameters).
    pub fn scalars(&self, diags: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, v) in self.table.iter() {
            let key = sanitize::clean(k.get_ref()).into_owned();
            let text = match v.get_ref() {
                DeValue::String(s) => one_line(s),
                DeValue::Integer(_) => {
                    int_value(v.get_ref()).map_or_else(String::new, |i| i.to_string())
                }
                DeValue::Float(f) => f.as_str().to_string(),
                DeValue::Boolean(b) => b.to_string(),
                other => {
                    diags.push(Diagnostic::at(
                        self.src.path,
                        self.src.line(&v.span()),
                        format!(
                            "{}: `{key}` must be a number, a word or true/false, found {}",
                            self.what,
                            type_name(other)
                        ),
                    ));
                    continue;
                }
            };
            out.push((key, text));
        }
        out
    }

    /// An optional array of strings; each must be a non-empty string.
    pub fn opt_str_list(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
        let v = self.raw(key)?;
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong(key, "an array of strings", v, diags);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => out.push(one_line(s)),
                DeValue::String(_) => {
                    diags.push(Diagnostic::at(
                        self.src.path,
                        self.src.line(&item.span()),
                        format!("{}: `{key}` has an empty entry", self.what),
                    ));
                    ok = false;
                }
                other => {
                    diags.push(Diagnostic::at(
                        self.src.path,
                        self.src.line(&item.span()),
                        format!(
                            "{}: every entry of `{key}` must be a string, found {}",
                            self.what,
                            type_name(other)
                        ),
                    ));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// A required, non-empty array of strings.
    pub fn req_str_list(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
        if !self.has(key) {
            self.missing(key, diags);
            return None;
        }
        let list = self.opt_str_list(key, diags)?;
        if list.is_empty() {
            self.error(key, format!("`{key}` must not be empty"), diags);
            return None;
        }
        Some(list)
    }

    /// A required index into a list of `len` entries (`answer = 2`).
    pub fn req_index(
        &self,
        key: &str,
        len: usize,
        list: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let v = self.raw(key);
        let n = self.req_int(key, diags)?;
        match usize::try_from(n) {
            Ok(i) if i < len => Some(i),
            _ => {
                let line = v.map_or(self.line, |v| self.src.line(&v.span()));
                diags.push(Diagnostic::at(
                    self.src.path,
                    line,
                    format!(
                        "{}: `{key}` = {n} does not fit `{list}`: {}",
                        self.what,
                        valid_indices(len)
                    ),
                ));
                None
            }
        }
    }

    fn req_int(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<i64> {
        let Some(v) = self.raw(key) else {
            self.missing(key, diags);
            return None;
        };
        let n = int_value(v.get_ref());
        if n.is_none() {
            self.wrong(key, "a whole number (an index, counting from 0)", v, diags);
        }
        n
    }

    /// A required, non-empty list of distinct indices into a list of `len` entries (`answers = [0, 2]`).
    pub fn req_index_list(
        &self,
        key: &str,
        len: usize,
        list: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Vec<usize>> {
        let Some(v) = self.raw(key) else {
            self.missing(key, diags);
            return None;
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong(key, "an array of indices", v, diags);
            return None;
        };
        if items.is_empty() {
            self.error(
                key,
                format!("`{key}` must list at least one right choice"),
                diags,
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let line = self.src.line(&item.span());
            match int_value(item.get_ref()).map(usize::try_from) {
                Some(Ok(i)) if i < len && !out.contains(&i) => out.push(i),
                Some(Ok(i)) if i < len => {
                    diags.push(Diagnostic::at(
                        self.src.path,
                        line,
                        format!("{}: `{key}` lists {i} twice", self.what),
                    ));
                    ok = false;
                }
                Some(_) => {
                    diags.push(Diagnostic::at(
                        self.src.path,
                        line,
                        format!(
                            "{}: an entry of `{key}` does not fit `{list}`: {}",
                            self.what,
                            valid_indices(len)
                        ),
                    ));
                    ok = false;
                }
                None => {
                    diags.push(Diagnostic::at(
                        self.src.path,
                        line,
                        format!(
                            "{}: every entry of `{key}` must be a whole number, found {}",
                            self.what,
                            type_name(item.get_ref())
                        ),
                    ));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// The tables of an array of tables (`[[question]]`, or `items = [{...}, {...}]`), each with its line.
    pub fn tables(
        &self,
        key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Vec<(usize, &'a DeTable<'i>)>> {
        let v = self.raw(key)?;
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong(key, "an array of tables", v, diags);
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((self.src.line(&item.span()), t)),
                other => diags.push(Diagnostic::at(
                    self.src.path,
                    self.src.line(&item.span()),
                    format!(
                        "{}: every entry of `{key}` must be a table, found {}",
                        self.what,
                        type_name(other)
                    ),
                )),
            }
        }
        Some(out)
    }

    /// Reports keys this table does not know, which are nearly always typos (`explaination`).
    pub fn unknown_keys(&self, allowed: &[&str], diags: &mut Vec<Diagnostic>) {
        let mut unknown: Vec<(usize, &str)> = self
            .table
            .iter()
            .filter(|(k, _)| !allowed.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| (self.src.line(&k.span()), k.get_ref().as_ref()))
            .collect();
        unknown.sort();
        for (line, key) in unknown {
            diags.push(Diagnostic::at(
                self.src.path,
                line,
                format!(
                    "{}: unknown key `{}` (expected one of: {})",
                    self.what,
                    sanitize::clean(key),
                    allowed.join(", ")
                ),
            ));
        }
    }
}

/// Parses TOML text into its spanned tree, turning every syntax error into a diagnostic with a line.
/// Returns `None` when the text is too broken to read any further.
pub fn parse_table<'i>(
    text: &'i str,
    src: &Source<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    for e in &errors {
        let line = e.span().map_or(src.lines.line(0), |s| src.line(&s));
        let msg = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .trim()
            .to_string();
        diags.push(Diagnostic::at(
            src.path,
            line,
            format!("TOML syntax error: {}", sanitize::clean(&msg)),
        ));
    }
    None
}
