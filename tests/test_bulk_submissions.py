"""Finding and reading untrusted submissions: every trick a student's folder or zip can play."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bigpicture.grader.bulk import submissions
from bigpicture.grader.bulk.submissions import Submission, SubmissionsError, discover, load
from bigpicture.grader.limits import SUBMISSION_FILE_MAX_BYTES
from bigpicture.grader.manifest import load_manifest
from tests.bulk_fixtures import make_class

EXERCISES = [exercise.file for exercise in load_manifest().exercises]
RELU, SGD, ADAM = EXERCISES[:3]
CODE = "def relu(x):\n    return x\n"


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under root (links not followed) with its type and size."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            info = os.lstat(os.path.join(folder, name))
            found[os.path.relpath(os.path.join(folder, name), root)] = (info.st_mode, info.st_size)
    return found


@contextmanager
def nothing_written(tmp_path: Path) -> Iterator[None]:
    """Fails if anything under tmp_path, or beside it, changed (nothing is ever extracted)."""
    before = (tree(tmp_path), sorted(os.listdir(tmp_path.parent)))
    yield
    assert (tree(tmp_path), sorted(os.listdir(tmp_path.parent))) == before


@contextmanager
def deadline(seconds: int = 3) -> Iterator[None]:
    """Fails instead of hanging forever (a FIFO opened for reading blocks without O_NONBLOCK)."""

    def fail(*_):
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write_zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]], **kwargs) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **kwargs) as archive:
        for info, content in members:
            archive.writestr(info, content)
    return path


def symlink_member(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # unix, whose mode bits live in the high half of external_attr
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def fail_open(monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    """Makes os.open refuse paths ending in suffix, as chmod 000 would (tests may run as root)."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if str(path).endswith(suffix):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


# discover -----------------------------------------------------------------------------------------


def test_discover_keeps_folders_and_zips_and_notes_everything_else(tmp_path: Path):
    make_class(tmp_path, {"carol": {RELU: CODE}, "alice": {}, "bob": {RELU: CODE}}, zipped={"bob"})
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "dave").symlink_to("/etc")
    (tmp_path / "erin.zip").symlink_to(tmp_path / "bob.zip")
    (tmp_path / "carol.zip").write_bytes(b"junk")
    (tmp_path / "FRANK.ZIP").write_bytes(b"junk")
    os.mkfifo(tmp_path / "pipe")

    sources, notes = discover(tmp_path)

    assert [p.name for p in sources] == ["FRANK.ZIP", "alice", "bob.zip", "carol"]
    assert notes == [
        "ignored .DS_Store: hidden",
        "ignored __MACOSX: macOS metadata",
        "ignored carol.zip: carol has the same name",
        "ignored dave: symbolic link",
        "ignored erin.zip: symbolic link",
        "ignored notes.txt: not a folder or a .zip",
        "ignored pipe: not a folder or a .zip",
    ]


def test_names_that_are_not_utf8_become_escapes_and_stay_unique(tmp_path: Path):
    root = os.fsencode(tmp_path)
    os.mkdir(root + b"/\xff\xfe")
    os.mkdir(root + b"/caf\xe9")  # Latin-1, as an old zip tool may have written it
    write_zip(Path(os.fsdecode(root + b"/z\xff.zip")), [(RELU, CODE)])
    (tmp_path / "\\xff\\xfe").mkdir()  # a backslash, an x... : reads the same

    sources, notes = discover(tmp_path)

    names = [load(source, EXERCISES).name for source in sources]
    assert names == ["\\xff\\xfe", "caf\\xe9", "z\\xff"]
    assert all(name.encode("utf-8") for name in names)  # no lone surrogates left
    assert notes == ["ignored \\xff\\xfe: \\xff\\xfe has the same name"]
    assert load(sources[2], EXERCISES).files == {RELU: CODE.encode()}


def test_discover_of_an_empty_folder_finds_nothing(tmp_path: Path):
    assert discover(tmp_path) == ([], [])


def test_discover_refuses_a_missing_root(tmp_path: Path):
    with pytest.raises(SubmissionsError, match=r"^\S+/nowhere does not exist$"):
        discover(tmp_path / "nowhere")


