//! The TMX reader on files written by real tools: the public-domain and BSD ones copied into
//! `tests/data/tmx`, and the GPL/LGPL ones read from `../shared/tmx` when it is present.

use std::path::{Path, PathBuf};

use alinea::memory::tmx::{self, InlineTags};

/// (file, expected number of `<tu>`) from an INDEX.tsv; an empty count means "not well-formed".
fn index(path: &Path) -> Vec<(String, Option<usize>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file, count) = (column("file"), column("n_tu"));
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .map(|f| (f[file].to_string(), f[count].parse().ok()))
        .collect()
}

fn count_units(path: &Path) -> Result<usize, String> {
    let mut n = 0;
    for unit in tmx::open(path, InlineTags::Keep).map_err(|e| e.to_string())? {
        let unit = unit.map_err(|e| e.to_string())?;
        assert!(!unit.variants.is_empty() || n == 0 || unit.variants.is_empty());
        n += 1;
    }
    Ok(n)
}

#[test]
fn copied_files_are_read_with_their_unit_counts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tmx");
    let files = index(&root.join("INDEX.tsv"));
    assert!(files.len() >= 28, "{} files", files.len());
    for (file, expected) in files {
        let got = count_units(&root.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(Some(got), expected, "{file}");
    }
}

#[test]
#[ignore = "needs ../shared"]
fn shared_files_are_read_with_their_unit_counts() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tmx");
    let files = index(&root.join("INDEX.tsv"));
    assert!(files.len() >= 70, "{} files", files.len());
    for (file, expected) in files {
        let path = root.join(&file);
        match expected {
            Some(n) => {
                let got = count_units(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(got, n, "{file}");
            }
            None => {
                // Not well-formed as declared (a UTF-8 file that says UTF-16): read by its bytes.
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                let expected = text.matches("<tu ").count() + text.matches("<tu>").count();
                let got = count_units(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(got, expected, "{file}");
            }
        }
    }
}

#[test]
fn languages_with_and_without_region_and_utf16() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tmx/lisa_tmx_compliance_kit");
    // ImportTest1G is UTF-16 big-endian, 1F little-endian; both hold en-gb and en-us variants.
    for file in ["ImportTest1F.tmx", "ImportTest1G.tmx"] {
        let units: Vec<_> =
            tmx::open(&root.join(file), InlineTags::Keep).unwrap().map(Result::unwrap).collect();
        assert_eq!(units.len(), 3, "{file}");
        assert!(units.iter().all(|u| u.text("en-us").is_some() && u.text("EN-GB").is_some()), "{file}");
    }
    let units: Vec<_> =
        tmx::open(&root.join("ImportTest1C.tmx"), InlineTags::Keep).unwrap().map(Result::unwrap).collect();
    assert!(units.iter().any(|u| u.text("es").is_some()), "es finds es-es");
}

/// A node of an XML document as compared here: its name, its attributes in order of name, and its
/// children (text or elements). White space between elements is layout, except inside `<seg>`.
#[derive(Debug, PartialEq)]
enum Node {
    Element { name: String, attributes: Vec<(String, String)>, children: Vec<Node> },
    Text(String),
}

/// The root element of the XML document at `path`, read through alinea's decoder (TMX files come in
/// UTF-16 too).
fn tree(path: &Path) -> Node {
    use quick_xml::events::Event;
    let bytes = std::fs::read(path).unwrap();
    let (text, _) = alinea::encoding::decode_cells(&bytes, path, alinea::encoding::Encoding::Auto).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut stack: Vec<Node> =
        vec![Node::Element { name: String::new(), attributes: vec![], children: vec![] }];
    let element = |e: &quick_xml::events::BytesStart| {
        let mut attributes: Vec<(String, String)> = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap();
                (a.key.as_ref().to_string(), value.into_owned())
            })
            .collect();
        attributes.sort();
        Node::Element { name: e.name().as_ref().to_string(), attributes, children: vec![] }
    };
    let push_text = |stack: &mut Vec<Node>, piece: &str| {
        let Some(Node::Element { children, .. }) = stack.last_mut() else { unreachable!() };
        match children.last_mut() {
            Some(Node::Text(t)) => t.push_str(piece),
            _ => children.push(Node::Text(piece.to_string())),
        }
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let node = element(&e);
                let Some(Node::Element { children, .. }) = stack.last_mut() else { unreachable!() };
                children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                let Some(Node::Element { children, .. }) = stack.last_mut() else { unreachable!() };
                children.push(node);
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => push_text(&mut stack, &c.to_string()),
                None => {
                    let name = r.xml10_content();
                    let text = quick_xml::escape::resolve_xml_entity(&name)
                        .unwrap_or_else(|| panic!("{}: entity &{name};", path.display()));
                    push_text(&mut stack, text);
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let Node::Element { children, .. } = stack.pop().unwrap() else { unreachable!() };
    let root = children.into_iter().find(|c| matches!(c, Node::Element { .. })).unwrap();
    drop_layout(root, false)
}

/// Drops the white space between elements outside `<seg>`, and line-end differences (`\r\n`).
fn drop_layout(node: Node, in_seg: bool) -> Node {
    match node {
        Node::Element { name, attributes, children } => {
            let in_seg = in_seg || name == "seg";
            let children = children
                .into_iter()
                .filter(|c| in_seg || !matches!(c, Node::Text(t) if t.trim().is_empty()))
                .map(|c| drop_layout(c, in_seg))
                .collect();
            Node::Element { name, attributes, children }
        }
        Node::Text(t) => Node::Text(t.replace("\r\n", "\n")),
    }
}

/// Where two trees first differ, for a failure message.
fn difference(want: &Node, got: &Node) -> String {
    match (want, got) {
        (
            Node::Element { name, attributes, children },
            Node::Element { name: name2, attributes: attributes2, children: children2 },
        ) if name == name2 && attributes == attributes2 && children.len() == children2.len() => {
            match children.iter().zip(children2).find(|(a, b)| a != b) {
                Some((a, b)) => format!("<{name}> {}", difference(a, b)),
                None => String::new(),
            }
        }
        _ => format!("\n want {want:?}\n  got {got:?}"),
    }
}

/// Merges `file` with itself and compares the result with it, tree to tree.
fn merge_with_itself(file: &Path) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.tmx");
    let run = crate::util::alinea().arg("merge").arg(file).arg(file).arg("-o").arg(&out).output().unwrap();
    if !run.status.success() {
        return Err(format!("{}: {}", file.display(), String::from_utf8_lossy(&run.stderr)));
    }
    let (want, got) = (tree(file), tree(&out));
    if want != got {
        return Err(format!(
            "{}: merged with itself, it differs: {}",
            file.display(),
            difference(&want, &got)
        ));
    }
    Ok(())
}

