//! `alinea review`: a local web application to correct the alignment where the reviewer sees it.
//!
//! The server is tiny_http's: one thread answers one request at a time, which is all a single reviewer
//! needs, and every edit is a short read and an atomic write of one table, so no request waits long.
//! Safety comes from how it listens, not from the page: on 127.0.0.1 only, on a free port, and every
//! request must carry the random token printed at start-up (in the address for the page, in a header
//! for the data), so that no other page open in the browser can read or change a memory. It serves
//! only the review tables it found at start-up, by their number in that list, never by a path.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Serialize;
use tiny_http::{Header, Method, Request, Response, Server};

use alinea::memory::Band;
use alinea::memory::edit::{Counts, Edit, Review, Side};
use alinea::memory::export::{self, Format};
use alinea::memory::tmx::InlineTags;
use alinea::memory::{Selection, TranslationUnit};

use super::args::SelectionArgs;

const PAGE: &str = include_str!("review.html");
/// Largest request body read: an edited text is a few kilobytes.
const MAX_BODY: u64 = 1 << 20;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Opens every review table (NAME.csv) of the memory folder in the browser: a table of contents with
each document's counts, and for a document the two editions side by side, bead by bead, coloured by
confidence. Accept or reject a unit, edit its text, write a note, move a sentence into the previous
or the next unit, set a sentence apart as having no counterpart, undo. Every change is saved at once
to NAME.csv (the table that `build` reads and that aligning again keeps); Export writes NAME.tmx.

Keys: j/k next/previous unit, n next unit to check, a accept, r reject, e edit, u undo.

The server listens on 127.0.0.1 only; the address it prints carries a token that every request
needs. Stop it with Ctrl-C: nothing is lost but an edit not yet sent.

Examples:
  alinea review
  alinea review memory/rw895-peru.csv
  alinea review memory/ --no-open --port 8080")]
pub struct Args {
    /// A memory folder (its NAME.csv review tables) or one review table. Default: memory/
    path: Option<PathBuf>,
    /// Print the address instead of opening it in the browser.
    #[arg(long)]
    no_open: bool,
    /// Port to listen on (on 127.0.0.1); 0 takes a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[command(flatten)]
    selection: SelectionArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("memory"));
    let selection = args.selection.selection();
    let tables = find_tables(&path)?;
    let mut reviews = Vec::new();
    for table in &tables {
        super::writes_into(table.parent().unwrap_or(Path::new(".")));
        warn_if_workbook_is_newer(table);
        reviews.push(Review::open(table, selection)?);
    }
    let server = Server::http(("127.0.0.1", args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    let port = server.server_addr().to_ip().context("the server has no IP address")?.port();
    let token = token()?;
    let address = format!("http://127.0.0.1:{port}/?token={token}");
    // Printed without failing: a server whose output was closed (piped into `head`) keeps serving.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "alinea review: {} document(s) of {} at {address}", reviews.len(), path.display());
    let _ = writeln!(out, "(Ctrl-C stops the server; every change is already saved)");
    let _ = out.flush();
    drop(out);
    if !args.no_open && webbrowser::open(&address).is_err() {
        eprintln!("alinea: could not open a browser: open the address above");
    }
    let mut app = App { reviews, port, token, selection };
    for request in server.incoming_requests() {
        app.answer(request);
    }
    Ok(())
}

/// The review tables of `path`: the file itself, or the `.csv` files of the folder (not the
/// `NAME.unmatched.csv` files, which hold rows that found no unit), sorted by name.
fn find_tables(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        bail!("{}: no such folder or file; give the memory folder that `alinea align` wrote", path.display());
    }
    let mut tables: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("cannot read the folder {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            p.is_file()
                && name.ends_with(".csv")
                && !name.ends_with(".unmatched.csv")
                && !name.starts_with('.')
        })
        .collect();
    tables.sort();
    if tables.is_empty() {
        bail!("{}: no review table (NAME.csv) in this folder; run `alinea align` first", path.display());
    }
    Ok(tables)
}

