"""Align a manifest of document pairs with Spark, and write the alignment table and the memory.

    python examples/spark_align.py MANIFEST OUT_DIR [--src-lang en] [--tgt-lang es]
    spark-submit --py-files alinea-*.whl examples/spark_align.py MANIFEST OUT_DIR   # on a cluster

MANIFEST is a CSV (or Parquet) table with the columns ``source`` and ``target``: the paths of the two
editions of each pair, as the executors see them (a shared file system), relative paths taken from the
manifest's folder. Optional columns ``name`` (the pair's name; by default the source file's stem, as
``alinea align`` names it), and ``source_text``/``target_text`` (the editions themselves, segmented
as plain text, for tables that carry the text rather than paths).

OUT_DIR receives:

- ``alignment/``: a Parquet table with one row per bead and its unit (pair, bead ranges, score, kind,
  the unit's text, whether the memory takes it), and one row per pair that failed, with its ``error``:
  a pair that cannot be read never fails the job;
- ``memory.tmx``: the units a memory for translation software takes, each text pair once, as the
  merged memory of ``alinea align`` (all.tmx) holds them.

The work is done in ``mapInPandas`` on the executors, each task aligning its pairs one after another
with the GIL released (Spark runs one task per core).
"""

import argparse
import os
import sys

import pandas as pd
from pyspark import SparkConf
from pyspark.sql import SparkSession
from pyspark.sql import types as T

import alinea

SCHEMA = T.StructType(
    [
        T.StructField("pair", T.StringType()),
        T.StructField("source_path", T.StringType()),
        T.StructField("target_path", T.StringType()),
        T.StructField("unit", T.LongType()),
        T.StructField("source_start", T.LongType()),
        T.StructField("source_end", T.LongType()),
        T.StructField("target_start", T.LongType()),
        T.StructField("target_end", T.LongType()),
        T.StructField("kind", T.StringType()),
        T.StructField("score", T.DoubleType()),
        T.StructField("source", T.StringType()),
        T.StructField("target", T.StringType()),
        T.StructField("selected", T.BooleanType()),
        T.StructField("error", T.StringType()),
    ]
)


def align_row(row, src_lang, tgt_lang):
    """The rows of one pair: a row per bead, or one row with the error."""
    source_path, target_path = row.get("source"), row.get("target")
    name = row.get("name")
    base = {"source_path": source_path, "target_path": target_path}
    try:
        if isinstance(row.get("source_text"), str) and isinstance(row.get("target_text"), str):
            name = name or "memory"
            en = alinea.segment(row["source_text"], src_lang)
            es = alinea.segment(row["target_text"], tgt_lang)
            beads = alinea.align(en, es, src_lang=src_lang, tgt_lang=tgt_lang)
            units = alinea.units(en, es, beads, document=name)
        else:
            pair = alinea.align_files(source_path, target_path, src_lang=src_lang, tgt_lang=tgt_lang, name=name)
            name, beads, units = pair.name, pair.beads, pair.units
    except (alinea.AlineaError, TypeError, ValueError) as e:
        return [dict(base, pair=name, error=str(e))]
    return [
        dict(
            base,
            pair=name,
            unit=u.id,
            source_start=b.source.start,
            source_end=b.source.stop,
            target_start=b.target.start,
            target_end=b.target.stop,
            kind=b.kind,
            score=b.score,
            source=u.source,
            target=u.target,
            selected=u.selected,
            error=None,
        )
        for b, u in zip(beads, units)
    ]


def aligner(src_lang, tgt_lang):
    """The function that ``mapInPandas`` runs on each batch of manifest rows."""

    def run(batches):
        for batch in batches:
            rows = []
            for row in batch.to_dict("records"):
                rows.extend(align_row(row, src_lang, tgt_lang))
            frame = pd.DataFrame(rows, columns=SCHEMA.fieldNames())
            # Plain Python strings: pandas 3 would hold them in Arrow arrays that some PySpark
            # versions cannot take back.
            for field in SCHEMA.fields:
                if isinstance(field.dataType, T.StringType):
                    frame[field.name] = frame[field.name].astype(object)
            yield frame

    return run


def read_manifest(spark, path):
    """The manifest as a DataFrame, relative paths resolved against its folder."""
    if path.endswith(".parquet") or os.path.isdir(path):
        table = spark.read.parquet(path)
    else:
        table = spark.read.csv(path, header=True)
    missing = {"source", "target"} - set(table.columns)
    if missing and not {"source_text", "target_text"} <= set(table.columns):
        sys.exit(f"{path}: no column {' or '.join(sorted(missing))}; the manifest needs source and target")
    base = os.path.dirname(os.path.abspath(path))
    resolve = lambda p: p if p is None or os.path.isabs(p) else os.path.join(base, p)
    pdf = table.toPandas()
    for column in ("source", "target"):
        if column in pdf:
            pdf[column] = pdf[column].map(resolve)
    # One pair a partition up to the cores: a long pair and a short one do not wait on each other.
    return spark.createDataFrame(pdf).repartition(max(1, min(len(pdf), spark.sparkContext.defaultParallelism * 4)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifest", help="CSV or Parquet table with columns source and target")
    parser.add_argument("out_dir", help="folder for alignment/ (Parquet) and memory.tmx")
    parser.add_argument("--src-lang", default="en")
    parser.add_argument("--tgt-lang", default="es")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default: local[*])")
    args = parser.parse_args(argv)

    builder = SparkSession.builder.appName("alinea")
    if args.master or not SparkConf().contains("spark.master"):
        builder = builder.master(args.master or "local[*]")
        # Local workers run this interpreter (a virtual environment's, with alinea), not the first
        # python3 on the PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        manifest = read_manifest(spark, args.manifest)
        alignment = manifest.mapInPandas(aligner(args.src_lang, args.tgt_lang), schema=SCHEMA).cache()
        os.makedirs(args.out_dir, exist_ok=True)
        alignment.write.mode("overwrite").parquet(os.path.join(args.out_dir, "alignment"))
        # The memory, written by the driver, pair by pair (by name) and unit by unit; a unit found
        # before, in this pair or another (the same text in two documents), is not repeated, as in the
        # command line's merged memory.
        kept = alignment.where("error IS NULL AND selected").orderBy("pair", "unit")
        units, seen = [], set()
        for r in kept.toLocalIterator():
            if (r.source, r.target) not in seen:
                seen.add((r.source, r.target))
                units.append(
                    alinea.TranslationUnit(r.source, r.target, document=r.pair, id=r.unit, score=r.score, kind=r.kind)
                )
        written = alinea.write_tmx(
            os.path.join(args.out_dir, "memory.tmx"), units, src_lang=args.src_lang, tgt_lang=args.tgt_lang
        )
        failed = alignment.where("error IS NOT NULL").select("pair", "source_path", "error").collect()
        for f in failed:
            print(f"{f.source_path}: {f.error}", file=sys.stderr)
        print(f"{written} units written to {os.path.join(args.out_dir, 'memory.tmx')}; {len(failed)} pairs failed")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
