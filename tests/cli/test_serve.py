"""``mou-wizard serve``: the wizard in a web browser through textual-serve.

The page is fetched from the real server (in this process, and from a real ``mou-wizard serve`` process)
and everything it loads must come from that server. The full test starts the command on a free port,
opens the page and the websocket with aiohttp's client as the browser's script does (``["stdin", TEXT]``
messages in, terminal output out), answers the first question, sees the next one, writes the draft and
downloads it, and checks that each browser session has its own answer file.
"""

from __future__ import annotations

import asyncio
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support import ROOT, CONTENT, assert_user_error, fragment, isolated_env, screen_text

from mou_wizard import serve as serve_module
from mou_wizard.files.answer_files import read_answer_file

# Imported by the tests that use it (its import sets up TLS, a tenth of a second for every worker).
pytestmark = pytest.mark.skipif(importlib.util.find_spec("aiohttp") is None,
                                reason="the serve extra (textual-serve, aiohttp) is not installed")

QUESTIONS = CONTENT.questions.questions
DEADLINE = 30.0  # seconds to wait for any one thing the app should do (two shared cores)
DISTRICT = "Brookfield Area School District"


class _Assets(HTMLParser):
    """Every address the page loads: <script src>, <link href>, <img src> and url(...) in its styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name) and tag in ("script", "link", "img", "iframe", "source"):
                self.urls.append(attrs[name])
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            self.urls += re.findall(r"url\(\s*[\"']?([^\"')]+)", data)
            self.urls += re.findall(r"@import\s+[\"']([^\"']+)", data)


def page_assets(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.urls


def assert_local(html: str, origin: str) -> list[str]:
    """Every asset is a path on this server (relative, or absolute with ``origin``); returns them."""
    urls = page_assets(html)
    assert any(u.endswith("textual.js") for u in urls) and any(u.endswith("xterm.css") for u in urls), urls
    for url in urls:
        parts = urlsplit(url)
        assert not parts.netloc or f"{parts.scheme}://{parts.netloc}" == origin, url
        assert not url.startswith("//"), url
    assert "googleapis" not in html
    return urls


# --- the page, served in this process -------------------------------------------------------------

async def test_the_page_loads_only_from_this_server_and_every_asset_is_there():
    from aiohttp.test_utils import TestClient, TestServer

    server = serve_module._server("127.0.0.1", 0, "true")
    async with TestClient(TestServer(await server._make_app())) as client:
        response = await client.get("/")
        assert response.status == 200
        html = await response.text()
        origin = str(client.make_url("")).rstrip("/")
        urls = assert_local(html, origin)
        assert any("RobotoMono" in u for u in urls)  # the font, from the files textual-serve ships
        for url in urls:
            asset = await client.get(urlsplit(url).path)
            assert asset.status == 200, url
            assert len(await asset.read()) > 1000, url
        # The websocket address is the one the browser used (so another computer's browser reaches it).
        host = urlsplit(origin).netloc
        assert f'data-session-websocket-url="ws://{host}/ws"' in html


def test_textual_serve_s_own_page_is_the_one_that_needs_the_internet():
    """Why serve_page/ exists: if textual-serve's page stops asking a CDN, ours may go."""
    import textual_serve

    own = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text()
    assert "fonts.googleapis.com" in own
    assert "googleapis" not in (serve_module.PAGE / "app_index.html").read_text()


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("127.1.2.3", True), ("0.0.0.0", False), ("::", False),
                                            ("192.168.1.20", False)])
def test_only_loopback_hosts_are_local(host, loopback):
    assert serve_module.is_loopback(host) is loopback
    out, warnings = serve_module.announce(host, 8000, Path("/sessions"))
    if loopback:
        assert not warnings and "on this computer only" in out[0]
    else:
        assert len(warnings) == 1 and "anyone on the network" in warnings[0]


def test_each_session_file_name_is_new(tmp_path):
    names = {serve_module.new_session_file(tmp_path) for _ in range(200)}
    assert len(names) == 200
    assert all(re.fullmatch(r"session-\d{4}-\d\d-\d\d-\d{6}-[0-9a-f]{6}\.yaml", p.name) for p in names)


