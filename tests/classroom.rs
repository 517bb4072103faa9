//! End-to-end: a class on a free loopback port, students connecting with russh's client in this
//! process, each screen fed into a vt100 emulator and read like a person would.
//!
//! Waits are bounded (a generous limit turns a hang into a failure) but nothing is timed: every
//! check waits for text to appear, never for a duration to pass.
#![cfg(feature = "classroom")]

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use cloudtutor::api::classroom::{ClassConfig, ClassEvent, ClassHandle, Tally};
use cloudtutor::api::content::{Kind, Question};
use russh::ChannelMsg;
use russh::client;

mod support;

use support::ssh_client::{Student, connect};

/// Longest wait for a screen to show something; a hang fails here instead of hanging CI.
const LIMIT: Duration = Duration::from_secs(20);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// A client that keeps the authentication banner the server sends.
struct KeepBanner(Arc<std::sync::Mutex<String>>);

impl client::Handler for KeepBanner {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
    async fn auth_banner(
        &mut self,
        banner: &str,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        self.0.lock().unwrap().push_str(banner);
        Ok(())
    }
}

fn start(code: &str, max: usize) -> (ClassHandle, mpsc::Receiver<ClassEvent>, tempfile::TempDir) {
    start_with(code, max, false)
}

fn start_with(
    code: &str,
    max: usize,
    anonymous: bool,
) -> (ClassHandle, mpsc::Receiver<ClassEvent>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ClassConfig::new(dir.path().to_path_buf());
    config.port = 0;
    config.bind = "127.0.0.1".parse().unwrap();
    config.code = Some(code.into());
    config.max_students = max;
    config.anonymous = anonymous;
    let (tx, rx) = mpsc::channel();
    let handle = ClassHandle::start(config, tx).unwrap();
    (handle, rx, dir)
}

fn single() -> Question {
    Question {
        id: "q1".into(),
        prompt: "Which service is a managed message queue?".into(),
        explanation: "SQS is the managed queue.".into(),
        kind: Kind::Single {
            choices: vec!["EC2".into(), "SQS".into(), "EBS".into()],
            answer: 1,
        },
        line: 1,
    }
}

