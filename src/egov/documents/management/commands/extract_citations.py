"""manage.py extract_citations FILE [--format json|table]: the citations in a .txt or .docx file.

JSON: a list with one object per mention (ref, type_word, number, year, symbol, issuer, kind,
date as YYYY-MM-DD or null, start, end — offsets in the NFC text). A file that cannot be read
ends with a message on stderr and exit status 2.
"""

import json
import unicodedata
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from docx.opc.exceptions import PackageNotFoundError

from egov.documents.citations import extract_citations


def read_docx_text(path: Path) -> str:
    """Paragraphs and table cells of a .docx, in document order, one paragraph a line."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                seen = set()
                for row in block.rows:
                    for cell in row.cells:
                        # Merged cells appear once per grid column; read each cell once.
                        if cell._tc in seen:
                            continue
                        seen.add(cell._tc)  # the element itself: ids of freed proxies are reused
                        walk(cell)

    walk(document)
    return "\n".join(lines)


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        try:
            return read_docx_text(path)
        except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
            raise ValueError(f"{path}: not a valid .docx file ({exc.__class__.__name__}: {exc})") from exc
    if suffix == ".txt":
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
    raise ValueError(f"{path}: unsupported file type {suffix or '(none)'!r}; expected .txt or .docx")


class Command(BaseCommand):
    help = "Print the official-document citations found in a .txt (UTF-8) or .docx file."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .txt (UTF-8) or .docx file")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        try:
            text = read_text(path)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        text = unicodedata.normalize("NFC", text)
        citations = [c.as_dict() for c in extract_citations(text)]
        if options["format"] == "json":
            self.stdout.write(json.dumps(citations, ensure_ascii=False, indent=2))
            return
        columns = ["ref", "type_word", "kind", "issuer", "year", "date", "start", "end"]
        rows = [[("" if c[col] is None else str(c[col])) for col in columns] for c in citations]
        widths = [max([len(col), *(len(r[i]) for r in rows)]) for i, col in enumerate(columns)]
        self.stdout.write("  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True)).rstrip())
        for row in rows:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(f"{len(citations)} citation(s)")
