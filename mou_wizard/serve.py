"""``mou-wizard serve``: the same wizard in a web browser, through textual-serve.

The server (aiohttp, from textual-serve) serves one page and a websocket. Every browser session that
opens the page starts its own process, ``python -m mou_wizard.serve --folder FOLDER``, which creates a
new answer file in FOLDER with a name no other session has (``session-DATE-TIME-XXXXXX.yaml``) and runs
the full-screen wizard on it; the draft it writes goes beside that file and is also handed to the
browser as a download (``App.deliver_binary``).

Everything the page loads comes from this server: textual-serve's own page asks Google Fonts for its
font, so ours (``serve_page/app_index.html``) declares the Roboto Mono files textual-serve ships
instead, and the wizard works on a computer with no internet.

This module imports neither Textual nor aiohttp until a server or a session starts.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import secrets
import shlex
import socket
import sys
from datetime import datetime
from pathlib import Path

from mou_wizard.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PAGE = Path(__file__).with_name("serve_page")  # our page template (no CDN)


def sessions_dir() -> Path:
    """Where browser sessions' answer files (and their drafts) go by default."""
    from mou_wizard.folders import data_dir

    return data_dir() / "browser-sessions"


def new_session_file(folder: Path) -> Path:
    """A new answer file name in ``folder`` that no other session has: the date and time, and six
    random hex digits (two sessions started in the same second still differ)."""
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    while True:
        path = folder / f"session-{stamp}-{secrets.token_hex(3)}.yaml"
        if not path.exists():
            return path


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach ``host`` (every address it names is a loopback one)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback for i in infos)


