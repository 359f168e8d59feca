//! `alinea review`, the web application: its server's safety through plain HTTP, and a reviewer's session
//! in a real browser (headless Chromium, driven through the DevTools protocol), down to the TMX that
//! `build` writes from what was saved.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::util::{alinea, read, skip, workspace};

/// A running `alinea review`, stopped when dropped.
struct Server {
    child: Child,
    /// The address it printed, token included.
    address: String,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Aligns the sample in a fresh folder and starts `alinea review memory --no-open` there.
fn start() -> (tempfile::TempDir, Server) {
    let dir = workspace();
    alinea().current_dir(dir.path()).args(["align", "-q"]).assert().success();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("alinea"))
        .current_dir(dir.path())
        .args(["review", "memory", "--no-open"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let address =
        line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("{line}"));
    let rest =
        address.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("not on 127.0.0.1: {line}"));
    let (port, token) = rest.split_once("/?token=").unwrap();
    let server =
        Server { address: address.to_string(), port: port.parse().unwrap(), token: token.to_string(), child };
    (dir, server)
}

/// Sends a raw HTTP/1.1 request to `host`:`port` and returns the status code and the body.
fn http(host: &str, port: u16, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect((host, port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_string();
    (status, body)
}

#[test]
fn the_server_listens_on_loopback_only_and_wants_its_token() {
    let (dir, server) = start();
    let port = server.port;
    let get = |path: &str, extra: &str| {
        http(
            "127.0.0.1",
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}Connection: close\r\n\r\n"),
        )
    };
    // Without the token: neither the page nor the data.
    assert_eq!(get("/", "").0, 403);
    assert_eq!(get("/?token=0123", "").0, 403);
    let (status, body) = get("/api/documents", "");
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("token"), "{body}");
    // With it.
    assert_eq!(get(&format!("/?token={}", server.token), "").0, 200);
    let (status, body) = get("/api/documents", &format!("X-Alinea-Token: {}\r\n", server.token));
    assert_eq!(status, 200);
    assert!(body.contains("\"name\":\"rw895-peru\"") && body.contains("\"units\":"), "{body}");
    // Another host name (a page that rebinds its own name to 127.0.0.1) is refused, token or not.
    let (status, _) = http(
        "127.0.0.1",
        port,
        &format!(
            "GET /api/documents HTTP/1.1\r\nHost: evil.example:{port}\r\nX-Alinea-Token: {}\r\nConnection: close\r\n\r\n",
            server.token
        ),
    );
    assert_eq!(status, 403);
    // A bad edit is refused with a reason, and changes nothing.
    let csv = dir.path().join("memory/rw895-peru.csv");
    let before = read(&csv);
    for body in
        [r#"{"op":"explode"}"#, r#"{"op":"move","id":1,"side":"target","direction":"previous"}"#, "not json"]
    {
        let (status, answer) = http(
            "127.0.0.1",
            port,
            &format!(
                "POST /api/documents/0 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Alinea-Token: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                server.token,
                body.len()
            ),
        );
        assert!((400..500).contains(&status), "{status} {answer}");
        assert!(answer.contains("\"error\""), "{answer}");
    }
    assert_eq!(get("/api/documents/7", &format!("X-Alinea-Token: {}\r\n", server.token)).0, 404);
    // Export writes the TMX beside the table.
    let tmx = dir.path().join("memory/rw895-peru.tmx");
    std::fs::remove_file(&tmx).unwrap();
    let (status, answer) = http(
        "127.0.0.1",
        port,
        &format!(
            "POST /api/documents/0/export HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Alinea-Token: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            server.token
        ),
    );
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("\"written\":") && read(&tmx).contains("<tu "), "{answer}");
    assert_eq!(read(&csv), before);
    // Bound to 127.0.0.1 itself, not to every address: another loopback address finds no server.
    assert!(
        TcpStream::connect_timeout(
            &(std::net::Ipv4Addr::new(127, 0, 0, 2), port).into(),
            Duration::from_secs(2)
        )
        .is_err()
    );
}

fn chromium() -> Option<PathBuf> {
    std::env::var_os("ALINEA_CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].map(PathBuf::from),
        )
        .find(|p| p.is_file())
}

/// The text of the element `selector` selects, once it exists.
fn text(tab: &headless_chrome::Tab, selector: &str) -> String {
    tab.wait_for_element(selector).unwrap().get_inner_text().unwrap()
}

