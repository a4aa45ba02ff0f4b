//! The binary as an administrator uses it: real processes on a real SQLite file.

use std::io::Write;
use std::process::{Command, Stdio};

fn accord() -> Command {
    Command::new(env!("CARGO_BIN_EXE_accord"))
}

fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    (dir, url)
}

fn run(command: &mut Command, stdin: &str) -> (bool, String, String) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start accord");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("utf-8 output");
    (out.status.success(), text(out.stdout), text(out.stderr))
}

#[tokio::test]
async fn demo_seeds_the_seed_exchange_and_a_facilitator_who_can_sign_in() {
    let (_dir, url) = database();
    let (ok, out, err) = run(
        accord().args(["demo", "--seed-only", "--database", &url]),
        "",
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Facilitator sign-in: facilitator@cedar-valley.example / "),
        "{out}"
    );
    let store = accord_store::Store::connect(&url).await.expect("open");
    let district = store
        .district_by_slug("cedar-valley")
        .await
        .expect("query")
        .expect("district");
    assert_eq!(store.schools(district.id).await.expect("schools").len(), 12);
    assert_eq!(
        store
            .call_years(district.id)
            .await
            .expect("call years")
            .len(),
        3,
        "three school years of calls for service"
    );
    assert!(
        out.contains("/districts/cedar-valley/calls/report"),
        "{out}"
    );
    let exchanges = store
        .exchanges(Some(district.id), true)
        .await
        .expect("exchanges");
    let published = exchanges
        .iter()
        .find(|e| e.state.results_published())
        .expect("published");
    let summary = store.summary(published.id).await.expect("summary");
    assert_eq!(
        (summary.participants, summary.thoughts, summary.ratings),
        (1137, 1000, 32824)
    );
    let by_group = &summary.participants_by_group;
    assert_eq!(
        (by_group["student"], by_group["parent"], by_group["none"]),
        (256, 583, 80)
    );
    assert!(
        exchanges.iter().any(|e| e.state.accepts_contributions()),
        "an open exchange to try"
    );

    let (ok, again, err) = run(
        accord().args(["demo", "--seed-only", "--database", &url]),
        "",
    );
    assert!(ok, "a second run works: {err}");
    assert!(again.contains("Facilitator sign-in"));
    let count = store
        .exchanges(Some(district.id), true)
        .await
        .expect("exchanges")
        .len();
    assert_eq!(count, exchanges.len(), "a second run adds nothing");
}

#[tokio::test]
async fn user_add_and_token_create_give_a_working_api_token() {
    let (_dir, url) = database();
    let (ok, out, err) = run(
        accord().args([
            "user",
            "add",
            "--email",
            "fac@district.example",
            "--role",
            "facilitator",
            "--database",
            &url,
        ]),
        "a very long password\n",
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Added fac@district.example (facilitator)"),
        "{out}"
    );
    assert!(
        !out.contains("Password:"),
        "a typed password is not printed"
    );

    let (ok, _, err) = run(
        accord().args([
            "user",
            "add",
            "--email",
            "fac@district.example",
            "--role",
            "facilitator",
            "--database",
            &url,
        ]),
        "",
    );
    assert!(!ok, "the same email twice is refused");
    assert!(err.contains("already exists"), "{err}");
    let (ok, _, err) = run(
        accord().args([
            "user",
            "add",
            "--email",
            "x@district.example",
            "--role",
            "sheriff",
            "--database",
            &url,
        ]),
        "",
    );
    assert!(!ok);
    assert!(err.contains("unknown role"), "{err}");
    let (ok, _, err) = run(
        accord().args([
            "user",
            "add",
            "--email",
            "y@district.example",
            "--role",
            "facilitator",
            "--database",
            &url,
        ]),
        "short\n",
    );
    assert!(!ok);
    assert!(err.contains("at least 12 characters"), "{err}");
    let (ok, generated, err) = run(
        accord().args([
            "user",
            "add",
            "--email",
            "admin@district.example",
            "--role",
            "program_admin",
            "--database",
            &url,
        ]),
        "",
    );
    assert!(ok, "{err}");
    assert!(
        generated.contains("Password: "),
        "a password is generated and printed when none is typed"
    );

    let (ok, token, err) = run(
        accord().args([
            "token",
            "create",
            "--email",
            "fac@district.example",
            "--database",
            &url,
        ]),
        "",
    );
    assert!(ok, "{err}");
    let token = token.trim();
    assert!(token.starts_with("acs_"));
    let (ok, _, err) = run(
        accord().args([
            "token",
            "create",
            "--email",
            "nobody@district.example",
            "--database",
            &url,
        ]),
        "",
    );
    assert!(!ok);
    assert!(err.contains("no account"), "{err}");

    let store = accord_store::Store::connect(&url).await.expect("open");
    let user = store
        .user_by_api_token(&accord_web::auth::hash_token(token))
        .await
        .expect("lookup");
    assert_eq!(
        user.map(|u| u.email),
        Some("fac@district.example".to_owned())
    );
}

