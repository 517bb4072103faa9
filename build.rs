//! Embeds the shipped course (lessons/*.md, quizzes/*.toml) into the binary, so `cargo install` works anywhere.
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn list(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() && path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn write_table(out: &mut String, name: &str, root: &Path, dir: &str, files: &[PathBuf]) {
    out.push_str(&format!("pub static {name}: &[(&str, &[u8])] = &[\n"));
    for f in files {
        let file_name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let abs = root.join(f);
        out.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            format!("{dir}/{file_name}"),
            abs
        ));
    }
    out.push_str("];\n");
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo:rerun-if-changed=quizzes");
    let lessons = list(&root.join("lessons"), "md");
    let quizzes = list(&root.join("quizzes"), "toml");
    let mut out = String::new();
    write_table(&mut out, "LESSONS", &root, "lessons", &lessons);
    write_table(&mut out, "QUIZZES", &root, "quizzes", &quizzes);
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    let mut file = fs::File::create(&dest).expect("OUT_DIR is writable");
    file.write_all(out.as_bytes()).expect("OUT_DIR is writable");
}
