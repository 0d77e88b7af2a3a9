"""HUB_WORKERS processes serving one port, each on a listening socket of its own (SO_REUSEPORT), so that the
kernel spreads new connections over them. (uvicorn's own workers share one socket, and whichever wakes first
accepts every connection waiting: all of a proxy's or a load generator's at once, leaving the others idle.)"""

from __future__ import annotations

import logging
import logging.config
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import threading
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn

from hub import logs
from hub.config import Settings
from hub.edge.server import server_config

STARTUP_FAILURE = 3
"""A worker's exit code when it could not start serving (uvicorn's): starting another would fail too."""
WATCH = 0.5
"""Seconds between looks at whether every worker is still alive."""

logger = logging.getLogger("hub.edge")


def serve_workers(settings: Settings) -> None:
    """Serve in HUB_WORKERS processes until SIGTERM or SIGINT, then let each finish its requests
    (HUB_SHUTDOWN_GRACE). A worker that dies is replaced; one that cannot start stops them all. Their metrics
    are summed through PROMETHEUS_MULTIPROC_DIR (emptied first: a worker's files outlive it)."""
    logging.config.dictConfig(logs.config(settings))  # the workers' lines, and this process's, alike
    metrics = (settings.hub_home / "metrics").resolve()
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    spawn = multiprocessing.get_context("spawn")
    workers = [_started(spawn, settings) for _ in range(settings.hub_workers)]
    while not stopping.wait(WATCH):
        for index, worker in enumerate(workers):
            if worker.is_alive():
                continue
            if worker.exitcode == STARTUP_FAILURE:
                logger.error("worker %s could not start serving: stopping", worker.pid)
                stopping.set()
                break
            logger.warning("worker %s exited (code %s): starting another", worker.pid, worker.exitcode)
            workers[index] = _started(spawn, settings)
    for worker in workers:
        worker.terminate()  # SIGTERM: uvicorn finishes the requests in flight
    for worker in workers:
        worker.join()


def _started(spawn: multiprocessing.context.SpawnContext, settings: Settings) -> BaseProcess:
    worker = spawn.Process(target=_serve, args=(settings,), name="hub-worker")
    worker.start()
    return worker


def _serve(settings: Settings) -> None:
    """A worker: its own socket on the port, and the app of the settings (hub.app.app_from_environment)."""
    from hub.app import app_from_environment

    config = server_config(settings, app_from_environment(settings))
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[listening_socket(settings.hub_host, settings.hub_port)])
    except KeyboardInterrupt:  # a SIGINT before uvicorn took the signals over
        return
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to the port beside the other workers' (SO_REUSEPORT); uvicorn listens on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # asyncio sets TCP_NODELAY then
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        logger.error("cannot listen on %s:%s: %s", host, port, error.strerror)
        sys.exit(STARTUP_FAILURE)
    return sock
