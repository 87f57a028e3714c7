"""Writing a kit never costs the user a file: foreign folders, changed kits, signals and races."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from waardenkaart.intake.errors import UserError
from waardenkaart.kit import Kit
from waardenkaart.output import ACTION_LIST, MANIFEST, of_its_kind, write_kit


def small_kit(tag: str, count: int = 3, size: int = 10) -> Kit:
    return Kit("kit", {f"bestand-{i}.pdf": pdf(f"{tag}-{i}-".encode() * size) for i in range(count)})


def pdf(body: bytes) -> bytes:
    """Bytes that pass for a PDF as the overwrite check sees one: header and end-of-file marker."""
    return b"%PDF-1.7\n" + body + b"\n%%EOF\n"


def kit_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.name != MANIFEST}


def test_a_kit_folder_carries_a_manifest_of_its_files(tmp_path):
    write_kit(small_kit("a"), tmp_path / "kit")
    manifest = json.loads((tmp_path / "kit" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["programma"] == "waardenkaart"
    assert sorted(manifest["bestanden"]) == ["bestand-0.pdf", "bestand-1.pdf", "bestand-2.pdf"]


def test_overwrite_replaces_an_unchanged_kit(tmp_path):
    write_kit(small_kit("a"), tmp_path / "kit")
    write_kit(small_kit("b", count=2), tmp_path / "kit", overwrite=True, names=["bestand-2.pdf"])
    assert kit_in(tmp_path / "kit") == small_kit("b", count=2).files
    assert [p.name for p in tmp_path.iterdir()] == ["kit"]


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_of_the_users_own_is_never_touched(tmp_path, overwrite):
    documents = tmp_path / "Documenten"
    (documents / "sub").mkdir(parents=True)
    (documents / "brief.docx").write_bytes(b"mijn brief")
    (documents / "sub" / "foto.jpg").write_bytes(b"foto")
    with pytest.raises(UserError) as refused:
        write_kit(small_kit("a"), documents, overwrite=overwrite)
    assert str(refused.value) == (
        f"De map {documents} bestaat al en is geen kit van waardenkaart. Er verandert niets aan; "
        "kies een andere map met --uitvoer."
    )
    assert "--overschrijf" not in str(refused.value)
    assert (documents / "brief.docx").read_bytes() == b"mijn brief"
    assert (documents / "sub" / "foto.jpg").read_bytes() == b"foto"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documenten"]


def test_a_file_added_to_a_kit_stops_the_overwrite(tmp_path):
    write_kit(small_kit("a"), tmp_path / "kit")
    (tmp_path / "kit" / "notities.txt").write_text("van mij")
    with pytest.raises(UserError) as refused:
        write_kit(small_kit("b"), tmp_path / "kit", overwrite=True)
    assert str(refused.value) == (
        f"De map {tmp_path / 'kit'} bevat bestanden die waardenkaart niet zo heeft gemaakt: notities.txt. "
        "Er verandert niets aan; zet ze eerst ergens anders of kies een andere map met --uitvoer."
    )
    assert (tmp_path / "kit" / "notities.txt").read_text() == "van mij"
    assert kit_in(tmp_path / "kit")["bestand-0.pdf"] == small_kit("a").files["bestand-0.pdf"]


def test_a_table_filled_in_and_saved_in_place_stops_the_overwrite(tmp_path):
    write_kit(small_kit("a"), tmp_path / "kit")
    (tmp_path / "kit" / "bestand-1.pdf").write_bytes(b"ingevuld door het team")
    with pytest.raises(UserError, match="niet zo heeft gemaakt: bestand-1.pdf"):
        write_kit(small_kit("b"), tmp_path / "kit", overwrite=True)
    assert (tmp_path / "kit" / "bestand-1.pdf").read_bytes() == b"ingevuld door het team"


def test_an_empty_folder_may_be_used(tmp_path):
    (tmp_path / "kit").mkdir()
    write_kit(small_kit("a"), tmp_path / "kit")
    assert kit_in(tmp_path / "kit") == small_kit("a").files


@pytest.mark.parametrize("target", [".", "..", "../sub"])
def test_the_working_folder_and_its_parents_are_refused(tmp_path, monkeypatch, target):
    here = tmp_path / "sub"
    here.mkdir()
    (here / "eigen.txt").write_text("blijft")
    monkeypatch.chdir(here)
    with pytest.raises(UserError, match="U staat zelf in de map"):
        write_kit(small_kit("a"), Path(target), overwrite=True)
    assert (here / "eigen.txt").read_text() == "blijft"


WRITER = """
import sys
from pathlib import Path
from waardenkaart.kit import Kit
from waardenkaart.output import write_kit
tag, target = sys.argv[1], Path(sys.argv[2])
kit = Kit("kit", {f"deel-{i:03}.pdf": b"%PDF-" + (tag * 50_000).encode() + b"%%EOF" for i in range(int(sys.argv[3]))})
print("klaar om te schrijven", flush=True)
if len(sys.argv) > 4:
    sys.stdin.readline()  # the go-ahead, given to two writers at once
