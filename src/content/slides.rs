//! A lesson cut into slides for a classroom: a new slide at every `##` heading (and at a `#` heading
//! after the first slide), `<!-- pause -->` markers that reveal a slide step by step, and one
//! question per slide: a section with checkpoint questions (```` ```quiz QUIZ/QUESTION ````) is cut
//! after each, so what follows a question (a simulation, a second question) gets a slide of its
//! own, and each question is asked once, in the presenter's question box rather than in the text.
use super::Lesson;
use crate::markdown::{self, Document};

/// One slide: its steps, each the Markdown revealed up to that point, already parsed, and the
/// question it ends on.
#[derive(Debug, Clone)]
pub struct Slide {
    pub title: String,
    /// `steps[k]` is the slide with the first k+1 parts shown (the checkpoint block left out).
    pub steps: Vec<Document>,
    /// The checkpoint question the slide ends on, `QUIZ/QUESTION`: shown as a step of its own
    /// after the last text step, so the text first has the whole screen.
    pub question: Option<String>,
    /// The 1-based line of the lesson file the slide starts on (for `check`'s warnings).
    pub line: usize,
}

impl Slide {
    /// Steps in all: the text steps, plus one for the question.
    pub fn step_count(&self) -> usize {
        (self.steps.len() + usize::from(self.question.is_some())).max(1)
    }

    /// The document shown at `step` (the question step shows the full text).
    pub fn document(&self, step: usize) -> Option<&Document> {
        self.steps.get(step.min(self.steps.len().saturating_sub(1)))
    }

