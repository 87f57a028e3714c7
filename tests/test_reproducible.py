"""Same input, same bytes: in one process, and across processes that hash strings differently.

These tests make their kits anew (`fresh_kit`) instead of sharing the session's kits.
"""

import json
import os
import subprocess
import sys

import pytest
from conftest import LONG_PROFILE, MARKED_PROFILE, fresh_kit, kit_for

from waardenkaart.kit import CARD_FILE


@pytest.mark.parametrize("profile", [LONG_PROFILE, MARKED_PROFILE], ids=["long", "marked"])
def test_the_same_profile_gives_the_same_bytes_in_one_process(profile):
    assert dict(fresh_kit(profile).files) == dict(kit_for(profile).files)


def test_the_team_size_changes_the_copies_not_the_card_file():
    first, second = kit_for(team=7), kit_for(team=41)
    assert first.files[CARD_FILE] == second.files[CARD_FILE]
    assert first.files["bestellijst.csv"] != second.files["bestellijst.csv"]


def _toml(values: dict) -> str:
    """A profile file: JSON's strings, numbers, booleans and lists are TOML's too."""
    return "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())


def test_other_processes_with_other_hash_seeds_write_the_same_files(tmp_path):
    """`waardenkaart maak` in fresh interpreters with other PYTHONHASHSEEDs than this process (random)."""
    runs = []
    for name, profile, seeds in (("lang", LONG_PROFILE, ("0", "4242")), ("snijtekens", MARKED_PROFILE, ("4242",))):
        (tmp_path / f"{name}.toml").write_text(_toml(profile), encoding="utf-8")
        for seed in seeds:
            folder = tmp_path / f"{name}-{seed}"
            command = [sys.executable, "-m", "waardenkaart", "maak", f"{name}.toml", "--jaar", "2028"]
            environment = {**os.environ, "PYTHONHASHSEED": seed}
            process = subprocess.Popen(
                [*command, "--uitvoer", str(folder)], cwd=tmp_path, env=environment, stdout=subprocess.PIPE, text=True
            )
            runs.append((process, folder, profile))
    written = {}
    for process, folder, profile in runs:
        process.communicate(timeout=120)
        assert process.returncode == 0
        # the manifest names the folder it was written in, so it differs per folder: the kit is the rest
        assert (folder / ".waardenkaart-kit.json").is_file()
        written[folder.name] = {path.name: path.read_bytes() for path in folder.iterdir() if path.name[0] != "."}
        expected = kit_for(profile).files
        assert sorted(written[folder.name]) == sorted(expected)
        for name, data in expected.items():
            assert written[folder.name][name] == data, (folder.name, name)
    assert written["lang-0"] == written["lang-4242"]
