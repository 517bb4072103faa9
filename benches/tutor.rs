//! Benchmarks of the tutor's hot paths: rendering a lesson, checking the course, and drawing a
//! full reader frame. Run with `cargo bench --bench tutor`.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use cloudtutor::api::content::{Catalog, ContentSource};
use cloudtutor::api::markdown::{self, RenderOptions, Styles};
use cloudtutor::api::tutor::{App, Theme, draw, open_lesson};

fn largest_lesson(catalog: &Catalog) -> usize {
    let sizes = catalog.lessons.iter().map(|l| l.body.blocks.len());
    sizes
        .enumerate()
        .max_by_key(|(_, n)| *n)
        .map_or(0, |(i, _)| i)
}

fn benches(c: &mut Criterion) {
    c.bench_function("check: load and validate the shipped course", |b| {
        b.iter(|| black_box(Catalog::load(&ContentSource::Embedded)))
    });

    let catalog = Catalog::load(&ContentSource::Embedded);
    let idx = largest_lesson(&catalog);
    let styles = Styles::default();
    c.bench_function("render: largest lesson at width 200", |b| {
        let opts = RenderOptions {
            width: 200,
            styles: &styles,
            checkpoint: None,
            sim_rows: 8,
        };
        b.iter(|| black_box(markdown::render(&catalog.lessons[idx].body, &opts)))
    });

    let theme = Theme::dark();
    let mut app = App::new(catalog, (200, 60), theme.markdown.clone());
    open_lesson(&mut app, idx);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    c.bench_function("frame: draw the reader at 200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| draw(f, &app, &theme)).expect("draw");
        })
    });
}

criterion_group!(tutor, benches);
criterion_main!(tutor);