#[test]
fn unsupported_databases_are_refused_with_a_clear_message() {
    let (ok, _, err) = run(
        accord().args(["migrate", "--database", "mysql://localhost/x"]),
        "",
    );
    assert!(!ok);
    assert!(err.contains("sqlite://"), "{err}");
}

#[test]
fn themes_groups_a_csv_of_comments_and_explains_bad_input() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../analysis/corpus/school-safety.csv"
    );
    let out = dir.path().join("themes.csv");
    let out_arg = out.display().to_string();
    let (ok, printed, err) = run(
        accord().args([
            "themes",
            "--input",
            corpus,
            "--themes",
            "8",
            "--id-column",
            "id",
            "--output",
            &out_arg,
        ]),
        "",
    );
    assert!(ok, "{err}");
    assert!(printed.contains("8 themes"), "{printed}");
    let written = std::fs::read_to_string(&out).expect("output file");
    let rows = written.lines().count() - 1;
    let input_rows = csv::Reader::from_path(corpus)
        .expect("corpus")
        .records()
        .count();
    assert_eq!(rows, input_rows, "one output row per input row");
    assert!(written.starts_with("id,theme,label"), "{}", &written[..40]);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,comment\n1,More counselors\n").expect("write");
    let bad_arg = bad.display().to_string();
    let (ok, _, err) = run(
        accord().args(["themes", "--input", &bad_arg, "--output", &out_arg]),
        "",
    );
    assert!(!ok);
    assert!(err.contains("text"), "the missing column is named: {err}");
}

#[tokio::test]
async fn import_reports_every_bad_row_imports_nothing_half_way_and_then_everything() {
    let (dir, url) = database();
    let store = accord_store::Store::connect(&url).await.expect("open");
    store.migrate().await.expect("migrate");
    let district = store
        .ensure_district("district", "School District")
        .await
        .expect("district");
    store
        .add_agency(
            district.id,
            &accord_store::Actor::process("test"),
            &accord_store::NewAgency {
                name: "Valley Police".into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await
        .expect("agency");
    let import = |kind: &str, file: &std::path::Path, dry_run: bool| {
        let mut command = accord();
        command
            .args(["import", kind])
            .arg(file)
            .args(["--database", &url]);
        if dry_run {
            command.arg("--dry-run");
        }
        run(&mut command, "")
    };

    // Windows-1252 (é as 0xE9), with a bad staff type on line 3 and an unknown agency on line 4.
    let staff = dir.path().join("staff.csv");
    let mut bytes = b"agency,staff_number,name,staff_type\r\n".to_vec();
    bytes.extend_from_slice(b"Valley Police,V-1,Ren\xe9 Ortiz,school_resource_officer\r\n");
    bytes.extend_from_slice(b"Valley Police,V-2,Kim Lee,janitor\r\n");
    bytes.extend_from_slice(b"Hill Police,H-1,Sam Roe,school_resource_officer\r\n");
    std::fs::write(&staff, &bytes).expect("write");
    let (ok, _, err) = import("staff", &staff, false);
    assert!(!ok, "a file with bad rows fails");
    assert!(err.contains("staff.csv:3:"), "{err}");
    assert!(
        err.contains("staff.csv:4:") && err.contains("Hill Police"),
        "{err}"
    );
    assert!(
        err.contains("2 bad row(s)") && err.contains("nothing was imported"),
        "{err}"
    );
    assert!(
        store
            .staff(district.id, None)
            .await
            .expect("staff")
            .is_empty()
    );

    let good = b"Valley Police,V-1,Ren\xe9 Ortiz,school_resource_officer\r\nValley Police,V-2,Kim Lee,security_officer\r\n";
    let mut bytes = b"agency,staff_number,name,staff_type\r\n".to_vec();
    bytes.extend_from_slice(good);
    std::fs::write(&staff, &bytes).expect("write");
    let (ok, out, err) = import("staff", &staff, true);
    assert!(ok, "{err}");
    assert!(
        out.contains("Dry run: all 2 rows") && out.contains("windows-1252"),
        "{out}"
    );
    assert!(
        store
            .staff(district.id, None)
            .await
            .expect("staff")
            .is_empty(),
        "a dry run stores nothing"
    );
    let (ok, out, err) = import("staff", &staff, false);
    assert!(ok, "{err}");
    assert!(out.contains("Imported 2 rows"), "{out}");
    let names: Vec<String> = store
        .staff(district.id, None)
        .await
        .expect("staff")
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert!(names.contains(&"René Ortiz".to_owned()), "{names:?}");

    // Training, UTF-8 with a BOM: an unknown topic on line 3 holds back the good line 2.
    let training = dir.path().join("training.csv");
    let header = "\u{feff}agency,staff_number,requirement,completed_on,provider\n";
    std::fs::write(
        &training,
        format!("{header}Valley Police,V-1,j,2025-09-02,ESD 121\nValley Police,V-1,juggling,2025-09-03,ESD 121\n"),
    )
    .expect("write");
    let (ok, _, err) = import("training", &training, false);
    assert!(!ok);
    assert!(
        err.contains("training.csv:3:") && err.contains("juggling"),
        "{err}"
    );
    assert!(
        store
            .training_records(district.id, None)
            .await
            .expect("records")
            .is_empty()
    );
    std::fs::write(
        &training,
        format!("{header}Valley Police,V-1,De-Escalation Techniques,2025-09-02,ESD 121\n"),
    )
    .expect("write");
    let (ok, out, err) = import("training", &training, false);
    assert!(ok, "{err}");
    assert!(out.contains("Imported 1 rows"), "{out}");
    let records = store
        .training_records(district.id, None)
        .await
        .expect("records");
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].code, "j",
        "the seed page's area name maps onto topic j"
    );
}

