//! Terminal care: raw mode, alternate screen and mouse capture on the way in; all of it undone on
//! the way out, whether the tutor quits, panics, is suspended with Ctrl-Z or gets a signal.
use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the terminal is in the tutor's mode, so restoring twice (panic hook, then the guard's
/// drop while unwinding) writes the restore sequence only once and never moves the cursor over
/// the panic message.
static ACTIVE: AtomicBool = AtomicBool::new(false);

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};

/// The terminal type the tutor draws on.
pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal into the tutor's mode.
fn enter() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        cursor::Hide
    )?;
    Ok(())
}

/// Undoes [`enter`]. Safe to call more than once, and from a panic hook: every step is attempted
/// even when an earlier one fails.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Installs (once) a panic hook that restores the terminal before the panic message is printed, so
/// the message is readable and the shell is usable afterwards.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Owns the terminal while the TUI runs; dropping it restores the terminal.
pub struct Session {
    pub terminal: Tui,
}

impl Session {
    /// Enters the TUI mode. On failure the terminal is left as it was.
    pub fn start() -> io::Result<Session> {
        install_panic_hook();
        if let Err(e) = enter() {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(Session { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Ctrl-Z: gives the terminal back to the shell, stops the process, and takes the terminal again
    /// when the shell resumes it (`fg`).
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        #[cfg(unix)]
        {
            // The default action of SIGTSTP stops the process, as Ctrl-Z does for any program, and
            // `fg` continues it. With no shell to resume it (an orphaned process group) the kernel
            // discards the signal, and the tutor simply carries on instead of hanging.
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
        }
        enter()?;
        // Not `Terminal::clear`: it asks the terminal for the cursor position, and the input thread
        // would swallow the reply. Resizing to the current size clears and forces a full redraw.
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}
