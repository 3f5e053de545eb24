import os
import signal
import threading

from motcua.sync.worker import Worker


def test_sigterm_stops_the_worker_loop(db):
    worker = Worker(name="stoppable", reminders=False)
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    worker.install_signal_handlers()
    threading.Timer(0.2, os.kill, args=(os.getpid(), signal.SIGTERM)).start()
    try:
        totals = worker.run()  # no --max-seconds: only the signal ends it
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert (worker.stopping.is_set(), totals["attempts"]) == (True, 0)
