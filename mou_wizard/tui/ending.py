"""Ending the terminal app on SIGTERM or SIGHUP (a closed terminal), whatever state its terminal is in.

The app saves the answers and exits through Textual, which puts the terminal back as it was. But a
terminal that no longer takes output (a dropped SSH connection, output paused with ctrl+s, a window
closed while the app was drawing) can leave Textual waiting for ever to write: its queue of output
fills, and the event loop blocks on it, so a handler run by the loop would never run either, and the
process would hold the answer file's lock until someone killed it. So the handler here is a plain
signal handler, which Python runs even then: it asks the loop to save and exit, and starts a watchdog
that, if the process has not ended within :data:`GRACE` seconds, writes the answers if a reply is still
unsaved, lets go of the answer file and ends the process (exit status 128 + the signal's number).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

GRACE = 5.0  # seconds for Textual's own shutdown before the process is ended regardless


def install(app) -> None:
    """Handle SIGHUP and SIGTERM for ``app`` (a running WizardApp; call from its event loop's thread)."""
    loop = asyncio.get_running_loop()
    started = threading.Event()

    def on_signal(signum: int, frame) -> None:
        if not started.is_set():
            started.set()
            threading.Thread(target=_end_after, args=(app, signum), name="mou-wizard-ending", daemon=True).start()
        try:
            loop.call_soon_threadsafe(app.save_and_exit)
        except RuntimeError:  # the loop is closed: the app is ending already
            pass

    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_signal)


def _end_after(app, signum: int) -> None:
    time.sleep(GRACE)
    try:
        if app.save_due:
            app.session.save()
    except Exception:  # the answers were written after the last reply; this is only a last chance
        pass
    try:
        app.session.close()
    finally:
        os._exit(128 + signum)
