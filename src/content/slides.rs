//! A lesson cut into slides for a classroom: a new slide at every `##` heading (and at a `#` heading
//! after the first slide), and `<!-- pause -->` markers that reveal a slide step by step.
use super::Lesson;
use crate::markdown::{self, Document};

/// One slide: its steps, each the Markdown revealed up to that point, already parsed.
#[derive(Debug, Clone)]
pub struct Slide {
    pub title: String,
    /// `steps[k]` is the slide with the first k+1 parts shown.
    pub steps: Vec<Document>,
}

/// Whether a line is a pause marker.
fn is_pause(line: &str) -> bool {
    let t = line.trim();
    t.strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim() == "pause")
}

/// Whether a line starts a new slide (outside code fences).
fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    (1..=2)
        .contains(&hashes)
        .then_some(hashes)
        .filter(|_| line[hashes..].starts_with(' '))
}

/// Cuts a lesson into slides. The first slide is the title slide (the lesson title, its summary and
/// objectives) unless the body has text before its first heading, which then opens it.
pub fn slides(lesson: &Lesson) -> Vec<Slide> {
    let mut raw: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    let mut fence: Option<String> = None;
    let mut title = lesson.title.clone();
    let mut parts: Vec<(String, usize)> = vec![(String::new(), lesson.source_line)];
    let flush = |title: &mut String,
                 parts: &mut Vec<(String, usize)>,
                 raw: &mut Vec<(String, Vec<(String, usize)>)>| {
        if parts.iter().any(|(p, _)| !p.trim().is_empty()) {
            raw.push((title.clone(), std::mem::take(parts)));
        }
        parts.clear();
    };
    for (i, line) in lesson.source.lines().enumerate() {
        let line_no = lesson.source_line + i;
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(
                trimmed
                    .chars()
                    .take_while(|c| *c == '`' || *c == '~')
                    .collect(),
            );
        } else if let Some(level) = heading_level(line) {
            let first_h1 =
                level == 1 && raw.is_empty() && parts.iter().all(|(p, _)| p.trim().is_empty());
            if !first_h1 {
                flush(&mut title, &mut parts, &mut raw);
                title = line[level..].trim().to_string();
                parts = vec![(String::new(), line_no)];
            }
        } else if is_pause(line) {
            parts.push((String::new(), line_no + 1));
            continue;
        }
        if let Some((text, _)) = parts.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    flush(&mut title, &mut parts, &mut raw);
    // A first slide that is only the lesson's `#` heading says less than the title slide.
    if raw.first().is_some_and(|(_, parts)| {
        parts
            .iter()
            .flat_map(|(p, _)| p.lines())
            .filter(|l| !l.trim().is_empty())
            .all(|l| heading_level(l) == Some(1))
    }) {
        raw.remove(0);
    }

    let mut out = Vec::new();
    if raw.first().is_none_or(|(t, _)| *t != lesson.title) {
        out.push(title_slide(lesson));
    }
    for (title, parts) in raw {
        let mut shown = String::new();
        let first_line = parts.first().map_or(lesson.source_line, |p| p.1);
        let steps = parts
            .iter()
            .filter(|(p, _)| !p.trim().is_empty())
            .map(|(p, _)| {
                shown.push_str(p);
                shown.push('\n');
                markdown::parse(&shown, first_line).0
            })
            .collect();
        out.push(Slide { title, steps });
    }
    out
}

fn title_slide(lesson: &Lesson) -> Slide {
    let mut md = format!("# {}\n\n", lesson.title);
    if let Some(s) = &lesson.summary {
        md.push_str(&format!("{s}\n\n"));
    }
    for o in &lesson.objectives {
        md.push_str(&format!("- {o}\n"));
    }
    Slide {
        title: lesson.title.clone(),
        steps: vec![markdown::parse(&md, 1).0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(body: &str) -> Lesson {
        let text = format!(
            "+++\nid = \"a\"\ntitle = \"Alpha\"\norder = 1\nsummary = \"Sum\"\n+++\n{body}"
        );
        let mut diags = Vec::new();
        super::super::lesson::parse("a.md", &text, &mut diags).expect("parses")
    }

    #[test]
    fn splits_at_h2_and_reveals_at_pauses() {
        let l = lesson(
            "# Alpha\n\nIntro.\n\n## One\n\nFirst.\n\n<!-- pause -->\n\nSecond.\n\n```text\n## not a heading\n```\n\n## Two\n\nThird.\n",
        );
        let s = slides(&l);
        let titles: Vec<&str> = s.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, vec!["Alpha", "One", "Two"]);
        assert_eq!(s[1].steps.len(), 2, "one pause gives two steps");
        assert_eq!(s[2].steps.len(), 1);
    }

    #[test]
    fn a_body_without_intro_gets_a_title_slide() {
        let l = lesson("## One\n\nText.\n");
        let s = slides(&l);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].title, "Alpha");
        assert_eq!(s[1].title, "One");
    }
}
