//! The shell's side of a live class (`present --serve`): it owns the running class
//! ([`crate::classroom::ClassHandle`]), performs the presenter's [`ClassCommand`]s on it, turns
//! the class's events into [`ClassUpdate`]s for the slides, and saves the answers to the progress
//! store after each reveal and at the end (disk writes stay here, at the edge).
//!
//! Without the `classroom` feature a [`Link`] is empty and does nothing: no command can arise,
//! since only a served presentation sends any.
use crate::screens::class::ClassCommand;
use crate::screens::state::App;

/// The running class, if the presentation is served.
#[derive(Default)]
pub(crate) struct Link {
    #[cfg(feature = "classroom")]
    handle: Option<crate::classroom::ClassHandle>,
}

impl Link {
    /// No class: a presentation not served, or any other screen.
    pub(crate) fn none() -> Link {
        Link::default()
    }

    /// Performs what the presenter did on the class.
    #[cfg_attr(not(feature = "classroom"), allow(unused_variables))]
    pub(crate) fn perform(&self, app: &mut App, command: ClassCommand) {
        #[cfg(feature = "classroom")]
        if let Some(handle) = &self.handle {
            served::perform(handle, app, command);
        }
    }

    /// Ends the class (students see their score), saves its answers and stops the server.
    pub(crate) fn end(&mut self, app: &mut App) -> Option<String> {
        #[cfg(feature = "classroom")]
        if let Some(handle) = self.handle.take() {
            handle.end();
            served::save(&handle, app);
            let id = handle.session_id().to_string();
            handle.shutdown();
            return Some(id);
        }
        let _ = app;
        None
    }
}

#[cfg(feature = "classroom")]
pub(crate) mod served {
    use std::sync::mpsc::Sender;

    use super::Link;
    use crate::classroom::{ClassConfig, ClassError, ClassEvent, ClassHandle};
    use crate::progress::Timestamp;
    use crate::screens::class::{ClassCommand, ClassInfo, ClassUpdate};
    use crate::screens::state::{App, Screen, Status};
    use crate::tui::config::Serve;
    use crate::tui::events::Event;

    /// Starts serving: binds the port and loads or makes the host key in `data_dir`. Call it
    /// after the terminal session installed its panic hook (`ClassHandle::start` wraps it).
    pub(crate) fn start(
        serve: &Serve,
        data_dir: std::path::PathBuf,
        events: Sender<Event>,
    ) -> Result<(Link, ClassInfo), ClassError> {
        let config = ClassConfig {
            port: serve.port,
            bind: serve.bind,
            code: serve.code.clone(),
            max_students: serve.max_students,
            anonymous: serve.anonymous,
            ..ClassConfig::new(data_dir)
        };
        let handle = ClassHandle::start(config, events)?;
        let info = ClassInfo {
            join_lines: handle.join_lines().to_vec(),
            fingerprint: handle.fingerprint().to_string(),
            code: handle.code().to_string(),
            session_id: handle.session_id().to_string(),
            anonymous: serve.anonymous,
            names: Vec::new(),
            connected: 0,
        };
        Ok((
            Link {
                handle: Some(handle),
            },
            info,
        ))
    }

    impl Link {
        /// Takes in an event of the class.
        pub(crate) fn on_event(&self, app: &mut App, event: ClassEvent) {
            let updates = match event {
                ClassEvent::Joined { connected, .. } | ClassEvent::Left { connected, .. } => {
                    let Some(handle) = &self.handle else { return };
                    let class = handle.snapshot();
                    // A student who joins (or leaves) while a question is open changes the "of" of
                    // "answered N / M" too, not only the roster.
                    let t = handle.tally();
                    vec![
                        ClassUpdate::Roster {
                            names: class.roster_names().iter().map(|n| n.to_string()).collect(),
                            connected,
                        },
                        ClassUpdate::Answers {
                            answered: t.answered,
                            of: t.of,
                        },
                    ]
                }
                ClassEvent::Answers(t) => vec![ClassUpdate::Answers {
                    answered: t.answered,
                    of: t.of,
                }],
            };
            // Also while the presenter is in the slide's full-screen simulation.
            if let Some(p) = app.presenter_mut() {
                for update in updates {
                    p.class_update(update);
                }
            }
        }
    }

    pub(super) fn perform(handle: &ClassHandle, app: &mut App, command: ClassCommand) {
        match command {
            ClassCommand::ShowSlide(title) => handle.show_slide(&title),
            ClassCommand::ShowLobby => handle.show_lobby(),
            ClassCommand::ShowQuestion { key, title } => {
                handle.show_question(&key, &title);
            }
            ClassCommand::Open {
                key,
                question,
                shown,
            } => handle.open_question_shown(&key, *question, shown),
            ClassCommand::Lock => {
                // The count as the class has it when the answers freeze: the lock shows what
                // was taken, whatever events are still on their way.
                handle.lock();
                let t = handle.tally();
                if let Screen::Present(p) = &mut app.screen {
                    p.class_update(ClassUpdate::Answers {
                        answered: t.answered,
                        of: t.of,
                    });
                }
            }
            ClassCommand::RoundTwo => {
                handle.open_round_two();
            }
            ClassCommand::End => handle.end(),
            ClassCommand::Reveal { observed } => {
                handle.reveal(observed);
                let class = handle.snapshot();
                // The question on the projector: the one just asked, or one shown again.
                let (index, rounds, observed) = class
                    .current()
                    .map_or((0, 0, None), |(i, q)| (i, q.rounds.len(), q.observed));
                let dist = (0..rounds).map(|r| class.distribution(index, r)).collect();
                if let Screen::Present(p) = &mut app.screen {
                    p.class_update(ClassUpdate::Revealed {
                        rounds: dist,
                        observed,
                    });
                }
                save(handle, app);
            }
        }
    }

    /// Saves every answer so far under the class's session id.
    pub(super) fn save(handle: &ClassHandle, app: &mut App) {
        let Some(store) = &app.store else { return };
        let record = handle.record(Timestamp::now());
        if let Err(e) =
            crate::classroom::record::save(store, &mut app.progress, handle.session_id(), record)
        {
            app.status = Some(Status {
                text: format!("could not save the class's answers: {e}"),
                is_error: true,
            });
        }
    }
}