def test_discover_refuses_a_file_as_root(tmp_path: Path):
    (tmp_path / "class.zip").write_bytes(b"")
    with pytest.raises(SubmissionsError, match=r"^\S+/class.zip is not a folder$"):
        discover(tmp_path / "class.zip")


def test_discover_refuses_an_unreadable_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", denied)
    with pytest.raises(SubmissionsError, match=r"^cannot read \S+: Permission denied$"):
        discover(tmp_path)


# Folders ------------------------------------------------------------------------------------------


def test_folder_exercise_files_found_at_any_depth_as_bytes(tmp_path: Path):
    latin1 = "# café\n".encode("latin-1")
    make_class(
        tmp_path,
        {"alice": {RELU: CODE, f"hw/week2/{SGD}": latin1, "README.md": "hi", "exercise9.py": ""}},
    )

    with nothing_written(tmp_path):
        sub = load(tmp_path / "alice", EXERCISES)

    assert sub == Submission("alice", tmp_path / "alice", {RELU: CODE.encode(), SGD: latin1}, [])


def test_empty_folder_is_a_submission_with_no_files(tmp_path: Path):
    make_class(tmp_path, {"alice": {}})
    sub = load(tmp_path / "alice", EXERCISES)
    assert (sub.files, sub.notes, sub.error) == ({}, [], None)
    assert sub.content_hash == hashlib.sha256().hexdigest()


def test_duplicates_take_the_shallowest_then_alphabetical(tmp_path: Path):
    make_class(
        tmp_path,
        {
            "alice": {
                f"b/{RELU}": "b",
                f"a/{RELU}": "a",
                f"a/deeper/{RELU}": "deep",
                f"z/{SGD}": "z",
                SGD: "top",
            }
        },
    )
    sub = load(tmp_path / "alice", EXERCISES)
    assert sub.files == {RELU: b"a", SGD: b"top"}
    assert sub.notes == [
        f"{RELU} found 3 times: used a/{RELU}, ignored b/{RELU}, a/deeper/{RELU}",
        f"{SGD} found 2 times: used {SGD}, ignored z/{SGD}",
    ]
    assert sub.refused == {}  # a backup copy in a folder is common: only a zip is refused


def test_symlinked_exercise_files_are_never_followed(tmp_path: Path):
    make_class(tmp_path, {"alice": {"real.py": CODE}})
    (tmp_path / "alice" / RELU).symlink_to("/etc/passwd")
    (tmp_path / "alice" / SGD).symlink_to("real.py")  # inside the submission: still not followed

    with nothing_written(tmp_path):
        sub = load(tmp_path / "alice", EXERCISES)

    assert sub.files == {}
    assert sub.notes == [f"skipped {RELU}: symbolic link", f"skipped {SGD}: symbolic link"]


def test_symlinked_folders_are_not_entered(tmp_path: Path):
    make_class(tmp_path, {"outside": {RELU: "secret"}, "alice": {}})
    (tmp_path / "alice" / "lib").symlink_to(tmp_path / "outside", target_is_directory=True)

    sub = load(tmp_path / "alice", EXERCISES)

    assert (sub.files, sub.notes) == ({}, ["skipped lib: symbolic link"])


def test_a_fifo_named_like_an_exercise_does_not_block(tmp_path: Path):
    make_class(tmp_path, {"alice": {RELU: CODE}})
    os.mkfifo(tmp_path / "alice" / SGD)
    with deadline():
        sub = load(tmp_path / "alice", EXERCISES)
    assert sub.files == {RELU: CODE.encode()}
    assert sub.notes == [f"skipped {SGD}: not a regular file"]


def test_a_fifo_swapped_in_after_the_walk_is_not_read(tmp_path: Path, monkeypatch):
    make_class(tmp_path, {"alice": {SGD: CODE}})
    real_open = os.open

    def swap_then_open(path, flags, *args, **kwargs):
        if str(path).endswith(SGD):
            os.unlink(path)
            os.mkfifo(path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swap_then_open)
    with deadline():
        sub = load(tmp_path / "alice", EXERCISES)
    assert (sub.files, sub.notes) == ({}, [f"skipped {SGD}: changed while being read"])