/// A workbook saved after the CSV holds the newer review, which the application would not show.
fn warn_if_workbook_is_newer(csv: &Path) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let xlsx = csv.with_extension("xlsx");
    if let (Some(book), Some(table)) = (modified(&xlsx), modified(csv))
        && book > table
    {
        eprintln!(
            "alinea: warning: {} is newer than {}; this application edits the CSV (save the workbook as CSV, \
             or run `alinea build {} -o {}` first, to review what it holds)",
            xlsx.display(),
            csv.display(),
            xlsx.display(),
            csv.display()
        );
    }
}

/// 128 random bits from the operating system, in hexadecimal.
fn token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random numbers from the system: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

struct App {
    reviews: Vec<Review>,
    port: u16,
    token: String,
    selection: Selection,
}

/// An answer: a status code and a body.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: String,
}

impl Answer {
    fn json<T: Serialize>(value: &T) -> Answer {
        match serde_json::to_string(value) {
            Ok(body) => Answer { status: 200, content_type: "application/json; charset=utf-8", body },
            Err(e) => Answer::error(500, &format!("cannot write the answer: {e}")),
        }
    }

    fn error(status: u16, message: &str) -> Answer {
        let body = serde_json::json!({ "error": message }).to_string();
        Answer { status, content_type: "application/json; charset=utf-8", body }
    }
}

#[derive(Serialize)]
struct DocumentEntry<'a> {
    index: usize,
    name: &'a str,
    counts: Counts,
}

#[derive(Serialize)]
struct DocumentView<'a> {
    index: usize,
    name: &'a str,
    source_language: &'a str,
    target_language: &'a str,
    min_score: f64,
    counts: Counts,
    units: Vec<UnitView<'a>>,
}

#[derive(Serialize)]
struct UnitView<'a> {
    id: usize,
    score: Option<f64>,
    kind: String,
    status: &'static str,
    note: &'a str,
    /// `sure`, `check`, `doubt` or `alone`, as on the static review page.
    band: &'static str,
    source: Vec<SentenceView>,
    target: Vec<SentenceView>,
}

#[derive(Serialize)]
struct SentenceView {
    text: String,
    /// 1-based numbers of the sentence in its edition (none for text typed by a reviewer).
    numbers: Vec<usize>,
}

fn name_of(path: &Path) -> &str {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("review")
}

