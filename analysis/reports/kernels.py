"""Warm Jupyter kernels that run a report's notebooks one after another, reused between notebooks and reports.

Starting a kernel (about 1.5 s) and importing the package in it (about 1 s, with the first chart's Vega
runtime another 0.5 s) cost more than most notebooks' own work, and a report has four notebooks. A
``KernelPool`` starts a few kernels once (one per core by default), each with its own thread, and runs
notebooks through papermill in them: a notebook waits for the next free kernel. Before each notebook the
kernel's namespace is cleared (IPython's ``reset``: a new history session, the execution counter back to 1),
so a notebook sees what a fresh kernel would show it (the modules stay imported: that is the saving), and a
notebook that fails leaves nothing behind for the next one. A kernel that died is started again.

A batch worker (``analysis.reports.batch``) keeps one pool for all its pairs (``shared_pool``).
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

#: What a kernel imports as soon as it is up, while the parent still prepares the report: the modules every
#: report notebook imports, and vl-convert's Vega runtime (its first conversion starts a JavaScript engine). Then
#: ``gc.freeze()``: what the warm-up made (modules, classes, Altair's schema) lives as long as the kernel, so the
#: collector's full passes (one per notebook at least: IPython's ``reset`` runs one) skip it: the four tutorials of
#: the site spend 0.08 s instead of 0.42 s in full collections.
WARM_UP = """
import analysis.reports.dyad, analysis.reports.voting, analysis.reports.trade, analysis.reports.events
import analysis.reports.html_tables, analysis.reports.reuse, altair, polars, IPython.display
analysis.reports.reuse.enable()
import analysis.reports.chart_output
analysis.reports.chart_output.keep_specs()
import vl_convert
vl_convert.vegalite_to_vega({"mark": "point"})
import gc
gc.freeze()
"""
#: Run before each notebook: a fresh namespace, history session and execution counter (modules stay imported).
RESET = "get_ipython().reset(new_session=True)"
#: As nbclient starts a kernel: its history in memory, not in the user's IPython profile.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
KERNEL_START_ATTEMPTS = 3
ENGINE = "unalign-pooled"


class _Kernel:
    """One kernel with the thread that owns it (jupyter's clients are bound to the event loop of one thread)."""

    def __init__(self, cwd: Path, warm_up: str) -> None:
        self.cwd, self.warm_up = cwd, warm_up
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unalign-kernel")
        self.km = None
        self.started: Future = self.thread.submit(self._start)

    # every method below runs in self.thread
    def _start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        for attempt in range(KERNEL_START_ATTEMPTS):
            km = AsyncKernelManager(kernel_name="python3")
            try:
                run_sync(km.start_kernel)(cwd=str(self.cwd), extra_arguments=KERNEL_ARGUMENTS)
                self.km = km
                self._execute(self.warm_up, timeout=120)
                return
            except RuntimeError:
                # kernels started at the same moment can pick the same free TCP port (jupyter_client picks ports
                # before the kernel binds them); the loser dies before it answers: start it again
                self._stop(km)
                if attempt == KERNEL_START_ATTEMPTS - 1:
                    raise
                time.sleep(0.5 + attempt)

    def _execute(self, code: str, timeout: float = 60) -> None:
        """Run ``code`` silently in the kernel; raise ``RuntimeError`` if the kernel died or the code failed."""
        from jupyter_core.utils import run_sync

        async def go() -> None:
            kc = self.km.client()
            kc.start_channels()
            try:
                await kc.wait_for_ready(timeout=timeout)
                reply = await kc.execute_interactive(code, silent=True, store_history=False, timeout=timeout,
                                                     output_hook=lambda msg: None)
            finally:
                kc.stop_channels()
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"kernel: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")

        run_sync(go)()

    def _stop(self, km: object | None = None) -> None:
        from jupyter_core.utils import run_sync

        km = km or self.km
        if km is None:
            return
        try:
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=True)
            else:
                km.cleanup_resources()
        except Exception:  # noqa: BLE001 - a kernel that is already gone needs no stopping
            pass
        if km is self.km:
            self.km = None

    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km is not None and run_sync(self.km.is_alive)()

    def run(self, job: Callable[[_Kernel], object], setup: str = "") -> object:
        """Run ``job(kernel)`` in a fresh namespace of this kernel (started again first if it died), after the
        code ``setup`` (run silently; it must bind no name); the job runs papermill with ``km=kernel.km`` and may
        ``kernel.restart()`` it."""
        self.started.result()
        if not self._alive():
            self._stop()
            self._start()
        self._execute(RESET)
        if setup:
            self._execute(setup)
        return job(self)

    def restart(self) -> None:
        """Stop the kernel and start a new one (after it died in a notebook)."""
        self._stop()
        self._start()

    def close(self) -> None:
        """Stop the kernel (a second call does nothing)."""
        try:
            self.thread.submit(self._stop).result(timeout=30)
        except RuntimeError:  # at interpreter exit the executors take no new work: stop it from this thread
            self._stop()
        finally:
            self.thread.shutdown(wait=False)


