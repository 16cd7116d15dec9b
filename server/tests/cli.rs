//! The `tandem` binary as a person runs it: bad configuration ends with one clear line and
//! exit code 2; the admin and demo commands do what they say.

use std::path::PathBuf;
use std::process::{Command, Output};

fn temp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("tandem-cli-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn tandem(dir: &PathBuf, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tandem"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("TANDEM_DATABASE_URL")
        .env_remove("TANDEM_SECRET_KEY")
        .env("TANDEM_DATA_DIR", dir.join("data"))
        .env(
            "TANDEM_DATABASE_URL",
            format!("sqlite://{}/data/tandem.db", dir.display()),
        )
        .env("TANDEM_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_port_in_use_is_named_with_exit_code_2() {
    let dir = temp_dir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = tandem(
        &dir,
        &["serve"],
        &[("TANDEM_ADDR", &addr), ("TANDEM_LOG", "error")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("TANDEM_ADDR {addr} is already in use")),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unreachable_database_is_named_with_exit_code_2() {
    let dir = temp_dir();
    let out = tandem(
        &dir,
        &["migrate"],
        &[
            (
                "TANDEM_DATABASE_URL",
                "postgres://tandem:hunter2@127.0.0.1:1/tandem",
            ),
            ("TANDEM_SECRET_KEY", &"k".repeat(32)),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cannot open the database postgres://tandem:***@127.0.0.1:1/tandem"),
        "{err}"
    );
    assert!(err.contains("refused"), "{err}");
    assert!(!err.contains("hunter2"), "the password is never printed");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_malformed_setting_in_the_config_file_is_named() {
    let dir = temp_dir();
    std::fs::write(dir.join("tandem.toml"), "addr = \"not an address\"\n").unwrap();
    let out = tandem(&dir, &["migrate"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("TANDEM_ADDR \"not an address\" is not an address"),
        "{}",
        stderr(&out)
    );
    // The environment wins over the file.
    let out = tandem(&dir, &["migrate"], &[("TANDEM_ADDR", "127.0.0.1:0")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn create_admin_and_seed_demo_work_on_a_new_database() {
    let dir = temp_dir();
    let out = tandem(&dir, &["migrate"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("data/tandem.db").exists());
    assert!(
        dir.join("data/secret.key").exists(),
        "a secret is generated in embedded mode"
    );

    let out = tandem(
        &dir,
        &[
            "create-admin",
            "--email",
            "Boss@Example.com",
            "--name",
            "Bo Boss",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Created org admin boss@example.com"));
    let mails: Vec<_> = std::fs::read_dir(dir.join("data/outbox"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(mails.len(), 1, "a link to choose the password was emailed");
    let mail = std::fs::read_to_string(mails[0].path()).unwrap();
    assert!(mail.contains("To: boss@example.com") && mail.contains("reset-password?token="));

    // The demo never mixes with real data.
    let out = tandem(&dir, &["seed-demo"], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("already has people"));

    let out = tandem(&dir, &["create-admin", "--email", "not-an-email"], &[]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn match_reads_a_program_file_and_writes_the_result() {
    let dir = temp_dir();
    let program = r#"{
        "format": "peer",
        "seed": 1,
        "questions": [{
            "id": 1, "position": 1, "prompt": "Interests", "help": "", "kind": "multi",
            "options": [{"id": "chess", "label": "Chess"}, {"id": "jazz", "label": "Jazz"}],
            "rule": "similar", "weight": 5, "required": false, "complements": null
        }],
        "participants": [
            {"id": 1, "name": "Ana", "answers": {"1": {"choices": ["chess"]}}},
            {"id": 2, "name": "Bo", "answers": {"1": {"choices": ["jazz"]}}},
            {"id": 3, "name": "Cy", "answers": {"1": {"choices": ["chess"]}}},
            {"id": 4, "name": "Dee", "answers": {"1": {"choices": ["jazz"]}}, "avoid": [2]}
        ],
        "managers": [[3, 1]],
        "forbidden": [[1, 4]]
    }"#;
    std::fs::write(dir.join("program.json"), program).unwrap();
    let out = tandem(
        &dir,
        &[
            "match",
            "--input",
            "program.json",
            "--output",
            "result.json",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("matched 4 of 4 in 2 groups"),
        "{}",
        stderr(&out)
    );
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("result.json")).unwrap()).unwrap();
    // Cy reports to Ana, Dee avoids Bo and an admin ruled out Ana with Dee: the one valid
    // matching pairs Ana with Bo and Cy with Dee.
    let groups: Vec<Vec<i64>> = result["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| serde_json::from_value(g["members"].clone()).unwrap())
        .collect();
    assert_eq!(groups, vec![vec![1, 2], vec![3, 4]]);
    assert_eq!(result["exact"], true);

    // A malformed file is named with where it went wrong, and exits 2.
    std::fs::write(
        dir.join("bad.json"),
        "{\"format\": \"peer\", \"participants\": [{\"id\": \"x\"}]}",
    )
    .unwrap();
    let out = tandem(&dir, &["match", "--input", "bad.json"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.json is not a valid program") && err.contains("line 1"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn malformed_smtp_settings_stop_tandem_with_one_line_and_exit_code_2() {
    let dir = temp_dir();
    for (env, expected) in [
        (
            vec![("TANDEM_SMTP_HOST", "smtp://mail.example.com")],
            "TANDEM_SMTP_HOST \"smtp://mail.example.com\" is not a host name",
        ),
        (
            vec![
                ("TANDEM_SMTP_HOST", "mail.example.com"),
                ("TANDEM_SMTP_PORT", "five"),
            ],
            "TANDEM_SMTP_PORT \"five\" is not a port",
        ),
        (
            vec![
                ("TANDEM_SMTP_HOST", "mail.example.com"),
                ("TANDEM_SMTP_SECURITY", "ssl"),
            ],
            "TANDEM_SMTP_SECURITY \"ssl\" is not one of starttls",
        ),
        (
            vec![
                ("TANDEM_SMTP_HOST", "mail.example.com"),
                ("TANDEM_SMTP_USERNAME", "tandem"),
            ],
            "TANDEM_SMTP_USERNAME is set without TANDEM_SMTP_PASSWORD",
        ),
    ] {
        let out = tandem(&dir, &["serve"], &env);
        assert_eq!(out.status.code(), Some(2), "{env:?}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn serve_says_where_email_goes() {
    use std::io::{BufRead, BufReader};
    let dir = temp_dir();
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = free.local_addr().unwrap().to_string();
    drop(free);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "--no-worker"])
        .current_dir(&dir)
        .env("TANDEM_DATA_DIR", dir.join("data"))
        .env(
            "TANDEM_DATABASE_URL",
            format!("sqlite://{}/data/tandem.db", dir.display()),
        )
        .env("TANDEM_ADDR", &addr)
        .env("TANDEM_SMTP_HOST", "mail.example.com")
        .env("TANDEM_SMTP_USERNAME", "tandem")
        .env("TANDEM_SMTP_PASSWORD", "hunter2")
        .env("TANDEM_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    while lines.len() < 2 {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        lines.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = lines.concat();
    assert!(
        text.contains("Email goes to the SMTP server mail.example.com:587 (STARTTLS)."),
        "{text}"
    );
    assert!(!text.contains("hunter2"));
    std::fs::remove_dir_all(dir).unwrap();
}
