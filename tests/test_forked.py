"""A kit made on two cores is the kit made on one, whatever happens to the forked copy."""

import os
import threading

import pytest
from conftest import LONG_PROFILE, kit_for

from waardenkaart import forked
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.profile import build_profile
from waardenkaart.kitdocuments import MAKERS

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or forked.usable_cores() < 2, reason="no fork or one core")


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("values", [{}, {"school": "de Regenboog", "team": 40}, LONG_PROFILE])
def test_the_forked_kit_is_the_kit(values):
    made = forked.make_kit_forked(build_profile(values))
    kit = kit_for(values)
    assert made.name == kit.name
    assert list(made.files) == list(kit.files)  # the list's order, too
    assert made.files == kit.files
    assert no_children_left()


def test_both_processes_make_documents(monkeypatch):
    """The queue hands documents to both: the copy makes some, this process the others."""
    parent, makers = os.getpid(), []
    reading, writing = os.pipe()

    def noting(name, make):
        def note(profile, maker):
            os.write(writing, b"c" if os.getpid() != parent else b"p")
            return make(profile, maker)

        return note

    for name, make in list(MAKERS.items()):
        monkeypatch.setitem(MAKERS, name, noting(name, make))
    forked.make_kit_forked(build_profile({"school": "de Regenboog", "team": 40}))
    os.close(writing)
    with os.fdopen(reading, "rb") as notes:
        makers = notes.read()
    assert sorted(set(makers)) == [ord("c"), ord("p")]
    assert len(makers) == len(kit_for({"school": "de Regenboog", "team": 40}).files)  # each exactly once


@pytest.mark.parametrize("document", ["card_file", "runsheet_session2", "readme"])
def test_a_message_for_the_user_from_either_process_is_raised(monkeypatch, document):
    def refuse(profile, maker):
        raise UserError("Dit document kan niet.")

    monkeypatch.setitem(MAKERS, document, refuse)
    with pytest.raises(UserError, match="^Dit document kan niet.$"):
        forked.make_kit_forked(build_profile({"school": "de Regenboog"}))
    assert no_children_left()


def test_a_copy_that_dies_costs_time_not_documents(monkeypatch):
    parent = os.getpid()
    for name, make in list(MAKERS.items()):

        def dying(profile, maker, make=make):
            if os.getpid() != parent:
                os._exit(3)
            return make(profile, maker)

        monkeypatch.setitem(MAKERS, name, dying)
    values = {"school": "de Regenboog", "team": 40}
    assert forked.make_kit_forked(build_profile(values)).files == kit_for(values).files
    assert no_children_left()


def test_an_interrupt_here_stops_the_copy(monkeypatch):
    parent = os.getpid()
    make = MAKERS["runsheet_session1"]

    def interrupted(profile, maker):
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return make(profile, maker)

    for name in MAKERS:
        monkeypatch.setitem(MAKERS, name, interrupted)
    with pytest.raises(KeyboardInterrupt):
        forked.make_kit_forked(build_profile({"school": "de Regenboog"}))
    assert no_children_left()


def test_with_another_thread_the_kit_is_made_here(monkeypatch):
    """A fork copies only the calling thread: the web app's kits are never made in a copy."""

    def no_fork():
        raise AssertionError("geforkt")

    monkeypatch.setattr(os, "fork", no_fork)
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait)
    other.start()
    try:
        values = {"school": "de Regenboog"}
        assert forked.make_kit_forked(build_profile(values)).files == kit_for(values).files
    finally:
        waiting.set()
        other.join()


@pytest.mark.parametrize("failing", ["fork", "pipe"])
def test_without_a_process_or_pipe_to_spare_the_kit_is_made_here(monkeypatch, failing):
    """A limit on processes or too little memory makes fork fail: the kit is made in one process."""

    def refused(*args):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, failing, refused)
    values = {"school": "de Regenboog", "team": 40}
    assert forked.make_kit_forked(build_profile(values)).files == kit_for(values).files
    assert no_children_left()


def test_the_copy_stops_once_the_process_that_forked_it_is_gone():
    documents = forked.default_maker().documents.for_profile(build_profile({}))
    reading, writing = os.pipe()
    os.write(writing, bytes(range(len(documents))))
    os.close(writing)
    copy = os.fork()
    if copy == 0:  # as the forked copy of a process that is no longer its parent
        take = forked._taker(reading, documents, parent=os.getppid() + 1)
        take(documents[0])
        os._exit(0)
    os.close(reading)
    _, status = os.waitpid(copy, 0)
    assert os.waitstatus_to_exitcode(status) == 1