write_kit(kit, target, overwrite=True)
"""


def writer(tag: str, target: Path, count: int, wait: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, tag, str(target), str(count), *(["wacht"] if wait else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_writing_leaves_the_old_kit_or_the_new_one(tmp_path, signum):
    target = tmp_path / "kit"
    old = Kit("kit", {f"deel-{i:03}.pdf": b"%PDF-" + b"o" * 50_000 + b"%%EOF" for i in range(40)})
    write_kit(old, target)
    outcomes = set()
    for delay in (0.0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.15):
        process = writer("n", target, 40)
        assert process.stdout.readline() == "klaar om te schrijven\n"
        time.sleep(delay)
        process.send_signal(signum)
        process.wait(timeout=30)
        files = kit_in(target)
        assert set(files.values()) in ({b"%PDF-" + b"o" * 50_000 + b"%%EOF"}, {b"%PDF-" + b"n" * 50_000 + b"%%EOF"}), (
            delay
        )
        assert len(files) == 40
        assert [p.name for p in tmp_path.iterdir()] == ["kit"], "a hidden working folder was left behind"
        outcomes.add(files["deel-000.pdf"][5:6])
        if files["deel-000.pdf"][5:6] == b"n":
            write_kit(old, target, overwrite=True)
    assert b"o" in outcomes


def test_two_runs_on_one_folder_one_wins(tmp_path):
    target = tmp_path / "kit"
    first, second = writer("a", target, 200, wait=True), writer("b", target, 200, wait=True)
    for process in (first, second):
        assert process.stdout.readline() == "klaar om te schrijven\n"
    for process in (first, second):
        process.stdin.write("ga\n")
        process.stdin.flush()
    codes = sorted([first.wait(timeout=60), second.wait(timeout=60)])
    assert codes[0] == 0 and codes[1] != 0
    files = kit_in(target)
    assert len(files) == 200 and len(set(files.values())) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["kit"]


def test_two_cli_runs_on_one_folder_never_both_succeed(tmp_path):
    command = [sys.executable, "-m", "waardenkaart", "maak", "--team", "5", "--uitvoer", "kit"]
    runs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    runs.append(subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [(run.wait(timeout=60), run.stderr.read()) for run in runs]
    assert sorted(code for code, _ in results) == [0, 1]
    loser = next(err for code, err in results if code == 1)
    assert loser.startswith("Fout: ") and "Traceback" not in loser
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]


def test_english_os_errors_never_reach_the_user(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("waardenkaart.output.os.fsync", broken)
    with pytest.raises(UserError) as refused:
        write_kit(small_kit("a"), tmp_path / "kit")
    assert (
        str(refused.value)
        == f"Kan de kit niet schrijven naar {tmp_path / 'kit'}: de schijf gaf een leesfout of schrijffout."
    )
    assert list(tmp_path.iterdir()) == []
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads file names from /proc")
def test_every_file_is_on_disk_before_the_kit_takes_its_name(tmp_path, monkeypatch):
    """The files are synced at once, each in a thread; the swap comes only after all of them."""
    synced, real_fsync = [], os.fsync

    def recording(fd):
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        assert not (tmp_path / "kit").exists()
        real_fsync(fd)

    monkeypatch.setattr("waardenkaart.output.os.fsync", recording)
    kit = small_kit("a")
    write_kit(kit, tmp_path / "kit")
    assert sorted(synced) == sorted([*kit.files, MANIFEST])


# The file-system steps of a write, as Python's audit hooks report them (each before it happens).
FILE_SYSTEM_EVENTS = {
    "open",
    "os.mkdir",
    "os.rename",
    "os.remove",
    "os.rmdir",
    "os.chmod",
    "os.scandir",
    "os.listdir",
    "shutil.rmtree",
    "tempfile.mkdtemp",
}


def killed_at(step: int, kit: Kit, target: Path) -> bool:
    """Write `kit` in a forked copy that dies (as by SIGKILL: no clean-up) before file-system step `step`.

    True when the copy got that far; False when the write finished in fewer steps.
    """
    child = os.fork()
    if child == 0:
        try:
            count = 0

            def hook(event, args):
                nonlocal count
                if event in FILE_SYSTEM_EVENTS:
                    count += 1
                    if count == step:
                        os._exit(137)

            sys.addaudithook(hook)
            write_kit(kit, target, overwrite=True)
        finally:
            os._exit(0)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status) == 137


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked copy")
def test_a_kill_at_any_step_of_the_swap_leaves_the_old_kit_or_the_new_one_after_the_next_run(tmp_path):
    target = tmp_path / "kit"
    old, new, third = small_kit("oud"), small_kit("nieuw"), small_kit("derde")
    seen, step = set(), 0
    while True:
        step += 1
        write_kit(old, target, overwrite=True)
        if not killed_at(step, new, target):
            break
        with pytest.raises(UserError, match="bestaat al"):
            write_kit(third, target)  # the next run, without --overschrijf: it changes nothing but the leftovers
        assert kit_in(target) in (old.files, new.files), step
        assert [p.name for p in tmp_path.iterdir()] == ["kit"], step
        seen.add("oud" if kit_in(target) == old.files else "nieuw")
        killed_at(step, new, target)
        write_kit(third, target, overwrite=True)  # the next run, with --overschrijf
        assert kit_in(target) == third.files, step
        assert [p.name for p in tmp_path.iterdir()] == ["kit"], step
    assert step > 20, "the write should take some twenty file-system steps"
    assert seen == {"oud", "nieuw"}, "kills before and after the swap's renames"


def test_the_old_kit_of_a_swap_cut_short_by_version_0_1_0_is_put_back(tmp_path):
    """0.1.0 left the old kit in .kit.oud.*/kit and the new one in .kit.*; the next run restores the old one."""
    write_kit(small_kit("oud"), tmp_path / "kit")
    (tmp_path / ".kit.oud.abcd1234").mkdir(mode=0o700)
    (tmp_path / "kit").rename(tmp_path / ".kit.oud.abcd1234" / "kit")
    with pytest.raises(UserError, match="bestaat al"):
        write_kit(small_kit("nieuw"), tmp_path / "kit")
    assert kit_in(tmp_path / "kit") == small_kit("oud").files
    assert not (tmp_path / ".kit.oud.abcd1234").exists()


def test_a_work_folder_in_use_is_left_alone(tmp_path):
    """A run that is still writing holds its work folder's lock: another run's recovery passes it by."""
    import fcntl

    work = tmp_path / ".kit.waardenkaart-werk.levend12"
    (work / "nieuw").mkdir(parents=True)
    (work / "nieuw" / "deel.pdf").write_bytes(b"half")
    with open(work / "in-gebruik", "xb") as marker:
        fcntl.flock(marker.fileno(), fcntl.LOCK_EX)
        write_kit(small_kit("a"), tmp_path / "kit")
        assert (work / "nieuw" / "deel.pdf").read_bytes() == b"half"
    write_kit(small_kit("b"), tmp_path / "kit", overwrite=True)
    assert not work.exists()


def crafted_manifest(folder: Path, files: dict[str, str], **fields) -> None:
    """A manifest as someone could write it by hand: this version's fields, bound to `folder`."""
    document = {"programma": "waardenkaart", "versie": "0.1.0", "soort": "kit", "kit": "kit"}
    document |= {"map": folder.stat().st_ino, "bestanden": files} | fields
    (folder / MANIFEST).write_text(json.dumps(document), encoding="utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


OWN_PDF = pdf(b"mijn eigen ingevulde tabel")
OWN_LETTER = b"PK\x03\x04 mijn brief"


@pytest.mark.parametrize(
    "own_name, own_data, fields, why",
    [
        ("brief.docx", OWN_LETTER, {}, "a name the kit never has"),
        ("bestand-0.pdf", OWN_LETTER, {}, "a kit's name on a file of another kind"),
        ("bestand-0.pdf", OWN_PDF, {"map": 1}, "bound to another folder"),
        ("bestand-0.pdf", OWN_PDF, {"soort": "actielijst"}, "of another kind of output"),
        ("bestand-0.pdf", OWN_PDF, {"map": None}, "as version 0.1.0 wrote it, bound to no folder"),
        ("bestand-0.pdf", OWN_PDF, {"programma": "iets anders"}, "not the program's"),
    ],
)
def test_a_crafted_manifest_never_deletes_a_file_the_program_did_not_write(tmp_path, own_name, own_data, fields, why):
    folder = tmp_path / "Documenten"
    folder.mkdir()
    (folder / own_name).write_bytes(own_data)
    crafted_manifest(folder, {own_name: digest(own_data)}, **fields)
    with pytest.raises(UserError):
        write_kit(small_kit("a"), folder, overwrite=True)
    assert (folder / own_name).read_bytes() == own_data, why
    assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST, own_name])


