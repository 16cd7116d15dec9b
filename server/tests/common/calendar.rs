//! A real web server for people's free/busy calendars: Python's own `http.server` (from the
//! test servers' Python, see scripts/setup.sh) serving a folder of `.ics` files on a loopback
//! port, as a calendar provider serves a secret address.

use super::smtp::peer_python;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct CalendarPeer {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

impl CalendarPeer {
    /// `None` when the test servers are not installed (a failure under `CI=true`).
    pub fn start() -> Option<CalendarPeer> {
        let python = peer_python("the free/busy calendar tests")?;
        let dir = std::env::temp_dir().join(format!("tandem-calendars-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut child = Command::new(python)
            .args([
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the calendar web server starts");
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split(" port ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the calendar web server did not start: {line:?}"));
        Some(CalendarPeer { port, dir, child })
    }

    /// Publishes `ics` under `name`; returns its address.
    pub fn publish(&self, name: &str, ics: &str) -> String {
        std::fs::write(self.dir.join(name), ics).unwrap();
        self.url(name)
    }

    pub fn url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for CalendarPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
