"""examples/spark_align.py in Spark's local mode: the same units as the command line, and a pair that
fails is a row with its error."""

import csv
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT

pd = pytest.importorskip("pandas")
pytest.importorskip("pyspark", reason="the Spark test needs pyspark (pip install '.[spark]')")


def run_example(manifest, out):
    """Runs examples/spark_align.py on `manifest` in local[2] mode; returns its alignment table."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "spark_align.py"), str(manifest), str(out), "--master", "local[2]"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return pd.read_parquet(out / "alignment")


def test_a_manifest_aligns_as_the_command_line_does(program, tmp_path):
    pairs = [
        (ROOT / "en" / "rw895-peru.txt", ROOT / "es" / "rw895-peru.txt"),
        (ROOT / "tests" / "data" / "rw895" / "en.html", ROOT / "tests" / "data" / "rw895" / "es.html"),
    ]
    missing = (tmp_path / "missing-en.txt", tmp_path / "missing-es.txt")
    manifest = tmp_path / "manifest.csv"
    with open(manifest, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "target"])
        writer.writerows([(str(a), str(b)) for a, b in pairs + [missing]])
    out = tmp_path / "out"
    table = run_example(manifest, out)

    # The pair that cannot be read is a row with its error, naming the file.
    errors = table[table.error.notna()]
    assert len(errors) == 1 and "missing-en.txt" in errors.error.iloc[0]

    # The command line on the same pairs.
    listing = tmp_path / "pairs.tsv"
    listing.write_text("".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
    cli = tmp_path / "cli"
    subprocess.run([program, "align", "--pairs", str(listing), "-o", str(cli), "--quiet"], check=True)
    aligned = table[table.error.isna()]
    assert sorted(aligned.pair.unique()) == ["rw895", "rw895-peru"]
    for name, units in aligned.groupby("pair"):
        with open(cli / f"{name}.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        units = units.sort_values("unit")
        assert [(r["en"], r["es"]) for r in rows] == list(zip(units.source, units.target)), name

    # The memory holds the selected units of both pairs, each text pair once, as the command line's
    # merged memory does (the two pairs are the same article, from text and from HTML).
    def texts(path):
        return sorted(tuple(seg.text for seg in tu.iter("seg")) for tu in ET.parse(path).getroot().iter("tu"))

    memory = texts(out / "memory.tmx")
    selected = aligned[aligned.selected.astype(bool)]
    assert len(memory) == len(set(zip(selected.source, selected.target))) > 0
    assert memory == texts(cli / "all.tmx")


def test_a_table_of_texts_aligns_as_the_library_does(tmp_path):
    """A Parquet manifest that carries the editions' text, with a name for each pair."""
    import alinea

    en = (ROOT / "tests" / "data" / "rw895" / "en.txt").read_text(encoding="utf-8")
    es = (ROOT / "tests" / "data" / "rw895" / "es.txt").read_text(encoding="utf-8")
    manifest = tmp_path / "manifest.parquet"
    pd.DataFrame({"name": ["peru", "short"], "source_text": [en, "One. Two."], "target_text": [es, "Uno. Dos."]}).to_parquet(manifest)
    out = tmp_path / "out"
    table = run_example(manifest, out)
    assert table.error.isna().all()
    peru = table[table.pair == "peru"].sort_values("unit")
    src, tgt = alinea.segment(en, "en"), alinea.segment(es, "es")
    expected = alinea.units(src, tgt, alinea.align(src, tgt), document="peru")
    assert list(zip(peru.source, peru.target)) == [(u.source, u.target) for u in expected]
    assert list(table[table.pair == "short"].sort_values("unit").target) == ["Uno.", "Dos."]
