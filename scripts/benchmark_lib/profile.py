"""Optional profiles of a client process: `perf record` during a phase, a memory map summary.

`perf record -g -p PID` attaches to the running client (no restart, no rebuild); its report is
written as text beside the data file. The memory summary adds up the resident size of each
mapping of /proc/PID/smaps by name ([heap], anonymous, each library), which says whether memory
is our heap or code.
"""

import shutil
import signal
import subprocess
from pathlib import Path

PERF_FREQUENCY = 999
STOP_TIMEOUT = 60


class PhaseProfile:
    """`perf record` on `pid` from start() until stop(); stop() writes NAME.txt, the report."""

    def __init__(self, pid, directory, name):
        self.pid, self.name = pid, name
        self.data = Path(directory) / f"{name}.perf.data"
        self.report = Path(directory) / f"{name}.txt"
        self.process = None

    def start(self):
        perf = shutil.which("perf")
        if perf is None:
            self.report.write_text("perf is not installed (Debian: apt-get install linux-perf)\n")
            return
        self.process = subprocess.Popen(
            [perf, "record", "-g", "-F", str(PERF_FREQUENCY), "-p", str(self.pid), "-o", str(self.data)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)
        self.process = None
        by_library = perf_report(self.data, "dso", 0.5)
        by_symbol = perf_report(self.data, "dso,symbol", 0.7)
        self.report.write_text(f"# {self.name}: share of CPU samples by library\n{by_library}\n"
                               f"# by function (self time, >= 0.7%)\n{by_symbol}\n")


def perf_report(data, sort, limit):
    try:
        report = subprocess.run(
            ["perf", "report", "-i", str(data), "--no-children", "--sort", sort, "--stdio",
             "-g", "none", "--percent-limit", str(limit)],
            capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"perf report failed: {error}\n"
    lines = [line.rstrip() for line in report.stdout.splitlines()
             if line.strip() and not line.startswith("#")]
    return "\n".join(lines) + "\n"


def memory_by_mapping(pid, top=12):
    """The resident KiB of /proc/PID/smaps added up by mapping name, largest first."""
    totals, name = {}, None
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if not fields:
            continue
        if not fields[0].endswith(":"):  # a mapping header: address perms offset dev inode [name]
            name = fields[5] if len(fields) > 5 else "[anonymous]"
            name = name.rsplit("/", 1)[-1]
        elif fields[0] == "Rss:":
            totals[name] = totals.get(name, 0) + int(fields[1])
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    return [(mapping, kib) for mapping, kib in ranked[:top]]


def write_memory(pid, path, title):
    rows = memory_by_mapping(pid)
    text = [f"# {title}: resident memory by mapping (KiB)"]
    text += [f"{kib:>10}  {mapping}" for mapping, kib in rows]
    with open(path, "a") as output:
        output.write("\n".join(text) + "\n\n")
