//! Tables: column widths from content, shrunk to the available width, cells wrapped at word
//! boundaries and aligned inside box-drawing borders. A table that cannot fit without chopping its
//! words into pieces falls back to a stacked "header: value" layout, which reads better at such
//! widths and never overflows.
use ratatui::style::Style;

use super::inline::push_inlines;
use super::model::{Alignment, Cell, Table};
use super::style::Styles;
use super::wrap::{Row, Wrapper};

/// Natural width when no wrapping is needed: effectively unbounded.
const UNBOUNDED: usize = usize::MAX / 4;

/// Words longer than this (URLs, identifiers) may be broken inside a cell rather than forcing the
/// stacked layout.
const MAX_UNBROKEN_WORD: usize = 16;

struct Laid {
    rows: Vec<Row>,
    natural: usize,
    /// Narrowest width without breaking a word (capped at `MAX_UNBROKEN_WORD`).
    word: usize,
}

fn lay(cell: &Cell, width: usize, style: Style, styles: &Styles) -> Laid {
    let mut w = Wrapper::new(width);
    push_inlines(&mut w, cell, style, styles);
    let word = w
        .max_word()
        .min(MAX_UNBROKEN_WORD)
        .max(w.max_cluster())
        .max(1);
    let rows = w.finish();
    let natural = rows.iter().map(|r| r.width).max().unwrap_or(0);
    Laid {
        rows,
        natural,
        word,
    }
}

/// Renders a table into rows of at most `avail` columns (each row one output line).
pub fn render_table(table: &Table, avail: usize, styles: &Styles, base: Style) -> Vec<Row> {
    let columns = table.header.len();
    if columns == 0 {
        return vec![Row::default()];
    }
    let header_style = base.patch(styles.table_header);
    let mut grid: Vec<Vec<Laid>> = Vec::with_capacity(table.rows.len() + 1);
    grid.push(
        table
            .header
            .iter()
            .map(|c| lay(c, UNBOUNDED, header_style, styles))
            .collect(),
    );
    for row in &table.rows {
        grid.push(
            row.iter()
                .take(columns)
                .map(|c| lay(c, UNBOUNDED, base, styles))
                .collect(),
        );
    }
    let mut natural = vec![1usize; columns];
    let mut min = vec![1usize; columns];
    for row in &grid {
        for (j, cell) in row.iter().enumerate() {
            natural[j] = natural[j].max(cell.natural);
            min[j] = min[j].max(cell.word);
        }
    }
    let overhead = 3 * columns + 1;
    let Some(room) = avail.checked_sub(overhead) else {
        return stacked(table, avail, styles, base);
    };
    let widths = if natural.iter().sum::<usize>() <= room {
        natural
    } else if min.iter().sum::<usize>() <= room {
        fit(&natural, &min, room)
    } else {
        return stacked(table, avail, styles, base);
    };

    // Re-wrap the cells that do not fit their column.
    for (i, row) in grid.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            if cell.natural > widths[j] {
                let style = if i == 0 { header_style } else { base };
                let source = if i == 0 {
                    &table.header[j]
                } else {
                    &table.rows[i - 1][j]
                };
                *cell = lay(source, widths[j], style, styles);
            }
        }
    }

    let border = base.patch(styles.table_border);
    let rule = |left: &str, fill: char, mid: &str, right: &str| {
        let mut row = Row::default();
        row.push(left, border);
        for (j, w) in widths.iter().enumerate() {
            if j > 0 {
                row.push(mid, border);
            }
            row.repeat(fill, w + 2, border);
        }
        row.push(right, border);
        row
    };
    let multi_line = grid
        .iter()
        .skip(1)
        .any(|r| r.iter().any(|c| c.rows.len() > 1));
    let mut out = vec![rule("┌", '─', "┬", "┐")];
    for (i, row) in grid.into_iter().enumerate() {
        if i == 1 {
            out.push(rule("╞", '═', "╪", "╡"));
        } else if i > 1 && multi_line {
            out.push(rule("├", '─', "┼", "┤"));
        }
        let height = row.iter().map(|c| c.rows.len()).max().unwrap_or(1);
        let mut cells: Vec<std::vec::IntoIter<Row>> =
            row.into_iter().map(|c| c.rows.into_iter()).collect();
        for _ in 0..height {
            let mut line = Row::default();
            line.push_static("│", border);
            for (j, cell) in cells.iter_mut().enumerate() {
                let content = cell.next().unwrap_or_default();
                let pad = widths[j].saturating_sub(content.width);
                let (left, right) = match table.alignments.get(j).copied().unwrap_or_default() {
                    Alignment::Right => (pad, 0),
                    Alignment::Center => (pad / 2, pad - pad / 2),
                    Alignment::Left | Alignment::None => (0, pad),
                };
                line.repeat(' ', left + 1, base);
                line.append(content);
                line.repeat(' ', right + 1, base);
                line.push_static("│", border);
            }
            out.push(line);
        }
    }
    out.push(rule("└", '─', "┴", "┘"));
    out
}