#[tokio::test]
async fn import_calls_reports_bad_rows_by_line_then_imports_and_a_second_run_changes_nothing() {
    let (dir, url) = database();
    let store = accord_store::Store::connect(&url).await.expect("open");
    store.migrate().await.expect("migrate");
    let district = store
        .ensure_district("district", "School District")
        .await
        .expect("district");
    store
        .add_school(district.id, "Valley High")
        .await
        .expect("school");
    let import = |file: &std::path::Path, dry_run: bool| {
        let mut command = accord();
        command
            .args(["import", "calls"])
            .arg(file)
            .args(["--database", &url]);
        if dry_run {
            command.arg("--dry-run");
        }
        run(&mut command, "")
    };
    let header = "call_id,school,occurred_at,requester,offense_type,narrative,student_id,student_role,age,gender,outcomes\n";
    let good = "C-1,Valley High,2024-10-03 10:00,teacher,fighting,\"Two\nlines\",S-1,offender,15,female,discipline\n\
        C-1,Valley High,2024-10-03 10:00,teacher,fighting,\"Two\nlines\",S-2,victim,14,male,\n";
    let calls = dir.path().join("calls.csv");
    std::fs::write(
        &calls,
        format!("{header}{good}C-2,Hill High,2024-10-04,teacher,arson,,S-3,offender,15,female,\n"),
    )
    .expect("write");
    let (ok, _, err) = import(&calls, false);
    assert!(!ok, "a file with bad rows fails");
    assert!(
        err.contains("calls.csv:6:") && err.contains("Hill High") && err.contains("arson"),
        "the line counts the quoted line breaks: {err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");

    std::fs::write(&calls, format!("{header}{good}")).expect("write");
    let (ok, out, err) = import(&calls, true);
    assert!(ok, "{err}");
    assert!(out.contains("Dry run: all 2 rows (1 call(s))"), "{out}");
    assert!(
        store
            .calls(district.id, None)
            .await
            .expect("calls")
            .is_empty()
    );
    let (ok, out, err) = import(&calls, false);
    assert!(ok, "{err}");
    assert!(out.contains("1 added, 0 changed, 0 unchanged"), "{out}");
    let (ok, out, err) = import(&calls, false);
    assert!(ok, "{err}");
    assert!(out.contains("0 added, 0 changed, 1 unchanged"), "{out}");
    let stored = store.calls(district.id, None).await.expect("calls");
    assert_eq!((stored.len(), stored[0].students), (1, 2));
}
