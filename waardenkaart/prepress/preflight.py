"""A print shop's preflight of any PDF, reported in Dutch per file and page.

Checks what makes shops send a file back: boxes and bleed, embedded fonts, colour spaces,
transparency, the PDF/X output intent, ink coverage, small or coloured text, thin lines, and text
outside the safe zone. Every PDF that `maak` writes passes; the tests prove it.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError

from ..intake.layout import PrintStandard
from .pdfread import MAX_FORM_DEPTH, PageContent, TooComplex, dictionary, numbers, read_pages

MM = 72 / 25.4
MAX_REPORT_LINES = 40
EDGE = 0.5  # points: a paint this close to the trim counts as touching it
LOCKED = "het bestand is beveiligd (versleuteld); een drukker kan het niet verwerken. Bewaar het zonder beveiliging."
MAX_FILE_BYTES = 100_000_000  # pypdf scans a damaged file of this size in some seconds; a kit file is below 2 MB


@dataclass(frozen=True)
class Finding:
    page: int | None  # None: about the whole file
    message: str


@dataclass
class Report:
    pages: int = 0
    summary: str = ""
    findings: list[Finding] = field(default_factory=list)
    form: bool = False  # a fillable form that claims no PDF/X: judged for printing on one's own printer

    @property
    def ready(self) -> bool:
        return self.pages > 0 and not self.findings


def check_file(path: Path, standard: PrintStandard) -> Report:
    """The report on a file on disk, read no further than the size limit; OSError when it cannot be read."""
    if not path.exists():
        return Report(findings=[Finding(None, "het bestand bestaat niet.")])
    if path.is_dir():
        return Report(findings=[Finding(None, "dit is een map, geen bestand.")])
    if not path.is_file():
        return Report(findings=[Finding(None, "geen gewoon bestand (maar bijvoorbeeld een apparaat of een pijp).")])
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return check_pdf(data, standard)


def check_pdf(data: bytes, standard: PrintStandard) -> Report:
    """The report on one file. Never raises on a bad file: a damaged, locked or overlong PDF is a finding."""
    report = Report()
    if not data:
        report.findings.append(Finding(None, "het bestand is leeg (0 bytes)."))
        return report
    if len(data) > MAX_FILE_BYTES:
        report.findings.append(Finding(None, f"het bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB."))
        return report
    try:
        _check(data, standard, report)
    except TooComplex as exc:
        report.findings.append(
            Finding(None, f"te ingewikkeld om te controleren: {exc}. Vraag de maker om een eenvoudiger bestand.")
        )
    except LimitReachedError:
        report.findings.append(
            Finding(
                None,
                "het bestand gaat over een grens voor veilig lezen (een deel dat uitgepakt te groot wordt, of een "
                "te lang getal of te lange naam); zo'n bestand controleer ik niet.",
            )
        )
    except DependencyError:  # AES: pypdf needs an extra package to even open it; a print shop refuses it anyway
        report.findings.append(Finding(None, LOCKED))
    except RecursionError:
        report.findings.append(
            Finding(None, "het bestand is te diep genest om te controleren; het is vermoedelijk beschadigd.")
        )
    except MemoryError:
        report.findings.append(Finding(None, "het bestand vraagt te veel geheugen om te controleren."))
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file; the user needs one sentence
        report.findings.append(
            Finding(
                None,
                "geen leesbaar PDF-bestand: het is beschadigd of volgt de PDF-norm niet. Bewaar of exporteer "
                "het opnieuw als PDF.",
            )
        )
    return report


def _check(data: bytes, standard: PrintStandard, report: Report) -> None:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        report.findings.append(Finding(None, LOCKED))
        return
    contents = read_pages(reader)
    report.pages = len(reader.pages)
    if not report.pages:
        report.findings.append(Finding(None, "het bestand heeft geen pagina’s."))
        return
    root = dictionary(reader.trailer.get("/Root"))
    claims_pdfx = "/GTS_PDFXVersion" in _info(reader)
    report.form = "/AcroForm" in root and not claims_pdfx
    if not report.form:
        _check_file(reader, report)
    sizes = set()
    for page, content in zip(reader.pages, contents):
        trim = _box(page, "/TrimBox")
        x0, y0, x1, y1 = trim or _box(page, "/MediaBox") or (0, 0, 0, 0)
        sizes.add((round((x1 - x0) / MM), round((y1 - y0) / MM)))
        _check_page(page, content, trim, standard, report)
        if not report.form and _annotations_inside(page, trim):
            report.findings.append(
                Finding(
                    content.number,
                    "formuliervelden of andere annotaties binnen het snijkader; PDF/X staat dat niet toe.",
                )
            )
    smallest = min((run.size for content in contents for run in content.runs), default=None)
    report.summary = _summary(sizes, contents, reader, smallest)


def _info(reader: PdfReader) -> dict:
    """The document information, or nothing when it is damaged."""
    return dictionary(reader.trailer.get("/Info"))


def _box(page, name: str):
    """A box as (left, bottom, right, top), or None when it is missing or no box of four numbers."""
    box = numbers(page.get(name), 4)
    if box is None or len({box[0], box[2]}) < 2 or len({box[1], box[3]}) < 2:
        return None
    return min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])


def _check_file(reader: PdfReader, report: Report) -> None:
    header = reader.pdf_header.replace("%PDF-", "")[:8]
    if header > "1.3":
        report.findings.append(Finding(None, f"PDF-versie {header}; PDF/X-1a vraagt versie 1.3."))
    intents = dictionary(reader.trailer.get("/Root")).get("/OutputIntents")
    intents = intents.get_object() if intents is not None else []
    intents = [dictionary(intent) for intent in intents] if isinstance(intents, list) else []
    if not any(intent.get("/S") == "/GTS_PDFX" for intent in intents):
        report.findings.append(
            Finding(
                None, "geen OutputIntent voor PDF/X: de drukker weet niet voor welk drukproces de kleuren bedoeld zijn."
            )
        )
    info = _info(reader)
    if "/GTS_PDFXVersion" not in info:
        report.findings.append(Finding(None, "geen PDF/X-versie in de documentgegevens (GTS_PDFXVersion)."))
    if not info.get("/Title"):
        report.findings.append(Finding(None, "geen documenttitel; PDF/X vraagt er een."))
    if info.get("/Trapped") not in ("/False", "/True"):
        report.findings.append(Finding(None, "Trapped staat niet op True of False; PDF/X vraagt een keuze."))


def _check_page(page, content: PageContent, trim, standard: PrintStandard, report: Report) -> None:
    number = content.number
    add = lambda message: report.findings.append(Finding(number, message))  # noqa: E731
    bleed = _box(page, "/BleedBox")
    if trim is None:
        add("geen TrimBox: de drukker weet niet waar de pagina gesneden wordt.")
    else:
        touching = [p for p in content.paints if p.fill and _touches(p.box, trim)]
        if touching:
            short = [side for side in _sides(trim, bleed) if side[1] < standard.bleed - 0.05]
            if bleed is None:
                add("geen BleedBox, terwijl er tot de snijlijn gedrukt wordt.")
            elif short:
                add(f"te weinig afloop: {_mm(min(s[1] for s in short))} mm, minimaal {_mm(standard.bleed)} mm rondom.")
            elif not _reaches_bleed(touching, trim, standard.bleed):
                add(
                    f"de opmaak loopt tot de snijlijn maar niet {_mm(standard.bleed)} mm verder de afloop in: "
                    "na het snijden kan er een witte rand ontstaan."
                )
    for name in _unembedded_fonts(page):
        add(f"lettertype {name} is niet ingesloten.")
    if content.colour_operators & {"rg", "RG"}:
        add("RGB-kleur (operator rg/RG): gebruik alleen CMYK.")
    for space in sorted(content.colour_spaces):
        if space not in ("/DeviceCMYK", "/DeviceGray", "/Pattern") and not _is_spot(page, space):
            add(f"kleurruimte {space.lstrip('/')}: gebruik alleen CMYK.")
    for image in content.images:
        space = str(image.get("/ColorSpace", ""))
        if "RGB" in space or "ICC" in space:
            add("een afbeelding in RGB: zet die om naar CMYK.")
        if image.get("/SMask") is not None:
            add("een afbeelding met transparantie (SMask); PDF/X-1a staat geen transparantie toe.")
    for state in content.graphics_states:
        if (
            state.get("/SMask") not in (None, "/None")
            or _opacity(state.get("/ca")) < 1
            or _opacity(state.get("/CA")) < 1
            or state.get("/BM") not in (None, "/Normal", "/Compatible")
        ):
            add("transparantie (SMask, doorzichtigheid of overvloeimodus); PDF/X-1a staat die niet toe.")
            break
    if dictionary(page.get("/Group")).get("/S") == "/Transparency":
        add("de pagina is een transparantiegroep; PDF/X-1a staat geen transparantie toe.")
    painted = {p.fill for p in content.paints if p.fill} | {p.stroke for p in content.paints if p.stroke}
    inks = {colour for colour in content.fills | painted if colour[0] == "cmyk"}
    for _, values in sorted(inks):
        if sum(values) * 100 > standard.max_ink + 0.01:
            add(f"inktdekking {sum(values) * 100:.0f}% (CMYK {_percent(values)}) is meer dan {standard.max_ink:.0f}%.")
    thin = [p.line_width for p in content.paints if p.stroke and p.line_width < standard.min_line - 1e-6]
    if thin:
        add(f"lijn van {_dutch(min(thin), 2)} pt; dunner dan {_dutch(standard.min_line, 2)} pt verdwijnt in druk.")
    _check_text(content, trim or _box(page, "/MediaBox") or (0, 0, 0, 0), standard, add)


def _opacity(value) -> float:
    """An opacity; one that is no number counts as see-through, as the file claims transparency."""
    if value is None:
        return 1.0
    box = numbers([value], 1)
    return box[0] if box else 0.0


def _check_text(content: PageContent, trim, standard: PrintStandard, add) -> None:
    for run in content.runs:
        quoted = _quote(run.text)
        if run.size < standard.min_text - 0.01:
            add(
                f"tekst {quoted} is {_dutch(run.size)} pt; kleiner dan {_dutch(standard.min_text)} pt drukt niet "
                "scherp."
            )
        space, values = run.fill
        if space == "cmyk" and run.size < standard.heading - 0.01:
            inks = sum(1 for v in values if v > 0)
            if inks > 1:
                kind = "rijk zwart" if values[3] >= 0.99 else "kleur uit meer inkten"
                add(
                    f"tekst {quoted} van {_dutch(run.size)} pt in {kind} (CMYK {_percent(values)}); kleine tekst "
                    f"hoort in puur zwart (0/0/0/100) of één inkt, kleur pas vanaf {_dutch(standard.heading)} pt."
                )
        margins = (run.x0 - trim[0], run.y0 - trim[1], trim[2] - run.x1, trim[3] - run.y1)
        if min(margins) < standard.safe - 0.05:
            add(
                f"tekst {quoted} ligt {_mm(max(min(margins), 0))} mm van de snijlijn; houd minstens "
                f"{_mm(standard.safe)} mm afstand."
            )


def _annotations_inside(page, trim) -> bool:
    box = trim or _box(page, "/MediaBox") or (0, 0, 0, 0)
    annotations = page.get("/Annots")
    annotations = annotations.get_object() if annotations is not None else []
    for annotation in annotations if isinstance(annotations, list) else []:
        annotation = dictionary(annotation)
        if annotation.get("/Subtype") in ("/TrapNet", "/PrinterMark"):
            continue
        x0, y0, x1, y1 = numbers(annotation.get("/Rect"), 4) or (0, 0, 0, 0)
        if x1 > box[0] and x0 < box[2] and y1 > box[1] and y0 < box[3]:
            return True
    return False


def _touches(box, trim) -> bool:
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return False
    return x0 <= trim[0] + EDGE or y0 <= trim[1] + EDGE or x1 >= trim[2] - EDGE or y1 >= trim[3] - EDGE


def _sides(trim, bleed):
    bleed = bleed or trim
    return [
        ("links", trim[0] - bleed[0]),
        ("onder", trim[1] - bleed[1]),
        ("rechts", bleed[2] - trim[2]),
        ("boven", bleed[3] - trim[3]),
    ]


def _reaches_bleed(paints, trim, needed: float) -> bool:
    """Every paint that touches a trim edge carries on at least `needed` beyond it."""
    for paint in paints:
        x0, y0, x1, y1 = paint.box
        for touching, beyond in (
            (x0 <= trim[0] + EDGE, trim[0] - x0),
            (y0 <= trim[1] + EDGE, trim[1] - y0),
            (x1 >= trim[2] - EDGE, x1 - trim[2]),
            (y1 >= trim[3] - EDGE, y1 - trim[3]),
        ):
            if touching and beyond < needed - 0.05:
                return False
    return True


def _unembedded_fonts(page) -> list[str]:
    names = []
    for font in _fonts(page.get("/Resources"), set()):
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            continue
        target = font
        if subtype == "/Type0":
            descendants = font.get("/DescendantFonts")
            descendants = descendants.get_object() if descendants is not None else None
            target = dictionary(descendants[0]) if isinstance(descendants, list) and descendants else {}
        descriptor = dictionary(target.get("/FontDescriptor"))
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            names.append(str(font.get("/BaseFont", "?")).lstrip("/"))
    return sorted(set(names))


def _fonts(resources, seen: set, depth: int = 0):
    resources = dictionary(resources)
    for font in dictionary(resources.get("/Font")).values():
        yield dictionary(font)
    for xobject in dictionary(resources.get("/XObject")).values():
        key = getattr(xobject, "idnum", id(xobject))
        xobject = dictionary(xobject)
        if key not in seen and depth < MAX_FORM_DEPTH and xobject.get("/Subtype") == "/Form":
            seen.add(key)
            yield from _fonts(xobject.get("/Resources"), seen, depth + 1)


def _is_spot(page, name: str) -> bool:
    space = dictionary(dictionary(page.get("/Resources")).get("/ColorSpace")).get(name)
    space = space.get_object() if space is not None else None
    return isinstance(space, list) and str(space[0]) in ("/Separation", "/DeviceN")


def _quote(text: str) -> str:
    text = text.replace("\u200d", "").strip()
    return f"‘{text[:40]}…’" if len(text) > 40 else f"‘{text}’"


def _mm(points: float) -> str:
    return _dutch(points / MM)


def _dutch(value: float, digits: int = 1) -> str:
    """A number as Dutch readers write it: decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def _percent(values) -> str:
    return "/".join(f"{v * 100:.0f}" for v in values)