def test_a_folder_swapped_for_a_link_after_the_walk_leads_nowhere(tmp_path: Path, monkeypatch):
    make_class(tmp_path, {"alice": {f"a/b/{RELU}": CODE}, "outside": {f"b/{RELU}": "secret"}})
    alice = tmp_path / "alice"
    real_open = os.open

    def swap_then_open(path, flags, *args, **kwargs):
        if str(path).endswith(RELU) and (alice / "a").is_dir() and not (alice / "a").is_symlink():
            (alice / "a").rename(tmp_path / "moved")
            (alice / "a").symlink_to(tmp_path / "outside")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swap_then_open)
    sub = load(alice, EXERCISES)
    assert (sub.files, sub.notes) == ({}, [f"skipped a/b/{RELU}: changed while being read"])


def test_a_file_over_the_cap_is_skipped_and_one_at_the_cap_is_read(tmp_path: Path):
    big = b"#" * SUBMISSION_FILE_MAX_BYTES
    make_class(tmp_path, {"alice": {RELU: big, SGD: big + b"#"}})
    sub = load(tmp_path / "alice", EXERCISES)
    assert sub.files == {RELU: big}
    assert sub.notes == [f"skipped {SGD}: larger than 1 MiB"]


def test_an_unreadable_file_gets_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    make_class(tmp_path, {"alice": {RELU: CODE, f"sub/{SGD}": CODE}})
    fail_open(monkeypatch, SGD)
    sub = load(tmp_path / "alice", EXERCISES)
    assert sub.files == {RELU: CODE.encode()}
    assert sub.notes == [f"skipped sub/{SGD}: cannot be read (Permission denied)"]


def test_an_unreadable_subfolder_gets_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    make_class(tmp_path, {"alice": {f"locked/{RELU}": CODE}})
    fail_open(monkeypatch, "locked")
    sub = load(tmp_path / "alice", EXERCISES)
    assert (sub.files, sub.notes) == ({}, ["skipped locked/: cannot be read (Permission denied)"])


def test_an_unreadable_submission_folder_is_the_instructors_problem(tmp_path, monkeypatch):
    make_class(tmp_path, {"alice": {RELU: CODE}})
    fail_open(monkeypatch, "alice")
    with pytest.raises(SubmissionsError, match=r"^cannot read \S+/alice: cannot be read \(Perm"):
        load(tmp_path / "alice", EXERCISES)


def test_a_folder_with_too_many_entries_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(submissions, "SUBMISSION_MAX_ENTRIES", 5)
    make_class(tmp_path, {"alice": {RELU: CODE, **{f"a/{i}.txt": "" for i in range(5)}}})
    sub = load(tmp_path / "alice", EXERCISES)
    assert (sub.files, sub.error) == ({}, "folder has more than 5 entries")


def test_deep_nesting_does_not_exhaust_recursion(tmp_path: Path):
    folders = [tmp_path / "alice"]
    for _ in range(1100):  # deeper than the recursion limit, shorter than PATH_MAX
        folders.append(folders[-1] / "d")
    for folder in folders:
        folder.mkdir()
    (folders[-1] / RELU).write_text(CODE)
    assert load(tmp_path / "alice", EXERCISES).files == {RELU: CODE.encode()}
    # Removed here from the bottom up: pytest's own (recursive) clean-up would overflow.
    (folders[-1] / RELU).unlink()
    for folder in reversed(folders):
        folder.rmdir()


def test_unprintable_names_are_escaped_in_notes(tmp_path: Path):
    make_class(tmp_path, {"alice": {}})
    alice = os.fsencode(tmp_path / "alice")
    os.symlink(b"/etc", alice + b"/\xff\x1b[2J")
    sub = load(tmp_path / "alice", EXERCISES)
    assert sub.notes == ["skipped \\xff\\x1b[2J: symbolic link"]


def test_load_refuses_sources_that_are_not_a_folder_or_zip(tmp_path: Path):
    make_class(tmp_path, {"alice": {RELU: CODE}})
    (tmp_path / "bob").symlink_to(tmp_path / "alice")
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(SubmissionsError, match=r"^\S+/bob is not a folder or a .zip$"):
        load(tmp_path / "bob", EXERCISES)
    with pytest.raises(SubmissionsError, match=r"^\S+/notes.txt is not a folder or a .zip$"):
        load(tmp_path / "notes.txt", EXERCISES)
    with pytest.raises(SubmissionsError, match=r"^cannot read \S+/gone: No such file"):
        load(tmp_path / "gone", EXERCISES)


