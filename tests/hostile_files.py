"""Builders of small story files, well-formed or hostile, for the safety and fuzz tests (our own words only)."""

from __future__ import annotations

import io
import zipfile

PARAGRAPHS = (
    "“We’re late,” Dean said, leaning against the Impala.",
    "Sam rolled his eyes. “You’re always late.”",
    "The motel sign flickered. Neither of them moved.",
)


def epub(chapter_bodies: list[bytes | str], extra: dict[str, bytes] | None = None, fff: bool = False) -> bytes:
    """An EPUB with one spine document per body (each a full XHTML document or a body fragment)."""
    buf = io.BytesIO()
    items = "".join(
        f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(len(chapter_bodies))
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapter_bodies)))
    contributor = '<dc:contributor opf:role="bkp">FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>'
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
            '<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        zf.writestr(
            "content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">'
            f"<dc:title>Late Again</dc:title><dc:creator>Someone</dc:creator>{contributor if fff else ''}"
            f"</metadata><manifest>{items}</manifest><spine>{spine}</spine></package>",
        )
        for i, body in enumerate(chapter_bodies):
            data = body.encode("utf-8") if isinstance(body, str) else body
            if not data.lstrip().startswith((b"<?xml", b"<html")):
                data = (
                    b'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
                    b"<title>c</title></head><body>" + data + b"</body></html>"
                )
            zf.writestr(f"c{i}.xhtml", data)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body_xml: bytes) -> bytes:
    """A minimal .docx whose document body is ``body_xml`` (w:p elements)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", b'<?xml version="1.0"?><w:document ' + W_NS + b"><w:body>" + body_xml
                    + b"</w:body></w:document>")
    return buf.getvalue()


def docx_paragraphs(paragraphs: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    return docx(body.encode("utf-8"))


def ao3_html(paragraphs: list[str] = list(PARAGRAPHS), title: str = "Late Again") -> str:  # noqa: B006
    from html import escape

    ps = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body><div id="preface">'
        f'<h1>{escape(title)}</h1><div class="byline">by <a rel="author" href="#">someone</a></div></div>'
        f'<div id="chapters"><div class="meta group"><h2 class="heading">Chapter 1</h2></div>'
        f'<div class="userstuff">{ps}</div></div></body></html>'
    )