def check_port(host: str, port: int) -> None:
    """Refuse, with one line, a port another program uses or a host that is not this computer's."""
    if not 0 < port < 65536:
        raise UserError(f"--port {port}: expected a port number from 1 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UserError(f"--host {host}: no such host name; expected an address of this computer, e.g. "
                        f"{DEFAULT_HOST}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        if sys.platform != "win32":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
        try:
            sock.bind(address)
        except OSError as e:
            raise _bind_error(e, host, port) from None


def _bind_error(e: OSError, host: str, port: int) -> UserError:
    if e.errno == errno.EADDRINUSE:
        return UserError(f"--port {port}: port {port} on {host} is already in use by another program; "
                         "choose another with --port")
    if e.errno in (errno.EACCES, errno.EPERM):
        return UserError(f"--port {port}: not allowed to listen on port {port} (ports below 1024 need "
                         "administrator rights); choose another with --port")
    if e.errno == errno.EADDRNOTAVAIL:
        return UserError(f"--host {host}: not an address of this computer; expected e.g. {DEFAULT_HOST}")
    return UserError(f"cannot listen on {host} port {port} ({e.strerror or e})")


def announce(host: str, port: int, folder: Path) -> tuple[list[str], list[str]]:
    """What the server says when it starts: (lines for standard output, warnings for standard error)."""
    shown = f"[{host}]" if ":" in host else host
    if is_loopback(host):
        out = [f"Serving mou-wizard at http://{shown}:{port}/ on this computer only ({host}); open it in "
               "a web browser here."]
        warnings = []
    else:
        where = "any address of this computer" if host in ("0.0.0.0", "::") else host
        out = [f"Serving mou-wizard on {where}, port {port}: http://<this computer's address>:{port}/"]
        warnings = [f"warning: --host {host}: anyone on the network who can reach this computer can use the "
                    "wizard, read and change the answers typed into it and download its drafts; there is no "
                    f"login. Use the default --host {DEFAULT_HOST} unless that is what you want."]
    out += [f"Each browser session gets its own answer file in {folder}; drafts are written beside it and "
            "downloaded by the browser.", "Press Ctrl+C to stop."]
    return out, warnings


def session_command(folder: Path, content: str | None) -> str:
    """The shell command textual-serve runs for every browser session."""
    argv = [sys.executable, "-m", "mou_wizard.serve", "--folder", str(folder.resolve())]
    if content:
        argv += ["--content", str(Path(content).resolve())]
    # exec: the session is the server's own child, so it sees the server go (see _end_with_the_server).
    return "exec " + shlex.join(argv) if sys.platform != "win32" else shlex.join(argv)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, folder: Path | None = None,
          content: str | None = None) -> int:
    """Run the server until Ctrl+C (or SIGTERM)."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        raise UserError("serve needs the textual-serve package, which is not installed; install mou-wizard "
                        "with it: pip install 'mou-wizard[serve]' (or pipx install 'mou-wizard[serve]')") from None
    folder = Path(folder) if folder is not None else sessions_dir()
    check_port(host, port)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{folder}: cannot create the sessions folder ({e.strerror})") from None
    if content:  # a broken content folder is refused here, once, not in every browser session
        from mou_wizard.content.bundle import load_content

        load_content(content).require_ok()
    out, warnings = announce(host, port, folder)

    def listening() -> None:  # once the server listens: a browser opened now finds it
        for line in warnings:
            print(line, file=sys.stderr)
        for line in out:
            print(line)
        sys.stdout.flush()

    server = _server(host, port, session_command(folder, content), listening)
    try:
        server.serve()
    except OSError as e:  # the port was taken between the check and the server's start
        raise _bind_error(e, host, port) from None
    return 0


def _server(host: str, port: int, command: str, listening=lambda: None):
    """textual-serve's server with our page: local assets only, and a websocket address taken from
    the address the browser used (so ``--host 0.0.0.0`` works from another computer). ``listening``
    is called once the port is open."""
    import asyncio
    import signal

    import aiohttp_jinja2
    import textual_serve
    from aiohttp import web
    from textual_serve.server import Server, to_int

    class WizardServer(Server):
        sessions: set = set()  # the tasks serving browser sessions' websockets

        async def on_startup(self, app) -> None:
            pass  # ``listening`` says where it listens, once it does

        async def on_shutdown(self, app) -> None:
            # Ctrl+C: end every session now (each gets textual-serve's quit), not after a long wait.
            for task in list(self.sessions):
                task.cancel()
            await asyncio.gather(*self.sessions, return_exceptions=True)

        async def handle_websocket(self, request):
            task = asyncio.current_task()
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        def serve(self, debug: bool = False) -> None:
            # As textual-serve's, with a new event loop and ``listening`` called after the port is open.
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            for name in ("SIGINT", "SIGTERM"):
                try:
                    loop.add_signal_handler(getattr(signal, name), self.request_exit)
                except (NotImplementedError, AttributeError, RuntimeError):
                    pass  # Windows: Ctrl+C still raises KeyboardInterrupt
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                        print=lambda *_: listening())

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request):
            scheme = "wss" if request.secure else "ws"
            return {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"{scheme}://{request.host}/ws",
                "static_url": "/static/",
                "title": "mou-wizard",
            }

    return WizardServer(command, host=host, port=port, title="mou-wizard",
                        statics_path=Path(textual_serve.__file__).parent / "static", templates_path=PAGE)


# --- one browser session (the process textual-serve starts) ------------------------------------------

def run_session(folder: Path, content: str | None) -> int:
    """The wizard on a new answer file in ``folder``, drawn for textual-serve's web driver."""
    from mou_wizard.cli import cmd_interview

    args = argparse.Namespace(answers=str(new_session_file(folder)), output=None, force=False, plain=False,
                              content=content)
    _end_with_the_server()
    return cmd_interview(args)


def _end_with_the_server(every: float = 1.0, grace: float = 5.0) -> None:
    """If the server goes (killed, crashed) while this session runs, end the session: SIGTERM (the app
    saves and exits), then, if it is still running after ``grace`` seconds, exit. Without this a session
    whose server is gone keeps running with nobody to read its output."""
    import os
    import signal
    import threading
    import time

    parent = os.getppid()
    if sys.platform == "win32" or parent <= 1:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace)
        os._exit(1)  # the answers were saved after the last reply

    threading.Thread(target=watch, name="server-watch", daemon=True).start()


def session_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mou_wizard.serve",
                                     description="One browser session of 'mou-wizard serve' (started by the server).")
    parser.add_argument("--folder", required=True, help="where the session's answer file goes")
    parser.add_argument("--content", help="the content folder")
    args = parser.parse_args(argv)
    try:
        return run_session(Path(args.folder), args.content)
    except UserError as e:
        from mou_wizard.cli import PROG, _one_line

        print(f"{PROG}: error: {_one_line(str(e))}", file=sys.stderr)
        return e.exit_code


if __name__ == "__main__":  # pragma: no cover - run by textual-serve for each browser session
    sys.exit(session_main())