    /// Whether `step` is the question step.
    pub fn asks_at(&self, step: usize) -> bool {
        self.question.is_some() && step + 1 >= self.step_count()
    }
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

/// The target of a top-level checkpoint fence opening (```` ```quiz QUIZ/QUESTION ````).
fn checkpoint_target(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("```")
        .or_else(|| line.strip_prefix("~~~"))?;
    let rest = rest.trim_start_matches(['`', '~']);
    let target = rest.trim().strip_prefix("quiz")?;
    target
        .starts_with(char::is_whitespace)
        .then(|| target.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// A slide being collected: title, parts (text, first line), and the question it ended on.
struct Raw {
    title: String,
    parts: Vec<(String, usize)>,
    question: Option<String>,
}

/// Cuts a lesson into slides. The first slide is the title slide (the lesson title, its summary and
/// objectives) unless the body has text before its first heading, which then opens it.
pub fn slides(lesson: &Lesson) -> Vec<Slide> {
    let mut raw: Vec<Raw> = Vec::new();
    let mut fence: Option<String> = None;
    // Inside a checkpoint fence: its lines are not slide text.
    let mut in_checkpoint = false;
    let mut title = lesson.title.clone();
    let mut parts: Vec<(String, usize)> = vec![(String::new(), lesson.source_line)];
    // After a question, the section's rest starts with a made-up heading: alone, it is no slide.
    let mut continued = false;
    let flush = |title: &str,
                 parts: &mut Vec<(String, usize)>,
                 question: Option<String>,
                 continued: bool,
                 raw: &mut Vec<Raw>| {
        let text = parts.iter().filter(|(p, _)| !p.trim().is_empty()).count() > 0;
        let only_heading = continued
            && parts
                .iter()
                .flat_map(|(p, _)| p.lines())
                .filter(|l| !l.trim().is_empty())
                .all(|l| heading_level(l) == Some(2));
        if question.is_some() || (text && !only_heading) {
            raw.push(Raw {
                title: title.to_string(),
                parts: std::mem::take(parts),
                question,
            });
        }
        parts.clear();
    };
    for (i, line) in lesson.source.lines().enumerate() {
        let line_no = lesson.source_line + i;
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
                if in_checkpoint {
                    in_checkpoint = false;
                    // The section goes on after the question under the same heading (two lines
                    // of it made up here, so the parts' line numbers stay those of the file).
                    parts = vec![(format!("## {title}\n\n"), (line_no + 1).saturating_sub(2))];
                    continued = true;
                    continue;
                }
            }
            if in_checkpoint {
                continue;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(
                trimmed
                    .chars()
                    .take_while(|c| *c == '`' || *c == '~')
                    .collect(),
            );
            // Only a checkpoint at the margin ends a slide (one nested in a list stays text).
            if let Some(target) = checkpoint_target(line) {
                flush(&title, &mut parts, Some(target), continued, &mut raw);
                in_checkpoint = true;
                continue;
            }
        } else if let Some(level) = heading_level(line) {
            let first_h1 =
                level == 1 && raw.is_empty() && parts.iter().all(|(p, _)| p.trim().is_empty());
            if !first_h1 {
                flush(&title, &mut parts, None, continued, &mut raw);
                continued = false;
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
    flush(&title, &mut parts, None, continued, &mut raw);
    // A first slide that is only the lesson's `#` heading says less than the title slide.
    if raw.first().is_some_and(|r| {
        r.question.is_none()
            && r.parts
                .iter()
                .flat_map(|(p, _)| p.lines())
                .filter(|l| !l.trim().is_empty())
                .all(|l| heading_level(l) == Some(1))
    }) {
        raw.remove(0);
    }

    let mut out = Vec::new();
    if raw.first().is_none_or(|r| r.title != lesson.title) {
        out.push(title_slide(lesson));
    }
    for r in raw {
        let mut shown = String::new();
        let first_line = r.parts.first().map_or(lesson.source_line, |p| p.1);
        let line = first_line.max(1);
        let steps = r
            .parts
            .iter()
            .filter(|(p, _)| !p.trim().is_empty())
            .map(|(p, _)| {
                shown.push_str(p);
                shown.push('\n');
                markdown::parse(&shown, first_line).0
            })
            .collect();
        out.push(Slide {
            title: r.title,
            steps,
            question: r.question,
            line,
        });
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
        question: None,
        line: lesson.source_line.max(1),
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

    #[test]
    fn a_section_is_cut_after_each_question_and_the_rest_follows() {
        let l = lesson(
            "## One\n\nFormula.\n\n```quiz z/p\n```\n\nThen a sim.\n\n```sim scaling\n```\n\n```quiz z/q\n```\n\n## Two\n\nEnd.\n",
        );
        let s = slides(&l);
        let shape: Vec<(&str, Option<&str>, usize)> = s
            .iter()
            .map(|s| (s.title.as_str(), s.question.as_deref(), s.step_count()))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("Alpha", None, 1),
                ("One", Some("z/p"), 2),
                ("One", Some("z/q"), 2),
                ("Two", None, 1)
            ],
            "a question is a step of its own; nothing after the last question is lost"
        );
        let text = |s: &Slide| {
            crate::markdown::to_plain_string(
                &crate::markdown::render(
                    s.document(9).unwrap(),
                    &crate::markdown::RenderOptions::new(60, &crate::markdown::Styles::plain()),
                )
                .text,
            )
        };
        assert!(
            !text(&s[1]).contains("z/p"),
            "the question is not in the text"
        );
        assert!(text(&s[2]).contains("One") && text(&s[2]).contains("Then a sim."));
        assert_eq!(
            s[2].document(0).unwrap().live_blocks().count(),
            1,
            "the sim only"
        );
        assert!(s[1].asks_at(1) && !s[1].asks_at(0));
        assert_eq!(s[1].line, 7);
    }

    #[test]
    fn a_section_ending_on_its_question_leaves_no_empty_slide() {
        let l = lesson("## One\n\nText.\n\n```quiz z/p\n```\n\n## Two\n\nEnd.\n");
        let titles: Vec<String> = slides(&l).into_iter().map(|s| s.title).collect();
        assert_eq!(titles, vec!["Alpha", "One", "Two"]);
    }
}