/// Runs `cloudtutor results ARGS` on the data dir `data`; returns stdout, asserting success.
fn results(data: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .arg("results")
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("CLOUDTUTOR_DATA_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Waits (bounded) for an event matching `want`, skipping others.
fn expect_event(rx: &mpsc::Receiver<ClassEvent>, want: impl Fn(&ClassEvent) -> bool) -> ClassEvent {
    loop {
        let e = rx.recv_timeout(LIMIT).expect("event expected");
        if want(&e) {
            return e;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn students_join_answer_see_lock_reveal_and_their_score() {
    let (class, events, _dir) = start("4821", 30);
    class.show_slide("Queues and topics");
    assert!(class.fingerprint().starts_with("SHA256:"));
    assert_eq!(
        class.join_lines(),
        [format!(
            "ssh -p {} class@127.0.0.1",
            class.local_addr().port()
        )]
    );

    let mut ada = Student::join(class.local_addr().port(), "ada", 80, 24).await;
    ada.wait_for("Class code").await;
    ada.send(b"4821\r").await;
    ada.wait_for("Name: ada").await;
    ada.send(b"\r").await;
    ada.wait_for("Queues and topics").await;
    let joined = expect_event(&events, |e| matches!(e, ClassEvent::Joined { .. }));
    assert_eq!(
        joined,
        ClassEvent::Joined {
            name: Some("ada".into()),
            connected: 1
        }
    );

    // Bob edits the offered name, at the smallest supported window.
    let mut bob = Student::join(class.local_addr().port(), "class", 40, 10).await;
    bob.wait_for("Class code").await;
    bob.send(b"4821\r").await;
    bob.wait_for("Name:").await;
    bob.send(b"Bob\r").await;
    bob.wait_for("Queues and topics").await;

    class.open_question("aws/q1", single());
    ada.wait_for("managed message queue").await;
    bob.wait_for("managed message").await;
    ada.send(b"1").await;
    ada.wait_for("Your answer: EC2").await;
    ada.send(b"2").await; // changes her mind
    ada.wait_for("Your answer: SQS").await;
    bob.send(b"3").await;
    bob.wait_for("Your answer: EBS").await;
    expect_event(&events, |e| {
        *e == ClassEvent::Answers(Tally { answered: 2, of: 2 })
    });
    assert_eq!(class.tally(), Tally { answered: 2, of: 2 });

    class.lock();
    ada.wait_for("Locked").await;
    bob.send(b"2").await; // too late
    bob.wait_for("Locked").await;
    class.reveal(None);
    ada.wait_for("Right!").await;
    bob.wait_for("Not this time").await;

    // A resize is followed.
    bob.channel.window_change(60, 12, 0, 0).await.unwrap();
    bob.screen.set_size(nz(12), nz(60));
    bob.wait_for("SQS is the managed queue.").await;

    let snapshot = class.snapshot();
    let names: Vec<_> = snapshot.students().iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, ["ada", "Bob"]);
    assert_eq!(snapshot.score(0), (1.0, 1));
    assert_eq!(snapshot.score(1), (0.0, 1));

    // The teacher's progress gets every answer with its name; the CLI exports and reports it.
    let data = tempfile::tempdir().unwrap();
    let store = cloudtutor::api::progress::Store::new(data.path());
    let mut progress = cloudtutor::api::progress::Progress::new();
    let record = class.record(cloudtutor::api::progress::Timestamp::now());
    cloudtutor::api::classroom::record::save(&store, &mut progress, class.session_id(), record)
        .unwrap();
    let csv = results(
        data.path(),
        &["--session", class.session_id(), "--format", "csv"],
    );
    let id = class.session_id();
    assert_eq!(
        csv,
        format!(
            "session,student,quiz,question,round,kind,answer,correct,score\n\
             {id},Bob,aws,q1,1,single,EBS,false,0\n\
             {id},ada,aws,q1,1,single,SQS,true,1\n"
        )
    );
    let json = results(data.path(), &["--session", id, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    let report = results(data.path(), &["--session", id, "--report"]);
    assert!(
        report.contains("round 1: 2 answers, 50% right; most chosen wrong answer: EBS (1)"),
        "{report}"
    );

    class.end();
    ada.wait_closed().await;
    bob.wait_closed().await;
    assert!(
        ada.text().contains("Class ended. Your score: 1 / 1"),
        "{}",
        ada.text()
    );
    assert!(bob.text().contains("Your score: 0 / 1"), "{}", bob.text());
    assert!(
        !ada.screen.screen().alternate_screen(),
        "the student's terminal is restored"
    );
    expect_event(&events, |e| matches!(e, ClassEvent::Left { .. }));
    assert_eq!(class.panicked_sessions(), 0);
    class.shutdown();
}

fn second() -> Question {
    Question {
        id: "q2".into(),
        prompt: "Which service stores block volumes for an instance?".into(),
        explanation: "EBS volumes attach to EC2 instances.".into(),
        kind: Kind::Single {
            choices: vec!["S3".into(), "EBS".into()],
            answer: 1,
        },
        line: 9,
    }
}

/// Empties the events received so far, so that the next check sees only new ones.
fn drain(rx: &mpsc::Receiver<ClassEvent>) {
    while rx.try_recv().is_ok() {}
}

/// Waits (bounded) for the presenter to hear this count.
fn expect_count(rx: &mpsc::Receiver<ClassEvent>, answered: usize, of: usize) {
    expect_event(rx, |e| *e == ClassEvent::Answers(Tally { answered, of }));
}

/// The flow of a lecture: two questions in a row, each count reaching the presenter live; the
/// projector moving off a question (students see the slide's title, a latecomer in the lobby sees
/// the lobby) and back to it (students see it as it was left), a second round there, and a
/// question asked again that counts once in the results and the score.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_questions_in_a_row_count_live_and_students_follow_the_projector() {
    let (class, events, _dir) = start("2468", 30);
    class.show_slide("Queues");
    let mut ada = Student::join(class.local_addr().port(), "ada", 80, 24).await;
    ada.send(b"2468\r").await;
    ada.wait_for("Name: ada").await;
    ada.send(b"\r").await;
    ada.wait_for("Queues").await;
    let mut bob = Student::join(class.local_addr().port(), "bob", 80, 24).await;
    bob.send(b"2468\r").await;
    bob.wait_for("Name: bob").await;
    bob.send(b"\r").await;
    bob.wait_for("Queues").await;

    class.open_question("aws/q1", single());
    ada.wait_for("managed message queue").await;
    bob.wait_for("managed message queue").await;
    drain(&events);
    ada.send(b"2").await;
    expect_count(&events, 1, 2);
    bob.send(b"1").await;
    expect_count(&events, 2, 2);
    class.lock();
    class.reveal(None);
    ada.wait_for("Right!").await;

    // The next slide, then the next question: its first answer is news to the presenter even
    // though the count (1 / 2) is the one the same student last caused on the first question.
    class.show_slide("Volumes");
    ada.wait_for("Volumes").await;
    assert!(!ada.text().contains("Right!"), "{}", ada.text());
    class.open_question("aws/q2", second());
    ada.wait_for("block volumes").await;
    bob.wait_for("block volumes").await;
    drain(&events);
    ada.send(b"2").await;
    ada.wait_for("Your answer: EBS").await;
    expect_count(&events, 1, 2);
    assert_eq!(class.tally(), Tally { answered: 1, of: 2 });
    bob.send(b"2").await;
    expect_count(&events, 2, 2);

    // Moving on with it open locks it; students see the slide's title, not the locked question.
    class.show_slide("Summary");
    ada.wait_for("Summary").await;
    assert!(!ada.text().contains("Locked"), "{}", ada.text());
    class.show_lobby();
    ada.wait_for("Waiting for the teacher").await;
    let mut cyd = Student::join(class.local_addr().port(), "cyd", 80, 24).await;
    cyd.send(b"2468\r").await;
    cyd.wait_for("Name: cyd").await;
    cyd.send(b"\r").await;
    cyd.wait_for("Waiting for the teacher").await;
    assert!(!cyd.text().contains("block volumes"), "{}", cyd.text());

    // Back on the second question: locked as it was left, with the answer kept.
    assert!(class.show_question("aws/q2", "Volumes"));
    ada.wait_for("Locked").await;
    ada.wait_for("Your answer: EBS").await;
    class.reveal(None);
    ada.wait_for("Right!").await;

    // Back on the first one, revealed: a second round reaches the students.
    assert!(class.show_question("aws/q1", "Queues"));
    bob.wait_for("Not this time").await;
    assert!(class.open_round_two());
    bob.wait_for("round 2").await;
    drain(&events);
    bob.send(b"2").await;
    expect_count(&events, 1, 3);
    class.lock();
    class.reveal(None);
    bob.wait_for("Right!").await;
    let shown = class.snapshot();
    let (index, q1) = shown.current().expect("the question on the projector");
    assert_eq!((index, q1.rounds.len()), (0, 2));

    // Asked again: the new sitting replaces the first, and a question counts once.
    class.open_question("aws/q2", second());
    cyd.wait_for("block volumes").await;
    cyd.send(b"1").await;
    cyd.wait_for("Your answer: S3").await;
    class.lock();
    class.reveal(None);
    let done = class.snapshot();
    assert_eq!(done.asked().len(), 2);
    assert_eq!(
        done.score(0),
        (1.0, 2),
        "ada: q1 right, q2 asked again unanswered"
    );
    assert_eq!(done.score(1), (1.0, 2), "bob: right in round 2 of q1");
    assert_eq!(done.score(2), (0.0, 2));
    let data = tempfile::tempdir().unwrap();
    let store = cloudtutor::api::progress::Store::new(data.path());
    let mut progress = cloudtutor::api::progress::Progress::new();
    let record = class.record(cloudtutor::api::progress::Timestamp::now());
    cloudtutor::api::classroom::record::save(&store, &mut progress, class.session_id(), record)
        .unwrap();
    let id = class.session_id();
    let csv = results(data.path(), &["--session", id, "--format", "csv"]);
    assert_eq!(
        csv,
        format!(
            "session,student,quiz,question,round,kind,answer,correct,score\n\
             {id},ada,aws,q1,1,single,SQS,true,1\n\
             {id},bob,aws,q1,1,single,EC2,false,0\n\
             {id},bob,aws,q1,2,single,SQS,true,1\n\
             {id},cyd,aws,q2,1,single,S3,false,0\n"
        )
    );
    let report = results(data.path(), &["--session", id, "--report"]);
    assert_eq!(report.matches("aws/q2").count(), 1, "{report}");
    class.end();
    cyd.wait_closed().await;
    assert!(cyd.text().contains("Your score: 0 / 2"), "{}", cyd.text());
    assert_eq!(class.panicked_sessions(), 0);
    class.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnecting_student_gets_their_answer_back() {
    let (class, _events, _dir) = start("1111", 30);
    class.open_question("aws/q1", single());
    let mut ada = Student::join(class.local_addr().port(), "ada", 80, 24).await;
    ada.send(b"1111\r").await;
    ada.wait_for("Name: ada").await;
    ada.send(b"\r").await;
    ada.wait_for("managed message queue").await;
    ada.send(b"2").await;
    ada.wait_for("Your answer: SQS").await;
    ada.send(b"\x03").await; // Ctrl-C ends only her session
    ada.wait_closed().await;
    assert!(ada.text().contains("You left the class."));

    let mut again = Student::join(class.local_addr().port(), "ada", 80, 24).await;
    again.send(b"1111\r").await;
    again.wait_for("Name: ada").await;
    again.send(b"\r").await;
    again.wait_for("Your answer: SQS").await;
    assert_eq!(class.snapshot().students().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anonymous_class_tells_the_presenter_no_names() {
    let (class, events, _dir) = start_with("4821", 30, true);
    let mut ada = Student::join(class.local_addr().port(), "ada", 80, 24).await;
    ada.send(b"4821\r").await;
    // No name is asked: the code alone joins, and the student is told why.
    ada.wait_for("This class is anonymous: the teacher sees no names.")
        .await;
    assert!(!ada.text().contains("Name:"), "{}", ada.text());
    let joined = expect_event(&events, |e| matches!(e, ClassEvent::Joined { .. }));
    assert_eq!(
        joined,
        ClassEvent::Joined {
            name: None,
            connected: 1
        }
    );
    assert!(class.snapshot().roster_names().is_empty());
    ada.send(b"\x04").await; // Ctrl-D leaves too
    ada.wait_closed().await;
    let left = expect_event(&events, |e| matches!(e, ClassEvent::Left { .. }));
    assert_eq!(
        left,
        ClassEvent::Left {
            name: None,
            connected: 0
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_wrong_codes_close_the_session() {
    let (class, _events, _dir) = start("4821", 30);
    let mut eve = Student::join(class.local_addr().port(), "eve", 80, 24).await;
    eve.wait_for("Class code").await;
    eve.send(b"1234\r").await;
    eve.wait_for("2 tries left").await;
    eve.send(b"0000\r").await;
    eve.wait_for("1 try left").await;
    eve.send(b"9999\r").await;
    eve.wait_closed().await;
    assert!(
        eve.text().contains("Wrong code three times."),
        "{}",
        eve.text()
    );
    assert!(class.snapshot().students().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_without_a_pty_gets_the_ssh_t_line_and_closes() {
    let (class, _events, _dir) = start("4821", 30);
    let (_session, mut channel) = connect(class.local_addr().port(), "ada").await;
    channel.request_shell(true).await.unwrap();
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + LIMIT;
    loop {
        match tokio::time::timeout_at(deadline, channel.wait())
            .await
            .unwrap()
        {
            Some(ChannelMsg::Data { data }) => out.extend_from_slice(&data),
            Some(ChannelMsg::Close) | None => break,
            _ => {}
        }
    }
    let text = String::from_utf8_lossy(&out);
    let port = class.local_addr().port();
    assert_eq!(
        text,
        format!("This class needs a terminal. run: ssh -t -p {port} class@127.0.0.1\r\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_is_refused_with_a_hint_and_exit_status_1() {
    let (class, _events, _dir) = start("4821", 30);
    let (_session, mut channel) = connect(class.local_addr().port(), "ada").await;
    channel.exec(true, "cat /etc/passwd").await.unwrap();
    let deadline = tokio::time::Instant::now() + LIMIT;
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut status = None;
    loop {
        match tokio::time::timeout_at(deadline, channel.wait())
            .await
            .unwrap()
        {
            Some(ChannelMsg::Data { data }) => stdout.extend_from_slice(&data),
            Some(ChannelMsg::ExtendedData { data, ext: 1 }) => stderr.extend_from_slice(&data),
            Some(ChannelMsg::ExitStatus { exit_status }) => status = Some(exit_status),
            Some(ChannelMsg::Close) | None => break,
            _ => {}
        }
    }
    let port = class.local_addr().port();
    assert_eq!(
        String::from_utf8_lossy(&stderr),
        format!("This class needs an interactive terminal: run ssh -t -p {port} class@127.0.0.1\n")
    );
    assert!(stdout.is_empty(), "nothing was run: {stdout:?}");
    assert_eq!(status, Some(1));
    assert!(class.snapshot().students().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_class_refuses_with_a_message() {
    let (class, _events, _dir) = start("4821", 1);
    let mut ada = Student::join(class.local_addr().port(), "ada", 80, 24).await;
    ada.send(b"4821\r").await;
    ada.wait_for("Name: ada").await;
    ada.send(b"\r").await;
    ada.wait_for("Welcome, ada").await;
    let mut bob = Student::join(class.local_addr().port(), "bob", 80, 24).await;
    bob.wait_closed().await;
    assert!(
        bob.text().contains("The class is full (1 students)."),
        "{}",
        bob.text()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_five_connections_from_one_address_in_ten_seconds_are_dropped() {
    let (class, _events, _dir) = start("4821", 30);
    let mut sessions = Vec::new();
    for _ in 0..5 {
        sessions.push(connect(class.local_addr().port(), "x").await);
    }
    let config = Arc::new(client::Config::default());
    let banner = Arc::new(std::sync::Mutex::new(String::new()));
    let mut sixth = client::connect(config, class.local_addr(), KeepBanner(banner.clone()))
        .await
        .unwrap();
    assert!(sixth.authenticate_none("x").await.is_err() || sixth.is_closed());
    // The one line a refused student sees (OpenSSH prints the banner), saying why.
    assert_eq!(
        banner.lock().unwrap().as_str(),
        "Too many connections from your address in the last 10 s: wait a few seconds and try \
         again.\n"
    );
}

/// The real OpenSSH client in a pseudo-terminal, when this machine has one: what students use.
mod openssh {
    use super::*;
    use crate::support::{Pty, openssh_args, ssh_binary};

    #[test]
    fn a_student_with_openssh_joins_answers_and_sees_the_end() {
        let Some(ssh) = ssh_binary() else {
            eprintln!("no ssh binary here: the OpenSSH end-to-end test is skipped");
            return;
        };
        let (class, _events, _dir) = start("2468", 30);
        class.show_slide("Elasticity");
        let mut grace = Pty::openssh(&ssh, class.local_addr().port(), "grace", 80, 24);
        grace.wait_for("Class code", LIMIT);
        grace.send(b"2468\r");
        grace.wait_for("Name: grace", LIMIT);
        grace.send(b"\r");
        grace.wait_for("Elasticity", LIMIT);
        class.open_question("aws/q1", single());
        grace.wait_for("managed message queue", LIMIT);
        grace.send(b"\x1b[B\r"); // Down, Enter: the second choice
        grace.wait_for("Your answer: SQS", LIMIT);
        grace.resize(40, 10);
        grace.wait_for("Your answer: SQS", LIMIT);
        class.lock();
        class.reveal(None);
        grace.wait_for("Right!", LIMIT);
        class.end();
        grace.wait_for("Class ended. Your score: 1 / 1", LIMIT);
        let status = grace.wait_exit(LIMIT);
        assert!(status.success(), "{status:?}");
        assert!(!grace.alternate_screen());
        class.shutdown();
    }

    fn match_question() -> Question {
        let item = |text: &str, category| cloudtutor::api::content::MatchItem {
            text: text.into(),
            category,
        };
        Question {
            id: "q2".into(),
            prompt: "Match each product to its service model.".into(),
            explanation: "IaaS rents machines, PaaS runs your code on a managed platform, FaaS \
                          runs a function per event, SaaS is a finished application."
                .into(),
            kind: Kind::Match {
                categories: vec!["IaaS".into(), "PaaS".into(), "FaaS".into(), "SaaS".into()],
                items: vec![
                    item("An EC2 virtual machine you install Linux on", 0),
                    item("Pushing app code to Heroku or Elastic Beanstalk", 1),
                    item("A Lambda function run on each HTTP request", 2),
                    item("A web email service your team logs into", 3),
                    item("A Kubernetes node pool of rented VMs", 0),
                    item("An online office suite", 3),
                ],
            },
            line: 1,
        }
    }

    /// The promised smallest window, through the real client: a match question's last item,
    /// its categories and the answer line are reached; the reveal keeps the verdict in view and
    /// scrolls the explanation.
    #[test]
    fn a_student_at_40x10_reaches_every_item_and_the_whole_reveal() {
        let Some(ssh) = ssh_binary() else {
            eprintln!("no ssh binary here: the OpenSSH end-to-end test is skipped");
            return;
        };
        let (class, _events, _dir) = start("2468", 30);
        class.show_slide("Service models");
        let mut bob = Pty::openssh(&ssh, class.local_addr().port(), "bob", 40, 10);
        bob.wait_for("Class code", LIMIT);
        bob.send(b"2468\r");
        bob.wait_for("Name: bob", LIMIT);
        bob.send(b"\r");
        bob.wait_for("Service models", LIMIT);
        class.open_question("w/q2", match_question());
        bob.wait_for("Match each product", LIMIT);
        bob.wait_for("Ctrl-C leave", LIMIT);
        // Down to the sixth item, one key at a time: the cursor stays on screen.
        for i in 2..=6 {
            bob.send(b"\x1b[B");
            bob.wait_for(&format!("›  {i}."), LIMIT);
        }
        for key in [b"4\x1b[A", b"1\x1b[A", b"4\x1b[A", b"3\x1b[A", b"2\x1b[A"] {
            bob.send(key);
        }
        bob.send(b"1\r");
        bob.wait_for("›  1. An EC2 virtual machine you install", LIMIT);
        // PgDn: the categories and the answer line, with a mark for what is above.
        bob.send(b"\x1b[6~\x1b[6~\x1b[6~");
        bob.wait_for("Categories: IaaS, PaaS, FaaS, SaaS", LIMIT);
        bob.wait_for("Your answer: sent as shown", LIMIT);
        bob.wait_for("↑ ", LIMIT);
        class.lock();
        class.reveal(None);
        bob.wait_for("Right!", LIMIT);
        bob.wait_for("Your answer: 6 of 6 items right", LIMIT);
        bob.wait_for("↓ ", LIMIT);
        bob.send(b"\x1b[6~\x1b[6~\x1b[6~\x1b[6~");
        bob.wait_for("application.", LIMIT);
        let shown = bob.contents();
        assert!(shown.contains("Right!"), "pinned: {shown}");
        assert!(shown.contains("Ctrl-C leave"), "{shown}");
        class.shutdown();
    }

    /// `ssh HOST command` with the real client: the hint on stderr, exit status 1.
    #[test]
    fn openssh_exec_gets_the_hint_and_exit_status_1() {
        let Some(ssh) = ssh_binary() else {
            eprintln!("no ssh binary here: the OpenSSH end-to-end test is skipped");
            return;
        };
        let (class, _events, _dir) = start("2468", 30);
        let port = class.local_addr().port();
        let home = tempfile::tempdir().unwrap();
        let out = std::process::Command::new(ssh)
            .env("HOME", home.path())
            .args(openssh_args(port))
            .args(["-o", "LogLevel=ERROR", "ada@127.0.0.1", "ls"])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "This class needs an interactive terminal: run ssh -t -p {port} class@127.0.0.1"
            )),
            "{stderr}"
        );
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(out.stdout.is_empty());
        class.shutdown();
    }

    /// Over the per-address limit, the real client prints the reason (the banner) before the
    /// connection closes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn openssh_over_the_rate_limit_is_told_why() {
        let Some(ssh) = ssh_binary() else {
            eprintln!("no ssh binary here: the OpenSSH end-to-end test is skipped");
            return;
        };
        let (class, _events, _dir) = start("2468", 30);
        let mut sessions = Vec::new();
        for _ in 0..5 {
            sessions.push(connect(class.local_addr().port(), "x").await);
        }
        let port = class.local_addr().port();
        let out = tokio::task::spawn_blocking(move || {
            let home = tempfile::tempdir().unwrap();
            std::process::Command::new(ssh)
                .env("HOME", home.path())
                .args(openssh_args(port))
                .args(["-o", "BatchMode=yes", "eve@127.0.0.1", "true"])
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("Too many connections from your address in the last 10 s"),
            "{stderr}"
        );
        assert!(!out.status.success());
        drop(sessions);
        class.shutdown();
    }
}