def _summary(sizes, contents, reader, smallest) -> str:
    size = ", ".join(f"{w} × {h} mm" for w, h in sorted(sizes))
    pdfx = str(_info(reader).get("/GTS_PDFXConformance", "geen PDF/X"))[:40]
    count = len(contents)
    pages = "1 pagina" if count == 1 else f"{count} pagina’s"
    text = f"{pages}, snijformaat {size}, {pdfx}"
    if smallest is not None:
        text += f", kleinste tekst {_dutch(smallest)} pt"
    return text


def format_report(name: str, report: Report) -> str:
    """The Dutch report of one file: a verdict line, then each finding with its page or pages."""
    if report.ready and report.form:
        return (
            f"{name}: geschikt om zelf af te drukken ({report.summary}); een invulformulier, niet voor de "
            "drukker: PDF/X staat geen formuliervelden toe."
        )
    if report.ready:
        return f"{name}: drukklaar ({report.summary})."
    lines = [f"{name}: niet drukklaar" + (f" ({report.summary})" if report.summary else "")]
    grouped: dict[str, list[int]] = {}
    for finding in report.findings:
        if finding.page is None:
            lines.append(f"  bestand: {finding.message}")
        else:
            pages = grouped.setdefault(finding.message, [])
            if finding.page not in pages:
                pages.append(finding.page)
    for message, pages in grouped.items():
        lines.append(f"  {_pages(pages)}: {message}")
    if len(lines) > MAX_REPORT_LINES + 1:  # a file with a million faults gets a readable answer
        hidden = len(lines) - MAX_REPORT_LINES - 1
        lines = lines[: MAX_REPORT_LINES + 1] + [
            f"  en nog {hidden} meldingen van dezelfde soort of over andere pagina’s."
        ]
    return "\n".join(lines)


def _pages(numbers: list[int]) -> str:
    ranges, start, previous = [], numbers[0], numbers[0]
    for number in numbers[1:] + [None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(f"{start}" if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ("pagina " if len(numbers) == 1 else "pagina’s ") + ", ".join(ranges)