# Zips ---------------------------------------------------------------------------------------------


def test_zip_reads_like_the_same_folder(tmp_path: Path):
    files = {f"hw/{RELU}": CODE, SGD: b"\xff\xfe not utf-8", "notes.md": "x"}
    make_class(tmp_path, {"alice": files, "bob": files}, zipped={"bob"})

    folder = load(tmp_path / "alice", EXERCISES)
    archive = load(tmp_path / "bob.zip", EXERCISES)

    assert archive == Submission("bob", tmp_path / "bob.zip", folder.files, [])
    assert archive.files == {RELU: CODE.encode(), SGD: b"\xff\xfe not utf-8"}
    assert archive.content_hash == folder.content_hash


def test_zip_entries_whose_path_leaves_the_submission_are_never_used(tmp_path: Path):
    names = [
        "../../evil.py",
        f"../{RELU}",
        f"/abs/{RELU}",
        f"C:\\temp\\{SGD}",
        f"c:{SGD}",
        f"..\\..\\{ADAM}",
        f"ok/../{ADAM}",
    ]
    write_zip(tmp_path / "alice.zip", [(name, CODE) for name in names])

    with nothing_written(tmp_path):
        sub = load(tmp_path / "alice.zip", EXERCISES)

    assert sub.files == {}
    assert sub.notes == [f"skipped {name}: path leaves the submission" for name in names]
    assert sub.error is None


def test_zip_backslash_separators_of_old_windows_tools_are_folders(tmp_path: Path):
    write_zip(tmp_path / "alice.zip", [(f"hw\\{SGD}", CODE), (f"hw\\{RELU}", CODE), (RELU, "")])
    sub = load(tmp_path / "alice.zip", EXERCISES)
    assert sub.files == {SGD: CODE.encode()}
    assert sub.refused == {
        RELU: f"{RELU} appears 2 times in the zip ({RELU}, hw/{RELU}): submit exactly one; "
        "this exercise was not graded"
    }


def test_zip_symlink_members_are_never_used(tmp_path: Path):
    write_zip(
        tmp_path / "alice.zip",
        [symlink_member(RELU, "/etc/passwd"), symlink_member("lib", "/etc"), (f"x/{RELU}", CODE)],
    )
    with nothing_written(tmp_path):
        sub = load(tmp_path / "alice.zip", EXERCISES)
    assert sub.files == {RELU: CODE.encode()}
    assert sub.notes == [f"skipped {RELU}: symbolic link", "skipped lib: symbolic link"]


def test_zip_bomb_member_is_read_only_up_to_the_cap(tmp_path: Path):
    write_zip(tmp_path / "alice.zip", [(RELU, bytes(64 * 1024**2)), (SGD, CODE)])
    assert (tmp_path / "alice.zip").stat().st_size < 200_000
    sub = load(tmp_path / "alice.zip", EXERCISES)
    assert sub.files == {SGD: CODE.encode()}
    assert sub.notes == [f"skipped {RELU}: larger than 1 MiB"]


