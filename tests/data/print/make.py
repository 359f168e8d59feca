#!/usr/bin/env python3
"""Makes the printed editions of the tests, from the sample article (tests/data/rw895) and a few
sentences of our own, with nothing but Python's standard library:

- rw895-en.pdf, rw895-es.pdf: the sample set in two columns of Helvetica, long words hyphenated at the
  line end ("transla-" / "tion"), a running header and a page number on every page;
- rw895-en-across.pdf: the same English PDF, its pages drawn row by row across the two columns;
- scanned.pdf: a page holding only an image (no text layer), as a scanner makes it;
- encrypted.pdf: a one-page text PDF whose trailer says it is encrypted;
- rw895-en.docx: the English sample as a Word document, with a table and a footnote added;
- rw895-es.odt: the Spanish sample as an OpenDocument text, with a list and a footnote added.

Usage: python3 tests/data/print/make.py   (writes into tests/data/print/)
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "rw895")
W, H = 612, 792
SIZE, LEAD = 10, 13


def paragraphs(lang):
    """The paragraphs of the sample: blocks between blank lines, a list item (a line that starts with
    a bullet) a paragraph of its own."""
    text = open(os.path.join(SAMPLE, f"{lang}.txt"), encoding="utf-8").read()
    out = []
    for block in text.split("\n\n"):
        current = []
        for line in block.splitlines():
            if line.strip().startswith("•") and current:
                out.append(" ".join(current))
                current = []
            if line.strip():
                current.append(line.strip())
        if current:
            out.append(" ".join(current))
    return out


# Helvetica's advance widths (thousandths of an em), from its AFM file, for the printable ASCII range;
# an accented letter is as wide as its base letter.
HELVETICA = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278] + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556,
       833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
       556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278,
       556, 500, 722, 500, 500, 500, 334, 260, 334, 584]))
OTHER = {"—": 1000, "–": 556, "“": 333, "”": 333, "‘": 222, "’": 222, "¡": 333, "¿": 611, "«": 556, "»": 556}


def width(text):
    import unicodedata
    total = 0
    for c in text:
        base = unicodedata.normalize("NFD", c)[0]
        total += HELVETICA.get(c) or OTHER.get(c) or HELVETICA.get(base, 556)
    return total * SIZE / 1000


def hyphen_point(word):
    # A split inside the word after a vowel, at least three letters on each side.
    points = [i for i in range(3, len(word) - 2)
              if word[i - 1] in "aeiouáéíóú" and word[i].isalpha() and word[i - 1].isalpha()]
    return points[len(points) // 2] if points else None


def set_lines(paragraph, measure):
    lines, line = [], ""
    for word in paragraph.split():
        candidate = (line + " " + word).strip()
        if width(candidate) <= measure:
            line = candidate
            continue
        if len(word) >= 7:
            k = hyphen_point(word)
            if k and width((line + " " + word[:k] + "-").strip()) <= measure:
                lines.append((line + " " + word[:k] + "-").strip())
                line = word[k:]
                continue
        if line:
            lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


def pdf_string(text):
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def write_pdf(path, pages, extra_objects=(), trailer_extra=b""):
    """pages: a list of (content stream bytes, resources dictionary bytes)."""
    objects = []

    def add(obj):
        objects.append(obj)
        return len(objects)

    for obj in extra_objects:
        add(obj)
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for stream, resources in pages:
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
                        % (pages_id, W, H, resources, content)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, trailer_extra, xref)
    with open(path, "wb") as f:
        f.write(out)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_pdf(path, paras, header, columns=2, across=False):
    margin, gutter = 60, 24
    col_w = (W - 2 * margin - gutter * (columns - 1)) / columns
    top, bottom = H - 80, 70
    pages, items, col, y = [], [], 0, top
    for p in paras:
        for line in set_lines(p, col_w):
            if y < bottom:
                col, y = col + 1, top
                if col == columns:
                    pages.append(items)
                    items, col = [], 0
            items.append((margin + col * (col_w + gutter), y, line))
            y -= LEAD
        y -= LEAD * 0.8
    if items:
        pages.append(items)
    streams = []
    for n, items in enumerate(pages, 1):
        if across:
            # Drawn row by row across the columns, as some producers do: read in drawing order, the
            # columns would interleave.
            items = sorted(items, key=lambda item: (-item[1], item[0]))
        ops = [(margin, H - 45, header)] + items + [(W / 2 - 5, 35, str(n))]
        stream = "".join(f"BT /F1 {SIZE} Tf {x:.1f} {y:.1f} Td {pdf_string(t)} Tj ET\n" for x, y, t in ops)
        streams.append((stream.encode("cp1252"), b"<< /Font << /F1 1 0 R >> >>"))
    write_pdf(path, streams, extra_objects=[FONT])


def scanned_pdf(path):
    # An 8x8 grey image drawn over the page: pixels, no text.
    pixels = bytes((x * 31 + y * 17) % 256 for y in range(8) for x in range(8))
    image = b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"
    stream = b"q 500 0 0 700 56 46 cm /Im1 Do Q"
    write_pdf(path, [(stream, b"<< /XObject << /Im1 1 0 R >> >>")], extra_objects=[image])


def encrypted_pdf(path):
    stream = b"BT /F1 12 Tf 72 720 Td (A secret text.) Tj ET"
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"00" * 32 + b"> /P -4 >>"
    write_pdf(path, [(stream, b"<< /Font << /F1 1 0 R >> >>")], extra_objects=[FONT, encrypt],
              trailer_extra=b"/Encrypt 2 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ")


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(path, paras):
    def p(text, style=None, extra=""):
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r>{extra}</w:p>"

    body = [p(paras[0], "Title")]
    for k, text in enumerate(paras[1:], 1):
        if k == 3:
            # A sentence that calls a footnote in its middle: the note goes after the body.
            body.append('<w:p><w:r><w:t xml:space="preserve">The figures come from the embassy</w:t></w:r>'
                        '<w:r><w:footnoteReference w:id="1"/></w:r>'
                        '<w:r><w:t xml:space="preserve"> and from the ministry.</w:t></w:r></w:p>')
        body.append(p(text))
    table = ("<w:tbl>" + "".join(
        "<w:tr>" + "".join(f"<w:tc>{p(cell)}</w:tc>" for cell in row) + "</w:tr>"
        for row in [["Year", "Aid"], ["1996", "Forty million dollars."]]) + "</w:tbl>")
    body.append(table)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
                + "".join(body) + "<w:sectPr/></w:body></w:document>")
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Embassy report of March 1997.</w:t></w:r></w:p></w:footnote>'
                 "</w:footnotes>")
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                     "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>")
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", rels),
                           ("word/_rels/document.xml.rels", doc_rels), ("word/document.xml", document),
                           ("word/footnotes.xml", footnotes)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(info, data, zipfile.ZIP_DEFLATED)


def odt(path, paras):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
    body = [f'<text:h text:outline-level="1">{escape(paras[0])}</text:h>']
    for k, text in enumerate(paras[1:], 1):
        if k == 3:
            body.append('<text:p>Las cifras vienen de la embajada<text:note text:note-class="footnote">'
                        '<text:note-citation>1</text:note-citation><text:note-body><text:p>Informe de la embajada'
                        ' de marzo de 1997.</text:p></text:note-body></text:note> y del ministerio.</text:p>')
        body.append(f"<text:p>{escape(text)}</text:p>")
    body.append("<text:list><text:list-item><text:p>Cuarenta millones de dólares.</text:p></text:list-item></text:list>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} office:version="1.2">'
               "<office:body><office:text>" + "".join(body) + "</office:text></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        # The mimetype comes first and is stored, as the OpenDocument format requires.
        z.writestr(zipfile.ZipInfo("mimetype", date_time=(2026, 1, 1, 0, 0, 0)),
                   "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("content.xml", date_time=(2026, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
        manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        z.writestr(zipfile.ZipInfo("META-INF/manifest.xml", date_time=(2026, 1, 1, 0, 0, 0)), manifest, zipfile.ZIP_DEFLATED)


def main():
    en, es = paragraphs("en"), paragraphs("es")
    text_pdf(os.path.join(HERE, "rw895-en.pdf"), en, "Revolutionary Worker #895 - February 23, 1997")
    text_pdf(os.path.join(HERE, "rw895-es.pdf"), es, "Obrero Revolucionario #895 - 23 de febrero de 1997")
    text_pdf(os.path.join(HERE, "rw895-en-across.pdf"), en, "Revolutionary Worker #895 - February 23, 1997", across=True)
    scanned_pdf(os.path.join(HERE, "scanned.pdf"))
    encrypted_pdf(os.path.join(HERE, "encrypted.pdf"))
    docx(os.path.join(HERE, "rw895-en.docx"), en)
    odt(os.path.join(HERE, "rw895-es.odt"), es)


main()
