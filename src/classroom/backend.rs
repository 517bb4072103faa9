//! A ratatui backend for a terminal at the other end of an SSH channel.
//!
//! Drawing goes through ratatui's crossterm backend (so the escape sequences are the ones the
//! local terminal already gets) into an in-memory frame; the session then sends that frame. What
//! the crossterm backend would ask the *local* terminal (its size, the cursor position) is
//! answered here instead: the size is the one the SSH client reported.
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// Smallest and largest window a student terminal is drawn for (columns x rows). Smaller windows
/// are drawn at the minimum (the student sees a clipped screen rather than nothing); larger ones
/// at the maximum, which bounds the memory of one session's buffers.
pub const MIN_SIZE: Size = Size {
    width: 20,
    height: 8,
};
pub const MAX_SIZE: Size = Size {
    width: 500,
    height: 200,
};

/// Clamps a size reported by an SSH client (`u32`s, possibly 0) to `MIN_SIZE..=MAX_SIZE`.
pub fn clamp_size(cols: u32, rows: u32) -> Size {
    let clamp = |v: u32, lo: u16, hi: u16| v.clamp(u32::from(lo), u32::from(hi)) as u16;
    Size {
        width: clamp(cols, MIN_SIZE.width, MAX_SIZE.width),
        height: clamp(rows, MIN_SIZE.height, MAX_SIZE.height),
    }
}

/// Bytes of the frame being drawn, shared with the [`ChannelBackend`] that takes them (the
/// crossterm backend owns its writer and offers no stable way to reach it).
#[derive(Default, Clone)]
pub struct FrameBytes(Arc<Mutex<Vec<u8>>>);

impl FrameBytes {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Write for FrameBytes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The backend of one student's `Terminal`.
pub struct ChannelBackend {
    inner: CrosstermBackend<FrameBytes>,
    frame: FrameBytes,
    size: Size,
}

impl ChannelBackend {
    pub fn new(size: Size) -> Self {
        let frame = FrameBytes::default();
        ChannelBackend {
            inner: CrosstermBackend::new(frame.clone()),
            frame,
            size,
        }
    }

    /// Sets the size the next draw uses (call `Terminal::resize` too).
    pub fn set_size(&mut self, size: Size) {
        self.size = size;
    }

    /// Takes the bytes drawn since the last call.
    pub fn take_frame(&mut self) -> Vec<u8> {
        self.frame.take()
    }
}

impl Backend for ChannelBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // The crossterm backend would query the local terminal; a remote one cannot be asked
        // synchronously, and a fixed viewport never needs it.
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Paragraph;
    use ratatui::{Terminal, TerminalOptions, Viewport};

    #[test]
    fn sizes_are_clamped() {
        assert_eq!(clamp_size(0, 0), MIN_SIZE);
        assert_eq!(clamp_size(100_000, 100_000), MAX_SIZE);
        assert_eq!(clamp_size(80, 24), Size::new(80, 24));
    }

    #[test]
    fn a_draw_lands_in_the_frame_and_only_changes_are_redrawn() {
        let size = Size::new(20, 8);
        let mut terminal = Terminal::with_options(
            ChannelBackend::new(size),
            TerminalOptions {
                viewport: Viewport::Fixed(size.into()),
            },
        )
        .unwrap();
        terminal
            .draw(|f| f.render_widget(Paragraph::new("hello"), f.area()))
            .unwrap();
        let first = terminal.backend_mut().take_frame();
        assert!(String::from_utf8_lossy(&first).contains("hello"));
        terminal
            .draw(|f| f.render_widget(Paragraph::new("hello"), f.area()))
            .unwrap();
        let second = terminal.backend_mut().take_frame();
        assert!(!String::from_utf8_lossy(&second).contains("hello"));
    }
}