/// Column widths summing to at most `room`: every column gets its minimum, then the rest is shared
/// out, narrowest demand first, so short columns keep their natural width and the wide ones split
/// what remains evenly.
fn fit(natural: &[usize], min: &[usize], room: usize) -> Vec<usize> {
    let mut widths = min.to_vec();
    let mut extra = room.saturating_sub(min.iter().sum());
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by_key(|&j| natural[j].saturating_sub(min[j]));
    let n = order.len();
    for (k, &j) in order.iter().enumerate() {
        let demand = natural[j].saturating_sub(min[j]);
        let share = extra / (n - k);
        let give = demand.min(share);
        widths[j] += give;
        extra -= give;
    }
    widths
}

/// Fallback for tables too wide to draw: each row as `header: value` lines, rows separated by rules.
fn stacked(table: &Table, avail: usize, styles: &Styles, base: Style) -> Vec<Row> {
    let header_style = base.patch(styles.table_header);
    let border = base.patch(styles.table_border);
    let mut out = Vec::new();
    let rows: Vec<&Vec<Cell>> = if table.rows.is_empty() {
        vec![&table.header]
    } else {
        table.rows.iter().collect()
    };
    for (i, row) in rows.into_iter().enumerate() {
        if i > 0 {
            let mut sep = Row::default();
            sep.repeat('─', avail.clamp(1, 3), border);
            out.push(sep);
        }
        for (j, cell) in row.iter().enumerate() {
            let mut w = Wrapper::new(avail);
            if !table.rows.is_empty() {
                if let Some(h) = table.header.get(j) {
                    push_inlines(&mut w, h, header_style, styles);
                }
                w.push(":", header_style);
                w.space(base);
            }
            push_inlines(&mut w, cell, base, styles);
            out.extend(w.finish());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::model::Inline;

    fn cell(s: &str) -> Cell {
        vec![Inline::Text(s.to_string())]
    }

    fn table(header: &[&str], rows: &[&[&str]], align: &[Alignment]) -> Table {
        Table {
            alignments: align.to_vec(),
            header: header.iter().map(|s| cell(s)).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| cell(s)).collect())
                .collect(),
            line: 1,
        }
    }

    fn strings(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| r.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn columns_take_their_content_width_and_alignment() {
        use Alignment::*;
        let t = table(
            &["Name", "N", "Mid"],
            &[&["a", "10", "x"], &["long name", "7", "yyyyy"]],
            &[Left, Right, Center],
        );
        let rows = render_table(&t, 80, &Styles::plain(), Style::default());
        assert_eq!(
            strings(&rows),
            vec![
                "┌───────────┬────┬───────┐",
                "│ Name      │  N │  Mid  │",
                "╞═══════════╪════╪═══════╡",
                "│ a         │ 10 │   x   │",
                "│ long name │  7 │ yyyyy │",
                "└───────────┴────┴───────┘",
            ]
        );
    }

    #[test]
    fn emoji_and_cjk_cells_keep_borders_aligned() {
        let t = table(
            &["Status", "服务", "Note"],
            &[
                &["✅", "计算", "fast 🚀"],
                &["❌ no", "数据库服务", "👨‍👩‍👧 family"],
            ],
            &[Alignment::Center, Alignment::Left, Alignment::Right],
        );
        for width in [80, 30, 24] {
            let rows = render_table(&t, width, &Styles::plain(), Style::default());
            let lines: Vec<ratatui::text::Line> =
                rows.iter().map(|r| r.spans.clone().into()).collect();
            let w0 = lines[0].width();
            assert!(w0 <= width);
            for (line, row) in lines.iter().zip(&rows) {
                assert_eq!(line.width(), w0, "width {width}: {:?}", strings(&rows));
                assert_eq!(row.width, w0);
            }
        }
    }

    #[test]
    fn wide_tables_shrink_and_wrap_cells() {
        let t = table(
            &["Service", "Description"],
            &[&[
                "Lambda",
                "Runs code without servers, billed per millisecond of compute",
            ]],
            &[],
        );
        let rows = render_table(&t, 30, &Styles::plain(), Style::default());
        assert!(rows.len() > 5);
        assert!(rows.iter().all(|r| r.width == 30), "{:?}", strings(&rows));
    }

    #[test]
    fn hopelessly_wide_tables_stack() {
        let t = table(&["A", "B", "C", "D"], &[&["1", "2", "3", "4"]], &[]);
        let rows = render_table(&t, 8, &Styles::plain(), Style::default());
        assert_eq!(strings(&rows), vec!["A: 1", "B: 2", "C: 3", "D: 4"]);
    }

    #[test]
    fn fit_shares_out_the_room() {
        assert_eq!(fit(&[3, 40, 40], &[1, 5, 5], 30), vec![3, 13, 14]);
        assert_eq!(fit(&[3, 4], &[3, 4], 7), vec![3, 4]);
    }
}