def test_a_manifest_copied_from_a_kit_binds_no_other_folder(tmp_path):
    kit = small_kit("a")
    write_kit(kit, tmp_path / "kit")
    copy = tmp_path / "kopie"
    copy.mkdir()
    for path in (tmp_path / "kit").iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    with pytest.raises(UserError) as refused:
        write_kit(small_kit("b"), copy, overwrite=True)
    assert str(refused.value) == (
        f"De map {copy} bevat een lijst van waardenkaart ({MANIFEST}) die niet bij deze map hoort: gekopieerd, "
        "bewerkt of gemaakt door een oudere versie. Er verandert niets aan; kies een andere map met --uitvoer, "
        "of zet de bestanden die u wilt houden ergens anders en maak de map leeg."
    )
    assert kit_in(copy) == kit.files


def test_a_renamed_kit_folder_may_still_be_replaced(tmp_path):
    write_kit(small_kit("a"), tmp_path / "kit")
    (tmp_path / "kit").rename(tmp_path / "hernoemd")
    write_kit(small_kit("b"), tmp_path / "hernoemd", overwrite=True)
    assert kit_in(tmp_path / "hernoemd") == small_kit("b").files


@pytest.mark.parametrize("overwrite", [False, True])
def test_an_action_list_never_replaces_a_kit(tmp_path, overwrite):
    kit = small_kit("a")
    write_kit(kit, tmp_path / "kit")
    action_list = Kit("actielijst", {"actielijst.csv": b"Wat;Wie\r\n"})
    with pytest.raises(UserError) as refused:
        write_kit(action_list, tmp_path / "kit", overwrite=overwrite, kind=ACTION_LIST)
    assert str(refused.value) == (
        f"De map {tmp_path / 'kit'} bevat een kit van waardenkaart, geen actielijst: een actielijst vervangt "
        "nooit een kit. Er verandert niets aan; kies een andere map met --uitvoer."
    )
    assert kit_in(tmp_path / "kit") == kit.files