#[test]
fn copied_memories_merged_with_themselves_are_the_same_memories() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tmx");
    let files: Vec<String> =
        index(&root.join("INDEX.tsv")).into_iter().filter(|(_, n)| n.is_some()).map(|(f, _)| f).collect();
    let failed: Vec<String> = files.iter().filter_map(|f| merge_with_itself(&root.join(f)).err()).collect();
    assert!(failed.is_empty(), "{} of {} files:\n{}", failed.len(), files.len(), failed.join("\n"));
}

#[test]
#[ignore = "needs ../shared"]
fn shared_memories_merged_with_themselves_are_the_same_memories() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tmx");
    let files = index(&root.join("INDEX.tsv"));
    let failed: Vec<String> =
        files.iter().filter_map(|(f, _)| merge_with_itself(&root.join(f)).err()).collect();
    assert!(failed.is_empty(), "{} of {} files:\n{}", failed.len(), files.len(), failed.join("\n"));
}

/// A memory as a CAT tool exports it: inline codes, properties, notes, usage counts, region codes in a
/// pair other than English-Spanish.
const TRADOS_STYLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format" datatype="xml" segtype="sentence" adminlang="en-US" srclang="en-US" creationdate="20240102T030405Z" creationid="ACME\translator">
    <prop type="x-Recognizers">RecognizeAll</prop>
  </header>
  <body>
    <tu creationdate="20240102T030405Z" creationid="ACME\translator" changedate="20240203T040506Z" changeid="ACME\reviewer" lastusagedate="20240304T050607Z" usagecount="7">
      <prop type="x-Client">Peru Daily</prop>
      <note>Checked against the print edition.</note>
      <tuv xml:lang="en-US"><seg>Click <bpt i="1" x="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now<ph x="2">&lt;br/&gt;</ph></seg></tuv>
      <tuv xml:lang="de-DE"><prop type="x-Origin">TM</prop><seg>Klicken Sie jetzt auf <bpt i="1" x="1">&lt;b&gt;</bpt>Speichern<ept i="1">&lt;/b&gt;</ept><ph x="2">&lt;br/&gt;</ph></seg></tuv>
    </tu>
    <tu creationdate="20240102T030405Z" creationid="ACME\translator" usagecount="0">
      <tuv xml:lang="en-US"><seg>Fish &amp; chips</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Fisch &amp; Pommes</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

#[test]
fn a_cat_tool_memory_keeps_its_markup_properties_and_codes_through_a_merge() {
    let dir = tempfile::tempdir().unwrap();
    let trados = dir.path().join("trados.tmx");
    std::fs::write(&trados, TRADOS_STYLE).unwrap();
    crate::util::alinea()
        .current_dir(dir.path())
        .args(["merge", "trados.tmx", "-o", "out.tmx"])
        .assert()
        .success()
        .stderr(predicates::str::contains("2 units read (en-US/de-DE), 2 written"));
    let out = dir.path().join("out.tmx");
    assert_eq!(tree(&trados), tree(&out), "{}", crate::util::read(&out));
    let text = crate::util::read(&out);
    assert!(text.contains(r#"<ph x="2">&lt;br/&gt;</ph>"#) && text.contains("usagecount=\"7\""), "{text}");
    assert!(!text.contains("&amp;lt;"), "markup stays markup, not typed text: {text}");
    crate::util::assert_valid_tmx(&out);
}
