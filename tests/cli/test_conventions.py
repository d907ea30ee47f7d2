"""Command-line conventions: --version, ``-`` for standard input and output, ``mou-wizard --plain``,
shell completion, coloured help, the user folders (platformdirs) and atomic writes without os.fchmod."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import docx
import pytest
from support import ROOT, assert_user_error, isolated_env

EXAMPLE = ROOT / "examples" / "rural-county-sheriff.yaml"


def cli(tmp_path: Path, *args: str, input: bytes | None = None, **env: str) -> subprocess.CompletedProcess:
    """``python -m mou_wizard ARGS`` with bytes in and out."""
    return subprocess.run([sys.executable, "-m", "mou_wizard", *args], input=input, cwd=ROOT,
                          env=isolated_env(tmp_path, **env), capture_output=True, timeout=120)


def text(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.mark.slow
def test_version_is_the_one_in_pyproject(tmp_path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    proc = text(cli(tmp_path, "--version"))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"mou-wizard {version}\n", "")
    import mou_wizard

    assert mou_wizard.__version__ == version


@pytest.mark.slow
def test_render_reads_standard_input_and_writes_standard_output(tmp_path):
    from mou_wizard.files.answer_files import load_answers

    proc = cli(tmp_path, "render", "-", "-o", "-", input=EXAMPLE.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert proc.stdout.startswith(b"PK")
    document = docx.Document(io.BytesIO(proc.stdout))
    body = "\n".join(p.text for p in document.paragraphs)
    assert load_answers(EXAMPLE).parties.district_name in body
    # The same bytes as a render to a file.
    out = tmp_path / "draft.docx"
    assert cli(tmp_path, "render", str(EXAMPLE), "-o", str(out)).returncode == 0
    assert out.read_bytes() == proc.stdout


@pytest.mark.slow
def test_standard_input_errors_name_it(tmp_path):
    proc = text(cli(tmp_path, "render", "-", "-o", "-", input=b"schema_version: 3\nparties: [1]\n"))
    assert assert_user_error(proc).startswith("standard input: line 2: parties: ")
    proc = text(cli(tmp_path, "check", "-", input=b""))
    assert assert_user_error(proc) == ("standard input: the file is empty; expected an answer file "
                                       "(try 'mou-wizard example')")
    proc = text(cli(tmp_path, "render", "-", "-o", "-", "--pdf", input=EXAMPLE.read_bytes()))
    assert "with standard output use --pdf-only" in assert_user_error(proc)


@pytest.mark.slow
def test_check_and_example_with_a_dash(tmp_path):
    from_file = text(cli(tmp_path, "check", str(EXAMPLE)))
    from_stdin = text(cli(tmp_path, "check", "-", input=EXAMPLE.read_bytes()))
    assert from_stdin.returncode == from_file.returncode == 0
    assert from_stdin.stdout == from_file.stdout and "met" in from_stdin.stdout
    dash = text(cli(tmp_path, "example", "-o", "-"))
    plain = text(cli(tmp_path, "example"))
    assert dash.returncode == 0 and dash.stdout == plain.stdout and dash.stdout.startswith("#")
    assert not (ROOT / "-").exists()


@pytest.mark.slow
def test_plain_without_the_command_is_the_plain_interview(tmp_path):
    answers = tmp_path / "a.yaml"
    short = text(cli(tmp_path, "--plain", str(answers), input=b"Riverside Unified School District\nquit\n"))
    assert short.returncode == 0, short.stderr
    assert "Riverside Unified School District" in answers.read_text()
    answers.unlink()
    long = text(cli(tmp_path, "interview", "--plain", str(answers), input=b"Riverside Unified School District\nquit\n"))
    assert long.stdout == short.stdout and long.returncode == 0


@pytest.mark.slow
def test_bash_completion_completes_commands_options_and_choices(tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "mou-wizard.bash"
    proc = cli(tmp_path, "completion", "bash")
    assert proc.returncode == 0, proc.stderr
    script.write_bytes(proc.stdout)

    def complete(*words: str) -> list[str]:
        body = (f"source {script}; COMP_WORDS=(mou-wizard {' '.join(repr(w) for w in words)}); "
                f"COMP_CWORD={len(words)}; _shtab_mou_wizard; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
        done = subprocess.run(["bash", "-c", body], capture_output=True, text=True, timeout=30, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("ren") == ["render"]
    assert complete("co") == ["completion"]
    assert sorted(complete("render", "--pdf")) == ["--pdf", "--pdf-only"]
    assert complete("check", "--format", "") == ["text", "json", "markdown", "csv"]
    assert complete("clauses", "") == ["list", "show", "lint"]
    (tmp_path / "answers.yaml").write_text("x")
    assert "answers.yaml" in complete("render", "ans")


@pytest.mark.slow
def test_zsh_and_fish_completion_scripts(tmp_path):
    zsh = text(cli(tmp_path, "completion", "zsh"))
    assert zsh.returncode == 0 and zsh.stdout.startswith("#compdef mou-wizard")
    assert "render" in zsh.stdout and "--pdf-only" in zsh.stdout
    fish = text(cli(tmp_path, "completion", "fish"))
    assert fish.returncode == 0
    lines = [line for line in fish.stdout.splitlines() if not line.startswith("#")]
    assert all(line.startswith("complete -c mou-wizard ") for line in lines)
    assert "complete -c mou-wizard -n __fish_use_subcommand -a render -d 'render an answer file to a DOCX draft'" in lines
    assert ("complete -c mou-wizard -n '__fish_seen_subcommand_from check' -l format -r -f -a 'text json markdown csv' "
            "-d 'output format'") in lines
    for shell, check in (("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])):
        if shutil.which(check[0]):  # the shell parses the script (where it is installed)
            path = tmp_path / f"completion.{shell}"
            path.write_text(zsh.stdout if shell == "zsh" else fish.stdout)
            assert subprocess.run([*check, str(path)], capture_output=True).returncode == 0
    bad = text(cli(tmp_path, "completion", "powershell"))
    assert bad.returncode == 2 and "invalid choice: 'powershell'" in bad.stderr


@pytest.mark.slow
def test_help_is_coloured_on_request_only(tmp_path):
    plain = text(cli(tmp_path, "render", "--help"))
    assert plain.returncode == 0 and "\x1b[" not in plain.stdout and "--pdf-only" in plain.stdout
    coloured = text(cli(tmp_path, "render", "--help", FORCE_COLOR="1"))
    assert "\x1b[" in coloured.stdout
    assert "\x1b[" not in text(cli(tmp_path, "render", "--help", FORCE_COLOR="1", NO_COLOR="1")).stdout


def test_user_folders_follow_the_platform_conventions(monkeypatch, tmp_path):
    from mou_wizard import folders
    from mou_wizard.cli import default_answers_path
    from mou_wizard.templating.cache import default_cache_path, default_key_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "g"))
    assert default_answers_path() == tmp_path / "d" / "mou-wizard" / "interview.yaml"
    assert default_cache_path().parent == tmp_path / "c" / "mou-wizard"
    assert default_key_path() == tmp_path / "g" / "mou-wizard" / "cache.key"
    # On macOS, the same calls give ~/Library/... (platformdirs picks the platform's module).
    import platformdirs.macos

    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name)
    assert folders.data_dir() == Path.home() / "Library" / "Application Support" / "mou-wizard"
    assert folders.cache_dir() == Path.home() / "Library" / "Caches" / "mou-wizard"


@pytest.mark.parametrize("replace", [False, True])
def test_atomic_write_without_fchmod(monkeypatch, tmp_path, replace):
    """Windows before Python 3.13 has no os.fchmod (nor O_TMPFILE): writing still works, with the usual modes."""
    from mou_wizard.files.answer_files import _umask, atomic_write

    target = tmp_path / "out.yaml"
    if replace:
        target.write_text("old")
        target.chmod(0o640)
    monkeypatch.delattr(os, "fchmod")
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    atomic_write(target, "new text\n")
    assert target.read_text() == "new text\n"
    want = 0o640 if replace else 0o666 & ~_umask()
    assert stat.S_IMODE(target.stat().st_mode) == want
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]