impl App {
    fn answer(&mut self, mut request: Request) {
        let answer = self.route(&mut request);
        let header =
            Header::from_bytes(&b"Content-Type"[..], answer.content_type.as_bytes()).expect("a valid header");
        // The page and the data are the reviewer's: no cache, no framing by another site.
        let headers = [
            header,
            Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]).expect("a valid header"),
            Header::from_bytes(&b"X-Frame-Options"[..], &b"DENY"[..]).expect("a valid header"),
            Header::from_bytes(&b"Referrer-Policy"[..], &b"no-referrer"[..]).expect("a valid header"),
        ];
        let mut response = Response::from_string(answer.body).with_status_code(answer.status);
        for h in headers {
            response.add_header(h);
        }
        // A browser that went away is not the server's problem.
        let _ = request.respond(response);
    }

    fn route(&mut self, request: &mut Request) -> Answer {
        let host_ok = request.headers().iter().any(|h| {
            h.field.equiv("Host")
                && [format!("127.0.0.1:{}", self.port), format!("localhost:{}", self.port)]
                    .iter()
                    .any(|ok| h.value.as_str().eq_ignore_ascii_case(ok))
        });
        if !host_ok {
            return Answer::error(403, "this server answers only at 127.0.0.1");
        }
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let method = request.method().clone();
        if path == "/" && method == Method::Get {
            let given = query.split('&').find_map(|kv| kv.strip_prefix("token="));
            if given != Some(self.token.as_str()) {
                return Answer {
                    status: 403,
                    content_type: "text/plain; charset=utf-8",
                    body: "This address needs the token that `alinea review` printed: open the address it \
                           printed, with ?token=…"
                        .to_string(),
                };
            }
            return Answer { status: 200, content_type: "text/html; charset=utf-8", body: PAGE.to_string() };
        }
        let token_ok = request
            .headers()
            .iter()
            .any(|h| h.field.equiv("X-Alinea-Token") && h.value.as_str() == self.token);
        if !token_ok {
            return Answer::error(403, "missing or wrong token: open the address `alinea review` printed");
        }
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method, parts.as_slice()) {
            (Method::Get, ["api", "documents"]) => Answer::json(&self.entries()),
            (Method::Get, ["api", "documents", n]) => match self.index(n) {
                Ok(k) => {
                    self.refresh(k);
                    Answer::json(&self.view(k))
                }
                Err(answer) => answer,
            },
            (Method::Post, ["api", "documents", n]) => {
                let k = match self.index(n) {
                    Ok(k) => k,
                    Err(answer) => return answer,
                };
                let edit: Edit = match read_body(request).and_then(|body| {
                    serde_json::from_str(&body).map_err(|e| format!("not an edit this server knows: {e}"))
                }) {
                    Ok(edit) => edit,
                    Err(message) => return Answer::error(400, &message),
                };
                match self.reviews[k].apply(edit) {
                    Ok(()) => Answer::json(&self.view(k)),
                    Err(e) => Answer::error(409, &super::describe(&e)),
                }
            }
            (Method::Post, ["api", "documents", n, "export"]) => match self.index(n) {
                Ok(k) => self.export(k),
                Err(answer) => answer,
            },
            _ => Answer::error(404, &format!("no such address: {} {path}", request.method())),
        }
    }

    fn index(&self, n: &str) -> Result<usize, Answer> {
        n.parse::<usize>()
            .ok()
            .filter(|&k| k < self.reviews.len())
            .ok_or_else(|| Answer::error(404, &format!("there is no document {n}")))
    }

    /// Reads the table again when another program changed it, so that the page shows what is on disk.
    fn refresh(&mut self, k: usize) {
        if !self.reviews[k].is_current()
            && let Err(e) = self.reviews[k].reload()
        {
            eprintln!("alinea: warning: {}", super::describe(&e));
        }
    }

    fn entries(&self) -> Vec<DocumentEntry<'_>> {
        self.reviews
            .iter()
            .enumerate()
            .map(|(index, r)| DocumentEntry { index, name: name_of(r.path()), counts: r.counts() })
            .collect()
    }

    fn view(&self, k: usize) -> DocumentView<'_> {
        let review = &self.reviews[k];
        let min = self.selection.min_score;
        let sentences = |u: &TranslationUnit, side: Side| -> Vec<SentenceView> {
            Review::sentences(u, side, &review.languages)
                .into_iter()
                .map(|(text, positions)| SentenceView {
                    text,
                    numbers: positions.iter().map(|p| p + 1).collect(),
                })
                .collect()
        };
        DocumentView {
            index: k,
            name: name_of(review.path()),
            source_language: &review.languages.source,
            target_language: &review.languages.target,
            min_score: min,
            counts: review.counts(),
            units: review
                .units
                .iter()
                .map(|u| UnitView {
                    id: u.id,
                    score: u.score,
                    kind: u.kind_after_edits().map_or(String::new(), |k| k.to_string()),
                    status: u.status.as_str(),
                    note: &u.note,
                    band: Band::of(u, self.selection).as_str(),
                    source: sentences(u, Side::Source),
                    target: sentences(u, Side::Target),
                })
                .collect(),
        }
    }

    /// Writes NAME.tmx beside NAME.csv from the table, as `alinea build NAME.csv -o NAME.tmx` would.
    fn export(&self, k: usize) -> Answer {
        let review = &self.reviews[k];
        let output = review.path().with_extension("tmx");
        let settings = export::Settings {
            languages: Some(review.languages.clone()),
            csv: alinea::memory::csv::Options { selection: self.selection, ..Default::default() },
            inline: InlineTags::Keep,
            merge: false,
            selection: self.selection,
            created: super::creation_time(),
        };
        match export::convert(&[review.path().to_path_buf()], &output, Format::Tmx, &settings) {
            Ok(report) => Answer::json(&serde_json::json!({
                "path": output.display().to_string(),
                "written": report.written,
                "rejected": report.rejected,
                "below_threshold": report.below_threshold,
            })),
            Err(e) => Answer::error(500, &super::describe(&e)),
        }
    }
}

fn read_body(request: &mut Request) -> Result<String, String> {
    let mut body = String::new();
    request
        .as_reader()
        .take(MAX_BODY)
        .read_to_string(&mut body)
        .map_err(|e| format!("cannot read the request: {e}"))?;
    Ok(body)
}
