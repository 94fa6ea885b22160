#!/usr/bin/env python3
# A Python program that runs an `.ipynb` with Jupyter's own client, nbclient, as
# `jupyter nbconvert --execute` does (one kernel, cells in order, a cell tagged
# `raises-exception` may fail, `skip-execution` cells are skipped, the first other error stops
# the run), and records on each cell it ran how the run ended, which nbformat has no field for:
# `metadata.dockbook = { status: 'ok' | 'error' | 'timeout' | 'dead', duration_ms, error?, thrown? }`,
# where `error` is the `execute_reply`'s `ename`, `evalue` and `traceback` when it has them,
# and `thrown` the value the cell threw as dockbook's kernel recorded it (the reply's `dockbook.thrown`).
# A cell is interrupted after its `timeout` metadata (seconds, else the default) and stops the
# run; a cell tslab aborts (it aborts requests that come within 200 ms of a failed cell, tslab
# issue #19) is sent again, as `dockbook run` does. Unless the kernel died, `cleanup` runs last
# in the kernel (it is not written out); the late errors it received (displays of MIME type
# `late_error_mime`) are kept as `metadata.dockbook_cleanup = { late_errors: [...] }` of the
# notebook. The kernel's own stdout and stderr go to `kernel_log`. Its one argument is JSON:
# `{ source, target, cwd, kernel, timeout, cleanup, kernel_log, late_error_mime }`; SIGTERM ends
# it with the kernel killed.
#
# Run by src/notebook/jupyter/nbclient.ts (executeIpynb) with Debian's python3, nbformat and nbclient.
import json, signal, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

config = json.loads(sys.argv[1])
nb = nbformat.read(config['source'], as_version=4)
running = {'t0': time.monotonic()}


def timeout(cell):
    return cell.metadata.get('timeout', config['timeout'])


def mark(cell, status, error=None):
    record = {'status': status, 'duration_ms': round((time.monotonic() - running['t0']) * 1000)}
    cell.metadata['dockbook'] = {**record, 'error': error} if error else record


def started(cell, cell_index):
    running.update(cell=cell, t0=time.monotonic())


def executed(cell, cell_index, execute_reply):
    content = execute_reply['content']
    if content.get('ename') == 'DockbookCellTimeout':
        mark(cell, 'timeout', {'ename': 'TIMEOUT', 'evalue': f'the cell ran past its {timeout(cell)} s timeout and Jupyter interrupted it', 'traceback': []})
    else:
        mark(cell, content['status'], {key: content[key] for key in ('ename', 'evalue', 'traceback') if key in content})
        thrown = (content.get('dockbook') or {}).get('thrown')
        if thrown:
            cell.metadata['dockbook']['thrown'] = thrown


def kernel_process():
    return getattr(getattr(client.km, 'provisioner', None), 'process', None)


def exit_code():
    process = kernel_process()
    return None if process is None else process.poll()


def status(cell):
    return cell.metadata.get('dockbook', {}).get('status')


def execute(cell, index):
    """Runs a cell, and again while tslab aborts it (it aborts what comes within 200 ms of a failed cell)."""
    client.execute_cell(cell, index)
    while status(cell) == 'abort':
        time.sleep(0.1)
        client.execute_cell(cell, index)


def run_cells():
    """Runs the cells; whether the kernel is still there to clean up in."""
    try:
        for index, cell in enumerate(nb.cells):
            execute(cell, index)
            if status(cell) == 'timeout':
                return True
    except CellExecutionError:
        return True
    except DeadKernelError:
        code = exit_code()
        how = 'died' if code is None else f'exited with code {code}'
        mark(running['cell'], 'dead', {'ename': 'DeadKernelError', 'evalue': f'the kernel {how} while the cell ran', 'traceback': []})
        return False
    return True


def clean_up():
    cell = nbformat.v4.new_code_cell(config['cleanup'], metadata={'timeout': 60, 'tags': ['raises-exception']})
    nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(nb.cells) - 1)
    except Exception as error:
        print(f'the cleanup cell failed: {error}', file=sys.stderr)
    nb.cells.pop()
    mime = config['late_error_mime']
    late = [output['data'][mime] for output in cell.outputs if mime in output.get('data', {})]
    nb.metadata['dockbook_cleanup'] = {'late_errors': late}


def terminate(signum, frame):
    """Kills the kernel first: a kernel still starting is not yet in setup_kernel's hands."""
    process = kernel_process() if 'client' in globals() else None
    if process is not None:
        process.kill()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, terminate)
client = NotebookClient(
    nb,
    kernel_name=config['kernel'],
    timeout_func=timeout,
    interrupt_on_timeout=True,
    error_on_timeout={'ename': 'DockbookCellTimeout', 'evalue': '', 'traceback': []},
    on_cell_execute=started,
    on_cell_executed=executed,
    resources={'metadata': {'path': config['cwd']}},
)
try:
    with open(config['kernel_log'], 'w') as log, client.setup_kernel(stdout=log, stderr=log):
        if run_cells():
            clean_up()
finally:
    nbformat.write(nb, config['target'])
