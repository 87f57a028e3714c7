"""Hostile PDFs, made here from plain bytes, through `controleer` and `actielijst`.

Each gets a Dutch answer and an exit code, never a traceback, and a bad file does not stop the check
of the next. The time guard only catches a hang (a file that loops); speed itself is in benchmarks/.
"""

import signal
import zlib
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from waardenkaart.cli import cli

HANG = 60  # seconds: far beyond the few a limited read takes on a busy machine; only a loop gets here


def pdf(objects: dict[int, bytes], trailer: bytes = b"", header: bytes = b"%PDF-1.4") -> bytes:
    """A PDF file from numbered object bodies, with a correct cross-reference table."""
    out = bytearray(header + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    start, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, start)
    return bytes(out)


def stream(data: bytes, entries: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data, entries = zlib.compress(data, 9), entries + b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def page(content: bytes = b"", resources: bytes = b"<< >>", entries: bytes = b"", extra=None, **options) -> bytes:
    """One A6 page with trim and bleed boxes; `extra` adds objects from number 5 on."""
    boxes = b"/MediaBox [0 0 314.6 436.5] /TrimBox [8.5 8.5 306.1 428] /BleedBox [0 0 314.6 436.5]"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R %s /Resources %s /Contents 4 0 R %s >>" % (boxes, resources, entries),
        4: stream(content, compress=options.pop("compress", False)),
        **(extra or {}),
    }
    return pdf(objects, **options)


FONT = b"<< /Font << /F1 5 0 R >> >>"
TEXT = b"BT /F1 12 Tf 20 200 Td <00410042> Tj ET"
ENCRYPT_AES = (
    b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV3 "
    b"/Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <"
    + b"00" * 48
    + b"> /U <"
    + b"00" * 48
    + b"> /OE <"
    + b"00" * 32
    + b"> /UE <"
    + b"00" * 32
    + b"> /Perms <"
    + b"00" * 16
    + b"> >>"
)
ENCRYPT_RC4 = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <" + b"00" * 32 + b"> /U <" + b"00" * 32 + b"> >>"
FILE_ID = b"/ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"