# --- the real command -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tmp_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mou_wizard", "serve", *args], cwd=ROOT,
                            env=isolated_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    """Ctrl+C, as a user stops it; the server ends cleanly. Returns the rest of (stdout, stderr)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"the server did not stop on Ctrl+C: {err}")
    assert "Traceback" not in err, err
    return out, err


@pytest.mark.slow
def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "mou_wizard", "serve", "--port", str(port)], cwd=ROOT,
                              env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60)
    message = assert_user_error(proc)
    assert f"--port {port}" in message and "in use" in message


@pytest.mark.slow
def test_without_textual_serve_the_command_says_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['textual_serve'] = None; from mou_wizard.cli import main; "
            "sys.exit(main(['serve', '--port', '1']))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=isolated_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert "pip install 'mou-wizard[serve]'" in assert_user_error(proc)


@pytest.mark.slow
def test_a_network_host_is_warned_about(tmp_path):
    port = free_port()
    proc = start(tmp_path, "--host", "0.0.0.0", "--port", str(port), "--folder", str(tmp_path / "s"))
    try:
        warning = proc.stderr.readline()
        first = proc.stdout.readline()
    finally:
        stop(proc)
    assert warning.startswith("warning: --host 0.0.0.0: anyone on the network")
    assert f"port {port}" in first


async def _read_until(ws, want: str, raw: bytearray, texts: list) -> str:
    """Read terminal output until ``want`` shows on the screen; returns the screen text."""
    import aiohttp

    deadline = time.monotonic() + DEADLINE
    while True:
        left = deadline - time.monotonic()
        assert left > 0, f"{want!r} never showed; the screen ended with:\n{screen_text(bytes(raw))[-1500:]}"
        try:
            msg = await ws.receive(timeout=left)
        except asyncio.TimeoutError:
            continue
        if msg.type == aiohttp.WSMsgType.BINARY:
            raw += msg.data
        elif msg.type == aiohttp.WSMsgType.TEXT:
            texts.append(json.loads(msg.data))
        else:
            pytest.fail(f"the websocket closed ({msg.type}) before {want!r} showed: {screen_text(bytes(raw))[-800:]}")
        if want.startswith("{json}"):
            if any(t[0] == want[6:] for t in texts):
                return ""
        elif want in " ".join(screen_text(bytes(raw)).split()):
            return screen_text(bytes(raw))


async def _browser_session(base: str, answer: str | None, next_question: str, write: bool):
    """One browser session: open the page and its websocket, see the first question, answer it."""
    import aiohttp

    async with aiohttp.ClientSession() as http:
        async with http.get(base + "/") as page:
            assert page.status == 200
            html = await page.text()
        assert_local(html, base)
        ws_url = re.search(r'data-session-websocket-url="([^"]+)"', html).group(1)
        async with http.ws_connect(ws_url + "?width=120&height=40") as ws:
            raw, texts = bytearray(), []
            await ws.send_json(["resize", {"width": 120, "height": 40}])
            await _read_until(ws, fragment(QUESTIONS[0]), raw, texts)
            if answer is None:
                return None
            await ws.send_json(["stdin", answer + "\r"])
            await _read_until(ws, next_question, raw, texts)
            if not write:
                return None
            await ws.send_json(["stdin", "\x0f"])  # ctrl+o: write the draft
            await _read_until(ws, "{json}deliver_file_start", raw, texts)
            key = next(t[1] for t in texts if t[0] == "deliver_file_start")
            async with http.get(f"{base}/download/{key}") as download:
                assert download.status == 200
                disposition = download.headers["Content-Disposition"]
                assert download.headers["Content-Type"].startswith("application/vnd.openxmlformats")
                return disposition, await download.read()


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_browser_session_answers_a_question_and_downloads_its_draft(tmp_path):
    import docx

    port = free_port()
    folder = tmp_path / "sessions"
    proc = start(tmp_path, "--port", str(port), "--folder", str(folder))
    base = f"http://127.0.0.1:{port}"
    try:
        said = proc.stdout.readline()
        assert f"{base}/ on this computer only" in said, said
        disposition, data = asyncio.run(_browser_session(base, DISTRICT, fragment(QUESTIONS[1]), write=True))
        # A second browser session: a new interview on a new answer file, the first one untouched.
        asyncio.run(_browser_session(base, None, "", write=False))
    finally:
        out, err = stop(proc)
    # A browser that closed its tab does not wait for its session: textual-serve tells the session to quit
    # and moves on, so the session may end (writing its answer file) just after the server. Each session
    # still ends on its own, and lets go of its lock as it does.
    deadline = time.monotonic() + DEADLINE
    while list(folder.glob(".session-*.lock")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(folder.glob(".session-*.lock")), sorted(folder.iterdir())
    sessions = sorted(folder.glob("session-*.yaml"))
    assert len(sessions) == 2, (sorted(folder.iterdir()), err)
    answered = [p for p in sessions if read_answer_file(p).answers.parties.district_name]
    assert len(answered) == 1
    assert read_answer_file(answered[0]).answers.parties.district_name == DISTRICT
    # The draft was written beside its answer file, and the browser got exactly that file.
    draft = answered[0].with_suffix(".docx")
    assert disposition == f"attachment; filename={draft.name}"
    assert draft.read_bytes() == data
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert DISTRICT in text


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_a_session_ends_when_its_server_is_killed(tmp_path):
    """A killed server leaves no session running on its own (it would go on with nobody to read it)."""
    port = free_port()
    folder = tmp_path / "sessions"
    proc = start(tmp_path, "--port", str(port), "--folder", str(folder))

    async def open_session():
        import aiohttp

        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                raw, texts = bytearray(), []
                await _read_until(ws, fragment(QUESTIONS[0]), raw, texts)
                (lock,) = folder.glob(".session-*.yaml.lock")
                pid = int(lock.read_text())
                assert _alive(pid)
                proc.kill()
                proc.wait(timeout=DEADLINE)
                return pid

    try:
        proc.stdout.readline()
        pid = asyncio.run(open_session())
    finally:
        proc.kill()
        proc.communicate()
    deadline = time.monotonic() + DEADLINE
    while _alive(pid):
        assert time.monotonic() < deadline, "the session outlived its server"
        time.sleep(0.2)
    (answers,) = folder.glob("session-*.yaml")
    assert read_answer_file(answers).answers.parties.district_name is None


CHROMIUM = next((name for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
SCREENSHOT = ROOT / "docs" / "serve.png"


class DevTools:
    """Just enough of the Chrome DevTools protocol: one page, commands and their results."""

    def __init__(self, ws) -> None:
        self.ws, self.next_id = ws, 0

    async def send(self, method: str, **params):
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            msg = json.loads((await self.ws.receive(timeout=DEADLINE)).data)
            if msg.get("id") == self.next_id:
                assert "error" not in msg, (method, msg)
                return msg["result"]

    async def evaluate(self, expression: str):
        return (await self.send("Runtime.evaluate", expression=expression, returnByValue=True))["result"].get("value")

    async def key(self, key: str, code: int, text: str = "") -> None:
        await self.send("Input.dispatchKeyEvent", type="keyDown", key=key, code=key, windowsVirtualKeyCode=code,
                        text=text)
        await self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=key, windowsVirtualKeyCode=code)


async def _until(check, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not await check():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.2)


async def _drive_chromium(browser: subprocess.Popen, url: str, folder: Path) -> bytes:
    """Open the page in headless Chromium, type the first answer as keys, wait for it to be saved and
    the next question drawn; return a screenshot (PNG)."""
    import aiohttp

    line = ""
    while "DevTools listening on" not in line:
        line = browser.stderr.readline()
        assert line, "Chromium ended before it listened"
    devtools = urlsplit(line.split("listening on", 1)[1].strip())
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://{devtools.netloc}/json/list") as r:
            page = next(t for t in await r.json() if t["type"] == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            cdp = DevTools(ws)
            await cdp.send("Page.enable")
            await cdp.send("Page.navigate", url=url)

            async def drawn():  # the page's script added it on the first output from the app
                return await cdp.evaluate("document.body && document.body.classList.contains('-first-byte')")

            await _until(drawn, "the terminal never showed the app's output")
            sessions = lambda: sorted(folder.glob("session-*.yaml"))  # noqa: E731

            async def started():
                return len(sessions()) == 1 and read_answer_file(sessions()[0]) is not None

            await _until(started, "the browser session made no answer file")
            await asyncio.sleep(2)  # the first question's screen, drawn after the file was written
            await cdp.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            await cdp.send("Input.insertText", text=DISTRICT)
            await cdp.key("Enter", 13, "\r")

            async def saved():
                return read_answer_file(sessions()[0]).answers.parties.district_name == DISTRICT

            await _until(saved, "the answer typed in Chromium was never saved")
            await asyncio.sleep(2)  # the next question, drawn
            shot = await cdp.send("Page.captureScreenshot", format="png")
    import base64

    return base64.b64decode(shot["data"])


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on the PATH (chromium, chromium-browser or "
                    "google-chrome); install Debian's chromium package to run it")
def test_headless_chromium_answers_a_question(tmp_path):
    """A real browser: the page's script connects, the app draws, keys typed in the page reach the
    interview (the answer file records the answer), and the screen is saved as docs/serve.png, which
    the README shows."""
    port = free_port()
    folder = tmp_path / "sessions"
    proc = start(tmp_path, "--port", str(port), "--folder", str(folder))
    browser = None
    try:
        proc.stdout.readline()
        browser = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                    "--no-first-run", "--remote-debugging-port=0", "--window-size=1280,800",
                                    f"--user-data-dir={tmp_path / 'profile'}", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   env=isolated_env(tmp_path))
        png = asyncio.run(_drive_chromium(browser, f"http://127.0.0.1:{port}/", folder))
    finally:
        if browser is not None:
            browser.terminate()
            browser.wait(timeout=DEADLINE)
        stop(proc)
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    (tmp_path / "serve.png").write_bytes(png)
    if not SCREENSHOT.exists() or os.environ.get("MOU_WIZARD_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)  # the README's picture: kept unless asked to redo it
        SCREENSHOT.write_bytes(png)