/// Waits until `script` (an expression) is true in the page.
fn wait_until(tab: &headless_chrome::Tab, script: &str) {
    for _ in 0..100 {
        if tab.evaluate(script, false).unwrap().value == Some(serde_json::Value::Bool(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("never true in the page: {script}");
}

#[test]
fn a_reviewer_corrects_the_alignment_in_the_browser_and_build_keeps_it() {
    let Some(chromium) = chromium() else {
        return skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)");
    };
    let (dir, server) = start();
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(chromium))
        .sandbox(false)
        .window_size(Some((1400, 1000)))
        .args(
            [
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ]
            .map(OsStr::new)
            .to_vec(),
        )
        .build()
        .unwrap();
    let browser = headless_chrome::Browser::new(options).unwrap();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.address).unwrap().wait_until_navigated().unwrap();
    tab.wait_for_element("tr#u87").unwrap();
    assert!(text(&tab, "#title").contains("rw895-peru — en → es"));
    assert!(text(&tab, "#toc").contains("87 units"));
    let target_of = |id: usize| text(&tab, &format!("tr#u{id} td.target"));
    let moved = "Los Awacs son aviones equipados con un radar de largo alcance.";
    let csv = dir.path().join("memory/rw895-peru.csv");
    assert!(read(&csv).contains(moved), "the sample changed: pick another sentence");
    let (moved_from, moved_to) = (18, 19);
    assert!(target_of(moved_from).contains(moved) && !target_of(moved_to).contains(moved));
    let rejected_source = text(&tab, "tr#u5 td.source");

    // Reject unit 5 with the mouse.
    tab.wait_for_element("tr#u5 button[data-status=reject]").unwrap().click().unwrap();
    tab.wait_for_element("tr#u5.rejected").unwrap();

    // Move the last Spanish sentence of unit 18 (a 1-2 bead) into unit 19: select the row, then its ↓.
    tab.wait_for_element("tr#u18 td.source .num").unwrap().click().unwrap();
    tab.wait_for_element("tr#u18 td.target .sent:nth-of-type(2) button[data-act=move][data-dir=next]")
        .unwrap()
        .click()
        .unwrap();
    wait_until(
        &tab,
        &format!("document.querySelector('tr#u{moved_to} td.target').innerText.includes({moved:?})"),
    );

    // Edit the English text of unit 20.
    tab.wait_for_element("tr#u20 td.source .num").unwrap().click().unwrap();
    tab.wait_for_element("tr#u20 td.source button[data-act=edit]").unwrap().click().unwrap();
    tab.evaluate("document.querySelector('tr#u20 td.source textarea').value = ''", false).unwrap();
    tab.wait_for_element("tr#u20 td.source textarea").unwrap().type_into("An edited sentence.").unwrap();
    tab.wait_for_element("tr#u20 td.source button[data-act=save]").unwrap().click().unwrap();
    wait_until(&tab, "document.querySelector('tr#u20 td.source').innerText.includes('An edited sentence.')");

    // The keyboard: the next unit to check, accept it, undo.
    tab.wait_for_element("tr#u1 td.source .num").unwrap().click().unwrap();
    tab.press_key("n").unwrap();
    let to_check: usize = tab
        .evaluate("document.querySelector('tr.selected').dataset.id", false)
        .unwrap()
        .value
        .and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap();
    assert_ne!(to_check, 1);
    tab.press_key("a").unwrap();
    wait_until(
        &tab,
        &format!("document.querySelector('tr#u{to_check} button[data-status=ok]').classList.contains('on')"),
    );
    tab.press_key("u").unwrap();
    wait_until(
        &tab,
        &format!("!document.querySelector('tr#u{to_check} button[data-status=ok]').classList.contains('on')"),
    );

    // A reload shows what was saved.
    tab.reload(true, None).unwrap().wait_until_navigated().unwrap();
    tab.wait_for_element("tr#u87").unwrap();
    tab.wait_for_element("tr#u5.rejected").unwrap();
    assert!(target_of(moved_to).contains(moved) && !target_of(moved_from).contains(moved));
    assert!(text(&tab, "tr#u20 td.source").contains("An edited sentence."));
    tab.evaluate("document.getElementById('u17').scrollIntoView()", false).unwrap();
    let screenshot = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-app.png");
    std::fs::write(&shot, screenshot).unwrap();
    eprintln!("screenshot of the review application: {}", shot.display());
    drop(browser);
    drop(server);

    // The TMX built from the saved table: without the rejected unit, with the moved sentence in its new
    // unit, with the edited text.
    alinea()
        .current_dir(dir.path())
        .args(["build", "memory/rw895-peru.csv", "-o", "reviewed.tmx"])
        .assert()
        .success();
    let tmx = read(&dir.path().join("reviewed.tmx"));
    let first_words: String = rejected_source.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert!(!tmx.contains(&first_words), "the rejected unit is in the TMX: {first_words}");
    let unit = tmx.split("<tu ").find(|tu| tu.contains(moved)).expect("the moved sentence is in the TMX");
    assert!(unit.contains(r#"tuid="19""#), "{unit}");
    assert!(tmx.contains("An edited sentence."));

    // Aligning again keeps what the reviewer did in the browser.
    alinea().current_dir(dir.path()).args(["align", "-q"]).assert().success();
    let realigned = alinea::memory::csv::read_file(&csv, None).unwrap().units;
    let unit = |id: usize| realigned.iter().find(|u| u.id == id).unwrap();
    assert_eq!(unit(5).status, alinea::memory::Status::Rejected);
    assert!(unit(moved_to).target.starts_with(moved) && !unit(moved_from).target.contains(moved));
    assert_eq!(unit(20).source, "An edited sentence.");
}