def test_a_kit_never_replaces_an_action_list(tmp_path):
    action_list = Kit("actielijst", {"actielijst.csv": b"Wat;Wie\r\n"})
    write_kit(action_list, tmp_path / "lijst", kind=ACTION_LIST)
    with pytest.raises(UserError, match="bevat een actielijst van waardenkaart, geen kit"):
        write_kit(small_kit("a"), tmp_path / "lijst", overwrite=True)
    assert kit_in(tmp_path / "lijst") == action_list.files
    write_kit(action_list, tmp_path / "lijst", overwrite=True, kind=ACTION_LIST)


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("a.pdf", pdf(b"x"), True),
        ("a.pdf", b"%PDF-1.7 zonder einde", False),
        ("a.zip", b"PK\x03\x04rest", True),
        ("a.xlsx", b"PK\x03\x04rest", True),
        ("a.zip", b"%PDF-", False),
        ("a.csv", b"Wat;Wie\r\nlezen;Anna\r\n", True),
        ("a.csv", b"\xff\xfe", False),
        ("a.ics", b"BEGIN\x00", False),
        ("a.docx", b"PK\x03\x04", False),
        ("zonder-punt", b"", False),
    ],
)
def test_each_file_must_be_of_the_kind_its_name_says(name, data, expected):
    assert of_its_kind(name, data) is expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked copy")
def test_an_old_kit_waiting_in_a_work_folder_is_never_removed_for_a_folder_someone_else_made(tmp_path):
    """Killed between the renames; then the user makes a folder of that name: the old kit stays."""
    target = tmp_path / "kit"
    write_kit(small_kit("oud"), target)
    step = 1
    while killed_at(step, small_kit("nieuw"), target) and target.exists():
        step += 1
        write_kit(small_kit("oud"), target, overwrite=True)
    assert not target.exists(), "a kill between the two renames"
    target.mkdir()
    (target / "eigen.txt").write_text("van mij")
    with pytest.raises(UserError, match="is geen kit van waardenkaart"):
        write_kit(small_kit("derde"), target, overwrite=True)
    (work,) = [path for path in tmp_path.iterdir() if path.name.startswith(".kit.waardenkaart-werk.")]
    assert kit_in(work / "oud") == small_kit("oud").files
    assert (target / "eigen.txt").read_text() == "van mij"