def xref_stream(widths: bytes, index: bytes, size: int, data: bytes) -> bytes:
    """A PDF 1.5 file whose cross-reference is a stream with the given /W, /Index and /Size."""
    out = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    out += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    start = len(out)
    entries = b"/Type /XRef /Size %d /W %s /Index %s /Root 1 0 R" % (size, widths, index)
    return out + b"3 0 obj\n" + stream(data, entries) + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % start


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _form_chain(length: int) -> dict[int, bytes]:
    """Forms 5, 6, ... each drawing the next: deeper than any reader should follow."""
    return {
        5 + i: stream(
            b"/X Do",
            b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X %d 0 R >> >>" % (6 + i),
        )
        for i in range(length)
    } | {5 + length: stream(b"0 0 m 1 1 l S", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10]")}


def corpus() -> dict[str, bytes]:
    self_form = stream(
        b"/X Do " * 1000, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>"
    )
    return {
        "leeg": b"",
        "geen-pdf": b"Dit is een brief, geen PDF.\n" * 10,
        "alleen-kop": b"%PDF-1.4\n",
        "afgekapt": page(TEXT, FONT)[:200],
        "aes-versleuteld": page(b"", trailer=b"/Encrypt 9 0 R " + FILE_ID, extra={9: ENCRYPT_AES}),
        "rc4-versleuteld": page(b"", trailer=b"/Encrypt 9 0 R " + FILE_ID, extra={9: ENCRYPT_RC4}),
        "kader-geen-getallen": page(entries=b"/TrimBox [0 0 /A (b)]"),
        "kader-een-getal": page(entries=b"/TrimBox 5 /BleedBox (x)"),
        "kader-reusachtig": page(b"0 0 m 10 10 l S", entries=b"/TrimBox [0 0 " + b"9" * 40 + b" 1]"),
        "getal-te-lang": page(b"0 0 m 10 10 l S", entries=b"/TrimBox [0 0 " + b"9" * 400 + b" 1]"),
        "kader-plat": page(b"0 0 100 100 re f", entries=b"/TrimBox [5 5 5 5]"),
        "font-zonder-nakomeling": page(TEXT, FONT, extra={5: b"<< /Type /Font /Subtype /Type0 /BaseFont /X >>"}),
        "font-lege-nakomelingen": page(TEXT, FONT, extra={5: b"<< /Type /Font /Subtype /Type0 /DescendantFonts [] >>"}),
        "font-nakomeling-getal": page(TEXT, FONT, extra={5: b"<< /Type /Font /Subtype /Type0 /DescendantFonts 7 >>"}),
        "font-is-getal": page(TEXT, b"<< /Font << /F1 42 >> >>"),
        "font-breedten-onzin": page(
            TEXT, FONT, extra={5: b"<< /Type /Font /Subtype /TrueType /FirstChar /A /Widths [(a) /b 3] >>"}
        ),
        "bronnen-getal": page(TEXT, b"5"),
        "bronnen-verkeerd-soort": page(
            TEXT + b" /G gs /X Do", b"<< /Font [1 2] /XObject (abc) /ExtGState 3 /ColorSpace 9 >>"
        ),
        "grafische-staat-onzin": page(b"/G gs", b"<< /ExtGState << /G << /ca /half /CA (x) /SMask 3 >> >> >>"),
        "operanden-verkeerd": page(
            b"/a /b /c /d /e /f cm (x) w 1 re /F1 /F1 Tf [1 2] Tm 1 2 3 Td (x) (y) k 5 Tj", FONT
        ),
        "diep-genest": page(entries=b"/Diep " + _nested(100_000)),
        "formulier-roept-zichzelf": page(b"/X Do", b"<< /XObject << /X 5 0 R >> >>", extra={5: self_form}),
        "formulierketen": page(b"/X Do", b"<< /XObject << /X 5 0 R >> >>", extra=_form_chain(2000)),
        "miljoenen-operatoren": page(b"0 0 m 1 1 l S\n" * 700_000, compress=True),
        "veel-korte-operatoren": page(b"n\n" * 2_000_000, compress=True),
        "veel-getallen": page(b"0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 n\n" * 40_000, compress=True),
        "zip-bom": page(b" " * 300_000_000, compress=True),
        "reusachtige-W": page(
            TEXT,
            FONT,
            extra={
                5: b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
                6: b"<< /Type /Font /Subtype /CIDFontType2 /DW 1000 /W [" + b"0 4294967295 500 " * 2000 + b"] >>",
            },
        ),
        "reusachtige-cmap": page(
            TEXT,
            FONT,
            extra={
                5: b"<< /Type /Font /Subtype /Type0 /BaseFont /X /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
                6: b"<< /Type /Font /Subtype /CIDFontType2 >>",
                7: stream(
                    b"beginbfrange\n"
                    + b"<00000000> <FFFFFFFF> <0041>\n" * 2000
                    + b"endbfrange\n<zz> beginbfchar <0041> <4> endbfchar"
                ),
            },
        ),
        "xref-reusachtige-W": xref_stream(b"[1 4294967295 1]", b"[0 4]", 4, b"\0" * 40),
        "xref-reusachtige-index": xref_stream(b"[1 2 1]", b"[0 4294967295]", 4294967295, b"\1\0\20\0" * 4),
        "honderdduizend-paginas": pdf(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                2: b"<< /Type /Pages /Count 100000 /Kids [" + b"3 0 R " * 100_000 + b"] >>",
                3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            }
        ),
        "paginaboom-lus": pdf(
            {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}
        ),
        "geen-paginas": pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}),
        "wortel-is-getal": pdf({1: b"7"}),
        "annotaties-onzin": page(entries=b"/Annots [5 0 R 3] ", extra={5: b"<< /Subtype /Widget /Rect [(a) 1] >>"}),
        "velden-lus": page(extra={5: b"<< /FT /Tx /T (a) /Kids [5 0 R] >>"}).replace(
            b"/Pages 2 0 R >>", b"/Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>"
        ),
    }


CORPUS = corpus()


@contextmanager
def hang_guard():
    def hung(signum, frame):
        raise AssertionError(f"no answer within {HANG} s: a reading loop without a limit")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, data in CORPUS.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)
    return tmp_path


def run(*args):
    with hang_guard():
        return CliRunner().invoke(cli, list(args))


