"""The Python package against the library's contract: sentences, beads, units, files and errors."""

import csv
import subprocess
import threading
import xml.etree.ElementTree as ET

import pytest

import alinea


def test_segment_knows_abbreviations_of_both_languages():
    en = alinea.segment("Gen. Barry McCaffrey visited the U.S. Embassy. He left on Feb. 3.", "en")
    assert [s.text for s in en] == ["Gen. Barry McCaffrey visited the U.S. Embassy.", "He left on Feb. 3."]
    es = alinea.segment("El Gral. McCaffrey visitó EE.UU. ¿Por qué?\n\nNadie lo sabe.", "es")
    assert [s.text for s in es] == ["El Gral. McCaffrey visitó EE.UU.", "¿Por qué?", "Nadie lo sabe."]
    assert [s.paragraph for s in es] == [0, 0, 1]


def test_beads_cover_every_sentence_once_in_order(sample):
    en = alinea.segment(sample[0].read_text(encoding="utf-8"), "en")
    es = alinea.segment(sample[1].read_text(encoding="utf-8"), "es")
    beads = alinea.align(en, es, src_lang="en", tgt_lang="es")
    i = j = 0
    for b in beads:
        assert (b.source.start, b.target.start) == (i, j)
        assert 0.0 <= b.score <= 1.0
        assert b.kind == f"{len(b.source)}-{len(b.target)}"
        i, j = b.source.stop, b.target.stop
    assert (i, j) == (len(en), len(es))
    # The sample is a close translation: most beads are sure 1-1 pairs.
    assert sum(b.kind == "1-1" and b.score >= 0.9 for b in beads) > 0.8 * len(beads)


def test_strings_align_as_one_paragraph():
    beads = alinea.align(
        ["In 1995 he was arrested.", "He paid $50,000 a month.", "It was a bribe."],
        ["Fue detenido en 1995.", "Pagaba 50.000 dólares al mes como soborno."],
    )
    assert [b.kind for b in beads] == ["1-1", "2-1"]


def test_align_files_gives_the_units_of_the_command_line(sample, program, tmp_path):
    pair = alinea.align_files(*sample, src_lang="en", tgt_lang="es", name="rw895")
    assert pair.doubt is None
    assert len(pair.units) == len(pair.beads)
    out = tmp_path / "memory"
    subprocess.run(
        [program, "align", str(sample[0]), str(sample[1]), "-o", str(out), "--quiet", "--src-lang", "en", "--tgt-lang", "es"],
        check=True,
    )
    (table,) = out.glob("*.csv")
    with open(table, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["en"], r["es"]) for r in rows] == [(u.source, u.target) for u in pair.units]


def test_memories_are_written(sample, tmp_path):
    pair = alinea.align_files(*sample)
    written = alinea.write_tmx(tmp_path / "m.tmx", pair.units, src_lang="en", tgt_lang="es")
    assert written == sum(u.selected for u in pair.units) > 0
    tus = ET.parse(tmp_path / "m.tmx").getroot().findall("./body/tu")
    assert len(tus) == written
    alinea.write_csv(tmp_path / "m.csv", pair.units)
    with open(tmp_path / "m.csv", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(pair.units)


def test_units_made_in_python_are_written():
    unit = alinea.TranslationUnit("Hands off Peru!", "¡Fuera las manos del Perú!", document="d", id=1, score=0.97, kind="1-1")
    assert (unit.status, unit.kind, unit.selected) == ("", "1-1", True)
    assert alinea.TranslationUnit("a", "b", status="reject").selected is False
    with pytest.raises(alinea.AlineaError, match="status"):
        alinea.TranslationUnit("a", "b", status="perhaps")


def test_errors_are_exceptions_with_the_programs_messages(tmp_path):
    with pytest.raises(alinea.AlineaError, match="not a language code"):
        alinea.segment("Hello.", "english!")
    missing = tmp_path / "missing.txt"
    with pytest.raises(alinea.AlineaError, match="missing.txt"):
        alinea.align_files(missing, missing)
    with pytest.raises(TypeError):
        alinea.align([1, 2], ["a"])
    beads = alinea.align(["One."], ["Uno."])
    with pytest.raises(alinea.AlineaError, match="does not fit"):
        alinea.units([], [], beads)
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(alinea.AlineaError, match="a-file"):
        alinea.write_tmx(tmp_path / "a-file" / "m.tmx", [])


def test_threads_align_at_once_with_the_same_result(sample):
    en = alinea.segment(sample[0].read_text(encoding="utf-8"), "en")
    es = alinea.segment(sample[1].read_text(encoding="utf-8"), "es")
    expected = [(b.source, b.target, b.score) for b in alinea.align(en, es)]
    results = []

    def work():
        results.append([(b.source, b.target, b.score) for b in alinea.align(en, es)])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_pairs_learned_from_a_batch_align_as_the_command_lines_learn_batch(sample, program, tmp_path):
    # Two pairs of files, as a folder run sees them.
    for side, text in (("en", sample[0]), ("es", sample[1])):
        (tmp_path / side).mkdir()
        for name in ("a", "b"):
            (tmp_path / side / f"{name}.txt").write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    pairs = [(tmp_path / "en" / f"{n}.txt", tmp_path / "es" / f"{n}.txt") for n in ("a", "b")]
    learned = alinea.learn_pairs(pairs, src_lang="en", tgt_lang="es")
    assert learned and learned == sorted(learned)
    assert all(s == s.lower() and t == t.lower() for s, t in learned)
    out = tmp_path / "memory"
    subprocess.run(
        [program, "align", "--learn-batch", str(tmp_path / "en"), str(tmp_path / "es"), "-o", str(out), "--quiet"],
        check=True,
    )
    for (source, target), name in zip(pairs, ("a", "b")):
        pair = alinea.align_files(source, target, name=name, dictionary=learned)
        with open(out / f"{name}.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [(r["en"], r["es"]) for r in rows] == [(u.source, u.target) for u in pair.units]
