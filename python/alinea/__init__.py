"""alinea: align the two language editions of the same texts into a translation memory.

    >>> import alinea
    >>> en = alinea.segment("Gen. Barry McCaffrey went to Lima. He met Montesinos.", "en")
    >>> es = alinea.segment("El Gral. Barry McCaffrey fue a Lima. Se reunió con Montesinos.", "es")
    >>> beads = alinea.align(en, es, src_lang="en", tgt_lang="es")
    >>> [b.kind for b in beads]
    ['1-1', '1-1']
    >>> units = alinea.units(en, es, beads, document="lima")
    >>> units[1].target
    'Se reunió con Montesinos.'

The work is done by the Rust library, which releases the GIL while it segments, aligns and writes:
threads that align different pairs run on different cores, and one long pair is searched on every core.
Errors are raised as ``alinea.AlineaError`` with the command line's messages.
"""

from ._alinea import (
    AlignedPair,
    AlineaError,
    Bead,
    Sentence,
    TranslationUnit,
    align,
    align_files,
    learn_pairs,
    segment,
    units,
    write_csv,
    write_tmx,
)

__all__ = [
    "AlignedPair",
    "AlineaError",
    "Bead",
    "Sentence",
    "TranslationUnit",
    "align",
    "align_files",
    "learn_pairs",
    "segment",
    "units",
    "write_csv",
    "write_tmx",
]
