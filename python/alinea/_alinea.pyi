"""Typed stubs of the extension module (see ``alinea/__init__.py``)."""

from os import PathLike
from typing import List, Optional, Sequence, Tuple, Union

StrPath = Union[str, PathLike[str]]

class AlineaError(Exception):
    """An error of alinea: a file that cannot be read or written, a language it does not know, a
    memory it cannot parse. The message says what to do next."""

class Sentence:
    """A sentence of an edition: its text (white space folded) and its paragraph's index."""

    text: str
    paragraph: int
    def __init__(self, text: str, paragraph: int = 0) -> None: ...

class Bead:
    """Sentences ``source`` of the first edition paired with sentences ``target`` of the second
    (either may be empty), with a confidence ``score`` in [0, 1]."""

    @property
    def source(self) -> range: ...
    @property
    def target(self) -> range: ...
    @property
    def score(self) -> float: ...
    @property
    def kind(self) -> str:
        """The bead's type, as in ``"2-1"``."""

class TranslationUnit:
    """The text of a bead's two sides, with its confidence and review status."""

    @property
    def id(self) -> int: ...
    @property
    def document(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def score(self) -> Optional[float]: ...
    @property
    def kind(self) -> Optional[str]: ...
    @property
    def status(self) -> str:
        """``""`` (unreviewed), ``"ok"`` or ``"rejected"``."""
    @property
    def note(self) -> str: ...
    @property
    def selected(self) -> bool:
        """Whether a memory for translation software takes it (both sides, and accepted or
        unreviewed with a confidence of at least 0.5)."""

class AlignedPair:
    """The alignment of a pair of files."""

    name: str
    source_sentences: int
    target_sentences: int
    beads: list[Bead]
    units: list[TranslationUnit]
    doubt: Optional[str]
    """Why the two files do not look like translations of each other, or None."""

SentenceLike = Union[str, Sentence]

def segment(text: str, lang: str = "en") -> list[Sentence]:
    """Splits ``text`` into sentences with the rules of ``lang`` (an ISO 639-1 code; other codes get
    generic rules). Blank lines separate paragraphs."""

def align(
    source: Sequence[SentenceLike],
    target: Sequence[SentenceLike],
    *,
    src_lang: str = "en",
    tgt_lang: str = "es",
    anchors: bool = True,
    band: int = 24,
    second_pass: bool = False,
) -> list[Bead]:
    """Aligns two lists of sentences (strings: one paragraph; or ``Sentence`` objects from
    ``segment``), returning beads that cover every sentence once, in order."""

def units(
    source: Sequence[SentenceLike],
    target: Sequence[SentenceLike],
    beads: Sequence[Bead],
    document: str = "memory",
) -> list[TranslationUnit]:
    """One translation unit per bead, the sentences of each side joined with a space."""

def align_files(
    source: StrPath,
    target: StrPath,
    *,
    src_lang: str = "en",
    tgt_lang: str = "es",
    name: Optional[str] = None,
    second_pass: bool = False,
    dictionary: Optional[Sequence[Tuple[str, str]]] = None,
) -> AlignedPair:
    """Reads (text, HTML, PDF, DOCX, ODT, by extension), segments and aligns a pair of editions as
    ``alinea align`` does; ``dictionary`` adds (source, target) word pairs as anchors, as ``--dict``
    does (those of ``learn_pairs``, say). Raises ``AlineaError`` if a file cannot be read."""

def learn_pairs(
    pairs: Sequence[Tuple[StrPath, StrPath]],
    *,
    src_lang: str = "en",
    tgt_lang: str = "es",
) -> List[Tuple[str, str]]:
    """The (source, target) word pairs, accent-folded and lower-cased, that a whole batch of
    (source file, target file) pairs teaches, as ``alinea align --learn-batch`` learns them: every pair
    is aligned (on every core) and the words of the confident one-to-one beads of all of them are
    counted. Pass them to ``align_files(..., dictionary=...)`` to align each pair again with them. A pair
    that cannot be read teaches nothing (``align_files`` raises for it)."""

def write_tmx(path: StrPath, units: Sequence[TranslationUnit], *, src_lang: str = "en", tgt_lang: str = "es") -> int:
    """Writes the selected units (see ``TranslationUnit.selected``) as TMX 1.4b, atomically; returns
    how many were written."""

def write_csv(path: StrPath, units: Sequence[TranslationUnit], *, src_lang: str = "en", tgt_lang: str = "es") -> None:
    """Writes every unit as alinea's review table (CSV), atomically."""