def lying_zip(path: Path, content: bytes, declared: int) -> Path:
    """A zip whose directory declares ``declared`` bytes for a member holding ``content``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(RELU, content)
        archive.infolist()[0].file_size = declared  # the directory is written at close
    return path


def test_zip_header_claiming_a_small_size_does_not_lift_the_cap(tmp_path: Path):
    sub = load(lying_zip(tmp_path / "a.zip", bytes(8 * 1024**2), 2 * 1024**2), EXERCISES)
    assert (sub.files, sub.notes) == ({}, [f"skipped {RELU}: larger than 1 MiB"])


def test_zip_header_claiming_a_tiny_size_gives_a_damaged_entry(tmp_path: Path):
    sub = load(lying_zip(tmp_path / "a.zip", bytes(8 * 1024**2), 10), EXERCISES)
    assert (sub.files, sub.notes) == (
        {},
        [f"skipped {RELU}: damaged entry (Bad CRC-32 for file {RELU!r})"],
    )


def test_zip_declaring_too_many_bytes_is_refused(tmp_path: Path):
    sub = load(lying_zip(tmp_path / "a.zip", b"x", 101 * 1024**2), EXERCISES)
    assert (sub.files, sub.error) == ({}, "zip expands beyond 100 MiB")


def test_zip_with_too_many_entries_is_refused(tmp_path: Path):
    write_zip(tmp_path / "a.zip", [(f"{i}", b"") for i in range(10_001)])
    assert load(tmp_path / "a.zip", EXERCISES).error == "zip has more than 10000 entries"


def test_zip_lying_about_its_entry_count_is_still_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(submissions, "SUBMISSION_MAX_ENTRIES", 3)
    path = write_zip(tmp_path / "a.zip", [(f"{i}", b"") for i in range(5)])
    data = bytearray(path.read_bytes())
    data[-14:-10] = (1).to_bytes(2, "little") * 2  # the end record's two entry counts
    path.write_bytes(data)
    assert load(path, EXERCISES).error == "zip has more than 3 entries"


def test_zip_with_a_huge_table_of_contents_is_refused(tmp_path: Path):
    long_name = "n" * 60_000
    write_zip(tmp_path / "a.zip", [(f"{i}{long_name}", b"") for i in range(75)])
    sub = load(tmp_path / "a.zip", EXERCISES)
    assert sub.error == "zip's table of contents is larger than 4 MiB"


def test_zip_encrypted_and_bzip2_members_are_skipped(tmp_path: Path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr(RELU, CODE)
        archive.infolist()[0].flag_bits |= 0x1  # the directory now says encrypted
        archive.writestr(SGD, CODE, compress_type=zipfile.ZIP_BZIP2)
        archive.writestr("other.txt", CODE)
        archive.infolist()[2].flag_bits |= 0x1  # not an exercise file: no note
    sub = load(tmp_path / "a.zip", EXERCISES)
    assert sub.files == {}
    assert sub.notes == [
        f"skipped {RELU}: encrypted",
        f"skipped {SGD}: compression method 12 is not supported (only deflate)",
    ]


def test_zip_nested_zips_are_not_opened(tmp_path: Path):
    inner = write_zip(tmp_path / "inner.zip", [(RELU, CODE)]).read_bytes()
    sub = load(write_zip(tmp_path / "alice.zip", [("inner.zip", inner)]), EXERCISES)
    assert (sub.files, sub.notes, sub.error) == ({}, [], None)


def test_zip_holding_one_path_twice_is_refused_for_that_exercise(tmp_path: Path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        write_zip(tmp_path / "a.zip", [(RELU, "first"), (SGD, CODE), (RELU, "second")])
    sub = load(tmp_path / "a.zip", EXERCISES)
    refusal = (
        f"{RELU} appears 2 times in the zip ({RELU}, {RELU}): submit exactly one; "
        "this exercise was not graded"
    )
    assert (sub.files, sub.refused, sub.notes) == ({SGD: CODE.encode()}, {RELU: refusal}, [refusal])


def test_empty_zip_is_a_submission_with_no_files(tmp_path: Path):
    sub = load(write_zip(tmp_path / "alice.zip", []), EXERCISES)
    assert sub == Submission("alice", tmp_path / "alice.zip", {}, [])


@pytest.mark.parametrize(
    "content",
    [b"", os.urandom(1000), b"PK\x05\x06" + bytes(18)[:10]],
    ids=["empty", "noise", "cut"],
)
def test_not_a_zip_is_the_students_fault(tmp_path: Path, content: bytes):
    (tmp_path / "x.zip").write_bytes(content)
    sub = load(tmp_path / "x.zip", EXERCISES)
    assert sub == Submission("x", tmp_path / "x.zip", {}, [], "not a valid zip file")


def test_truncated_zip_is_the_students_fault(tmp_path: Path):
    path = write_zip(tmp_path / "x.zip", [(RELU, os.urandom(5000))])
    path.write_bytes(path.read_bytes()[:3000])
    assert load(path, EXERCISES).error == "not a valid zip file"


def test_an_unreadable_zip_is_the_instructors_problem(tmp_path, monkeypatch):
    write_zip(tmp_path / "alice.zip", [(RELU, CODE)])
    fail_open(monkeypatch, "alice.zip")
    with pytest.raises(SubmissionsError, match=r"^cannot read \S+/alice.zip: cannot be read"):
        load(tmp_path / "alice.zip", EXERCISES)


def test_damaged_zips_never_raise(tmp_path: Path):
    """Random byte flips of a valid zip: always a Submission, with files, notes or an error."""
    good = write_zip(tmp_path / "good.zip", [(RELU, CODE * 50), (f"a/{SGD}", CODE)]).read_bytes()
    rng = random.Random(7)
    for i in range(400):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"{i}.zip"
        path.write_bytes(data)
        assert isinstance(load(path, EXERCISES), Submission)


def test_zip_with_copies_at_two_paths_is_refused_without_reading_them(tmp_path, monkeypatch):
    write_zip(tmp_path / "bob.zip", [(f"a/{RELU}", CODE), (f"b/{RELU}", "other"), (SGD, CODE)])
    read = []
    real_read = submissions._read_member
    monkeypatch.setattr(
        submissions,
        "_read_member",
        lambda archive, entry: read.append(entry.path) or real_read(archive, entry),
    )

    sub = load(tmp_path / "bob.zip", EXERCISES)

    refusal = (
        f"{RELU} appears 2 times in the zip (a/{RELU}, b/{RELU}): submit exactly one; "
        "this exercise was not graded"
    )
    assert read == [SGD]
    assert (sub.files, sub.refused, sub.notes) == ({SGD: CODE.encode()}, {RELU: refusal}, [refusal])


def test_the_same_copies_in_a_folder_are_read_from_the_shallowest(tmp_path: Path):
    make_class(tmp_path, {"bob": {f"a/{RELU}": CODE, f"b/{RELU}": "other"}})
    sub = load(tmp_path / "bob", EXERCISES)
    assert (sub.files, sub.refused) == ({RELU: CODE.encode()}, {})
    assert sub.notes == [f"{RELU} found 2 times: used a/{RELU}, ignored b/{RELU}"]


def test_a_refusal_changes_the_content_hash(tmp_path: Path):
    """A zip that loses its copies entirely reads the same files, but must be graded again."""
    refused = load(write_zip(tmp_path / "a.zip", [(RELU, "1"), (f"x/{RELU}", "2")]), EXERCISES)
    neither = load(write_zip(tmp_path / "b.zip", [("other.txt", "")]), EXERCISES)
    assert refused.files == neither.files == {}
    assert refused.content_hash != neither.content_hash == hashlib.sha256().hexdigest()


# Hash and notes -----------------------------------------------------------------------------------


def test_content_hash_is_stable_and_order_free():
    one = Submission("a", Path("a"), {RELU: b"x", SGD: b"y"}, [])
    two = Submission("b", Path("b.zip"), {SGD: b"y", RELU: b"x"}, ["a note"])
    moved = Submission("c", Path("c"), {RELU: b"xy", SGD: b""}, [])
    assert one.content_hash == two.content_hash != moved.content_hash
    assert len(one.content_hash) == 64


def test_notes_are_capped(tmp_path: Path):
    write_zip(tmp_path / "a.zip", [(f"../{i}", b"") for i in range(60)])
    notes = load(tmp_path / "a.zip", EXERCISES).notes
    assert len(notes) == 51
    assert notes[-1] == "and 10 more notes like these"


def test_many_duplicates_and_long_names_are_shortened_in_notes(tmp_path: Path):
    long_folder = "x" * 200
    copies = {f"{letter}/{RELU}": "" for letter in "abcdefg"}
    write_zip(tmp_path / "a.zip", [*copies.items(), (f"../{long_folder}", b"")])
    notes = load(tmp_path / "a.zip", EXERCISES).notes
    assert notes == [
        f"skipped ../{'x' * 116}…: path leaves the submission",
        f"{RELU} appears 7 times in the zip (a/{RELU}, b/{RELU}, c/{RELU}, d/{RELU}, e/{RELU} "
        "and 2 more): submit exactly one; this exercise was not graded",
    ]
