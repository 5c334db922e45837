"""Peak memory and seconds of ficlens on hostile inputs (issue 8), each in a fresh process.

Builds the inputs under --workdir (not in git), runs ``ficlens.analyze(path)`` on each in a child process,
polls the child's VmHWM (peak resident memory) from /proc, and prints one line per case: the outcome (ok, a
coded error, or killed), seconds and peak MB. The child runs under an address-space limit (--limit-gb) and a
time limit (--timeout) so a runaway case cannot take the machine down; "killed" means one of them hit.

Usage: nice python bench/hostile.py [--cases nonl2mb,text20mb,...] [--timeout 300] [--limit-gb 10]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SENTENCES = (
    "Mara walked along the harbour wall and counted the boats that had not come back. ",
    "The wind pulled at her coat, and somewhere behind her a gull laughed at nothing at all. ",
    "She thought of her brother, of the nets he had mended, of the promise he had made her. ",
    "Tomas waited by the lantern; he did not look up when she came near. ",
)


def prose(n_bytes: int, newline_every: int | None = None) -> str:
    out = []
    size = 0
    i = 0
    while size < n_bytes:
        s = _SENTENCES[i % len(_SENTENCES)]
        if newline_every and i % newline_every == newline_every - 1:
            s = s.rstrip() + "\n\n"
        out.append(s)
        size += len(s)
        i += 1
    return "".join(out)


def _epub(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml",
                    '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                    '<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>'
                    "</rootfiles></container>")
        zf.writestr("content.opf",
                    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
                    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bomb</dc:title></metadata>'
                    '<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>'
                    '<spine><itemref idref="c1"/></spine></package>')
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def build(case: str, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    if case == "nonl2mb":
        p = work / "nonl2mb.txt"
        p.write_text(prose(2_000_000), encoding="utf-8")
    elif case == "nonl500k":
        p = work / "nonl500k.txt"
        p.write_text(prose(500_000), encoding="utf-8")
    elif case == "text500k":
        p = work / "text500k.txt"
        p.write_text(prose(500_000, newline_every=5), encoding="utf-8")
    elif case == "nonl20mb":
        p = work / "nonl20mb.txt"
        p.write_text(prose(20_000_000), encoding="utf-8")
    elif case == "text20mb":
        p = work / "text20mb.txt"
        p.write_text(prose(20_000_000, newline_every=5), encoding="utf-8")
    elif case == "text2mb":
        p = work / "text2mb.txt"
        p.write_text(prose(2_000_000, newline_every=5), encoding="utf-8")
    elif case == "quotes50k":
        p = work / "quotes50k.txt"
        p.write_text("Intro line.\n\n" + "a \" " * 12_500 + "b “ c ” " * 12_500 + "\n", encoding="utf-8")
    elif case == "epub_bomb":
        p = work / "bomb.epub"
        body = b"<html><body><p>" + b"a " * 600_000_000 + b"</p></body></html>"
        p.write_bytes(_epub({"c1.xhtml": body}))
    elif case == "epub_elements":
        p = work / "elements.epub"
        body = b"<html><body>" + b"<p>word</p>" * 6_000_000 + b"</body></html>"
        p.write_bytes(_epub({"c1.xhtml": body}))
    elif case == "docx_bomb":
        p = work / "bomb.docx"
        para = b"<w:p><w:r><w:t>word</w:t></w:r></w:p>"
        p.write_bytes(_docx(b"<w:document " + _W + b"><w:body>" + para * 10_000_000 + b"</w:body></w:document>"))
    elif case == "html_deep":
        p = work / "deep.html"
        p.write_text('<html><body><div id="chapters"><div class="userstuff">' + "<div>" * 5000
                     + "<p>She said hello.</p>" + "</div>" * 5000 + "</div></div></body></html>")
    else:
        raise SystemExit(f"unknown case {case}")
    return p


_CHILD = r"""
import sys, time
t = time.perf_counter()
import ficlens
try:
    a = ficlens.analyze(sys.argv[1])
    out = f"ok words={a.work.words}"
except ficlens.FiclensError as e:
    out = "refused " + str(e)[:90]
except MemoryError:
    out = "MemoryError"
except Exception as e:
    out = f"crash {type(e).__name__}"
print(out, round(time.perf_counter() - t, 1), flush=True)
"""


def _hwm(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(path: Path, timeout: float, limit_gb: float, src: str | None) -> str:
    def limits() -> None:
        lim = int(limit_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, preexec_fn=limits, env=env)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _hwm(proc.pid))
        if time.perf_counter() - t0 > timeout:
            proc.kill()
            proc.wait()
            return f"killed (timeout {timeout:.0f}s) peak>={peak:.0f}MB"
        time.sleep(0.05)
    out = (proc.stdout.read() if proc.stdout else "").strip() or f"exit {proc.returncode}"
    return f"{out} | {time.perf_counter() - t0:.1f}s wall, peak {peak:.0f}MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default="nonl2mb,text2mb,quotes50k,epub_bomb,epub_elements,docx_bomb,html_deep,"
                    "text20mb,nonl20mb")
    ap.add_argument("--workdir", default="/tmp/ficlens-hostile")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--limit-gb", type=float, default=10)
    ap.add_argument("--src", default=None, help="PYTHONPATH for the child (e.g. another checkout's src)")
    args = ap.parse_args()
    for case in args.cases.split(","):
        path = build(case, Path(args.workdir))
        print(f"{case:14} {path.stat().st_size / 1e6:7.2f} MB  {run(path, args.timeout, args.limit_gb, args.src)}",
              flush=True)


if __name__ == "__main__":
    main()