def _dutch_only(output: str) -> None:
    assert "Traceback" not in output
    for python_word in ("Error", "Exception", "object", "None", "datetime", "b'"):
        assert python_word not in output, output


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_controleer_answers_every_hostile_file_in_dutch(files, name):
    result = run("controleer", f"{name}.pdf")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if name == "velden-lus":  # a form whose field is its own kid: harmless for printing
        assert result.exit_code == 0 and "geschikt om zelf af te drukken" in result.output
    else:
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"{name}.pdf: niet drukklaar"), result.output
    _dutch_only(result.output)


@pytest.mark.parametrize(
    "name, says",
    [
        ("aes-versleuteld", "beveiligd (versleuteld)"),
        ("rc4-versleuteld", "beveiligd (versleuteld)"),
        ("leeg", "het bestand is leeg (0 bytes)"),
        ("formulier-roept-zichzelf", "te ingewikkeld om te controleren: meer dan 1.000.000 tekenopdrachten"),
        ("miljoenen-operatoren", "te ingewikkeld om te controleren: meer dan 2 MB aan pagina-inhoud"),
        ("veel-getallen", "te ingewikkeld om te controleren: meer dan 500.000 getallen, namen en opdrachten"),
        ("veel-korte-operatoren", "te ingewikkeld om te controleren: meer dan 2 MB aan pagina-inhoud"),
        ("zip-bom", "een deel dat uitgepakt te groot wordt"),
        ("getal-te-lang", "te lang getal"),
        ("kader-reusachtig", "1 pagina"),
        ("operanden-verkeerd", "1 pagina"),
        ("geen-paginas", "het bestand heeft geen pagina’s"),
        ("honderdduizend-paginas", "te ingewikkeld om te controleren: meer dan 5.000 pagina’s"),
    ],
)
def test_the_message_says_what_is_wrong(files, name, says):
    assert says in run("controleer", f"{name}.pdf").output


def test_one_bad_file_does_not_stop_the_check_of_the_next(files, neutral_kit):
    (files / "goed.pdf").write_bytes(neutral_kit.files["poster-cyclus-A3.pdf"])
    (files / "map.pdf").mkdir()
    names = ["ontbreekt.pdf", "map.pdf"] + [f"{name}.pdf" for name in sorted(CORPUS)] + ["goed.pdf"]
    result = run("controleer", *names)
    assert result.exit_code == 1
    reports = [line for line in result.output.splitlines() if not line.startswith(" ")]
    assert [line.split(":")[0] for line in reports] == names
    assert reports[-1].startswith("goed.pdf: drukklaar")
    assert result.output.startswith(
        "ontbreekt.pdf: niet drukklaar\n  bestand: het bestand bestaat niet.\n"
        "map.pdf: niet drukklaar\n  bestand: dit is een map, geen bestand.\n"
    )


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_actielijst_refuses_every_hostile_file_in_dutch(files, name):
    result = run("actielijst", f"{name}.pdf")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Fout: {name}.pdf: "), result.output
    _dutch_only(result.output)
    assert not (files / f"actielijst-{name}").exists()


def test_actielijst_says_a_locked_file_is_locked(files):
    assert "beveiligd (versleuteld)" in run("actielijst", "aes-versleuteld.pdf").output


def test_a_file_over_the_size_limit_is_not_read(files, monkeypatch):
    monkeypatch.setattr("waardenkaart.prepress.preflight.MAX_FILE_BYTES", 1000)
    monkeypatch.setattr("waardenkaart.actionlist.MAX_FILE_BYTES", 1000)
    (files / "groot.pdf").write_bytes(b"%PDF-1.4\n" + b" " * 5000)
    assert "bestand: het bestand is groter dan 0 MB." in run("controleer", "groot.pdf").output
    assert run("actielijst", "groot.pdf").output.startswith("Fout: groot.pdf: het bestand is groter dan")


def test_a_file_with_thousands_of_faults_gets_a_readable_report(files):
    shows = b"".join(b"BT /F1 4 Tf %d 2 Td (A%d) Tj ET\n" % (i % 300, i) for i in range(5000))
    (files / "fouten.pdf").write_bytes(page(shows, FONT, extra={5: b"<< /Type /Font /Subtype /TrueType >>"}))
    lines = run("controleer", "fouten.pdf").output.splitlines()
    assert (
        len(lines) == 42
        and lines[-1].startswith("  en nog ")
        and lines[-1].endswith(" meldingen van dezelfde soort of over andere pagina’s.")
    )