class KernelPool:
    """``size`` warm kernels started in the background (``cwd``: the kernels' working directory).

    ``map(jobs)`` runs each ``job(kernel)`` (a callable given a started kernel: its ``km``, an
    ``AsyncKernelManager``, for papermill's ``km=``, and ``restart()``) in the next free kernel and returns
    their results in order; the first exception, if any, is raised after every job ended. ``close()`` stops the kernels.
    """

    def __init__(self, size: int, cwd: Path, warm_up: str = WARM_UP) -> None:
        _register_engine()
        self.size = max(1, size)
        self.kernels = [_Kernel(Path(cwd), warm_up) for _ in range(self.size)]
        self.lock = threading.Lock()

    def map(self, jobs: list[Callable[[_Kernel], object]], setup: str = "") -> list[object]:
        """Run ``jobs`` in the pool's kernels, as many at once as there are kernels, each after the code ``setup``
        (``_Kernel.run``); return their results."""
        todo: queue.Queue[int] = queue.Queue()
        for i in range(len(jobs)):
            todo.put(i)
        results: dict[int, object] = {}
        errors: dict[int, BaseException] = {}

        def drain(kernel: _Kernel) -> None:
            while True:
                try:
                    i = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[i] = kernel.run(jobs[i], setup)
                except BaseException as exc:  # noqa: BLE001 - raised below, after the other jobs ended
                    errors[i] = exc
                    if not kernel._alive():
                        kernel.restart()

        with self.lock:  # one report at a time per pool
            drains = [k.thread.submit(drain, k) for k in self.kernels]
            for d in drains:
                d.result()
        if errors:
            raise errors[min(errors)]
        return [results[i] for i in range(len(jobs))]

    def execute(self, code: str, timeout: float = 600) -> None:
        """Run ``code`` silently in the pool's first kernel (a fresh namespace is not made; nothing is shown); raise
        ``RuntimeError`` if it failed. A report drains its print queue in the kernel this way."""
        kernel = self.kernels[0]
        kernel.started.result()
        kernel.thread.submit(kernel._execute, code, timeout).result()

    def close(self) -> None:
        """Stop every kernel."""
        for kernel in self.kernels:
            kernel.close()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: KernelPool | None = None


def shared_pool(size: int = 1) -> KernelPool:
    """A pool kept for the life of the process (a batch worker's): started on first use, stopped at exit."""
    global _shared
    if _shared is None:
        from analysis.core import paths

        _shared = KernelPool(size, paths.NOTEBOOKS_DIR)
        atexit.register(_shared.close)
        try:  # a multiprocessing worker leaves through os._exit, after its finalizers but not atexit
            from multiprocessing import util

            util.Finalize(_shared, _shared.close, exitpriority=10)
        except ImportError:  # pragma: no cover - multiprocessing is part of the standard library
            pass
    return _shared


def default_size(workers: int, notebooks: int) -> int:
    """Kernels for one report: no more than its notebooks, the workers asked for, or the machine's cores."""
    return max(1, min(workers, notebooks, os.cpu_count() or 1))


_registered = False


def _register_engine() -> None:
    """Register papermill's engine ``unalign-pooled``: papermill's own, on a kernel it does not own, whose client
    is closed after the notebook (papermill closes it only with the kernel), writing the executed notebook when
    it is complete (or failed) rather than at every cell."""
    global _registered
    if _registered:
        return
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class PooledEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(safe_kwargs, timeout=execution_timeout if execution_timeout else
                                        kwargs.get("timeout"), startup_timeout=start_timeout, kernel_name=kernel_name,
                                        log=logger, log_output=log_output, stdout_file=stdout_file,
                                        stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, **final_kwargs)
            # no save at each cell's start and end (papermill's default, for watching a long run; a report's
            # notebook is in its work folder): about 1 s of a report's 4 notebooks. Written once, complete.
            output_path, nb_man.output_path = nb_man.output_path, None
            try:
                return client.execute()
            finally:
                nb_man.output_path = output_path
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register(ENGINE, PooledEngine)
    _registered = True
