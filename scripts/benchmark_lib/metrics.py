"""Process figures from /proc, medians, ratios ours / C tor, and the printed and written tables."""

import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

# (key, what, unit, which way is better, format)
FIGURES = [
    ("bootstrap_seconds", "cold bootstrap to 'Bootstrapped 100%'", "s", "lower", "{:.2f}"),
    ("bootstrap_cpu_seconds", "CPU time until bootstrapped", "s", "lower", "{:.2f}"),
    ("ttfb_first_seconds", "time to first byte, first /small", "s", "lower", "{:.3f}"),
    ("ttfb_warm_seconds", "time to first byte, warm /small (median of all samples, clients taking turns in blocks)", "s", "lower", "{:.3f}"),
    ("download_mib_per_second", "50 MiB download throughput", "MiB/s", "higher", "{:.2f}"),
    ("download_cpu_seconds_per_mib", "client CPU per MiB downloaded", "s/MiB", "lower", "{:.4f}"),
    ("rss_after_bootstrap_mib", "resident memory after bootstrap", "MiB", "lower", "{:.1f}"),
    ("rss_after_download_mib", "resident memory after the download", "MiB", "lower", "{:.1f}"),
    ("concurrent_seconds", "concurrent small fetches, all succeeded", "s", "lower", "{:.2f}"),
    # Not the client's merit, but what caps the download: the relays and the HTTP server share
    # the machine with the client. When the machine is close to 100% busy during both clients'
    # downloads, throughput is bounded by the CPU the relays get, not by either client.
    ("download_network_cpu_seconds_per_mib", "relays' + HTTP server's CPU per MiB of the download",
     "s/MiB", "context", "{:.4f}"),
    ("download_machine_busy_percent", "whole machine busy during the download (all CPUs)", "%",
     "context", "{:.0f}"),
]
CLIENT_ORDER = ["ours", "tor"]


def cpu_seconds(pid):
    """utime + stime of `pid` (fields 14 and 15 of /proc/PID/stat), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes_cpu_seconds(pids):
    """utime + stime summed over `pids`; a process that has gone counts 0."""
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds(pid)
        except (OSError, IndexError, ValueError):
            pass
    return total


def machine_cpu_ticks():
    """(busy, total) clock ticks of all CPUs since boot, from the first line of /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal (guest is in user)
    return total - idle, total


def busy_percent(before, after):
    """Share of CPU time the whole machine was busy between two machine_cpu_ticks() readings."""
    busy, total = after[0] - before[0], after[1] - before[1]
    return 100.0 * busy / total if total > 0 else 0.0


def resident_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def spread(samples):
    """(10th percentile, median, 90th percentile) of `samples` (at least one)."""
    ordered = sorted(samples)
    pick = lambda fraction: ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
    return pick(0.1), statistics.median(ordered), pick(0.9)


def describe_samples(samples):
    low, middle, high = spread(samples)
    return (f"{len(samples)} warm fetches: median {middle * 1000:.1f} ms, "
            f"10th-90th percentile {low * 1000:.1f}-{high * 1000:.1f} ms")


def one_line(figures):
    return ", ".join(f"{key}={fmt.format(figures[key])}" for key, _, _, _, fmt in FIGURES
                     if key in figures)


def summarize(results, arguments):
    clients = {}
    for name, client in results.items():
        good = [run["figures"] for run in client["runs"] if "figures" in run]
        medians = {key: statistics.median(figures[key] for figures in good if key in figures)
                   for key, *_ in FIGURES if any(key in figures for figures in good)}
        # Warm samples are pooled over the successful runs: one median of every fetch, not a
        # median of a handful of per-run medians.
        warm = [sample for run in client["runs"] if "figures" in run
                for sample in run.get("warm_samples", [])]
        if warm:
            medians["ttfb_warm_seconds"] = statistics.median(warm)
        clients[name] = dict(client, medians=medians, successful_runs=len(good),
                             warm_samples=len(warm), warm_spread=spread(warm) if warm else None)
    ratios = {}
    if "ours" in clients and "tor" in clients:
        for key, *_ in FIGURES:
            ours, tor = clients["ours"]["medians"].get(key), clients["tor"]["medians"].get(key)
            if ours is not None and tor:
                ratios[key] = ours / tor
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(),
                    "kernel": platform.release()},
        "commit": git_commit(),
        "options": {"runs": arguments.runs, "concurrent_fetches": arguments.fetches,
                    "warm_fetches": arguments.warm, "torctl": str(arguments.torctl)},
        "figures": [{"key": key, "what": what, "unit": unit, "better": better}
                    for key, what, unit, better, _ in FIGURES],
        "clients": clients,
        "ratios_ours_over_tor": ratios,
    }


def git_commit():
    try:
        root = Path(__file__).resolve().parent.parent.parent
        return subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def rows(summary):
    """(what, unit, ours, tor, ratio, better) as strings, one per figure."""
    clients = summary["clients"]
    for key, what, unit, better, fmt in FIGURES:
        if key == "concurrent_seconds":
            what = f"{summary['options']['concurrent_fetches']} {what}"
        cells = []
        for name in CLIENT_ORDER:
            client = clients.get(name)
            if client is None:
                cells.append("not run")
            elif key in client["medians"]:
                cells.append(fmt.format(client["medians"][key]))
            else:
                cells.append("not available" if client.get("unavailable") else "failed")
        ratio = summary["ratios_ours_over_tor"].get(key)
        yield what, unit, cells[0], cells[1], f"{ratio:.2f}" if ratio is not None else "n/a", better


def table(summary):
    header = ("figure (medians)", "unit", "ours", "C tor", "ours/C tor", "better")
    lines = [header] + list(rows(summary))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)) for line in lines]
    text.insert(1, "  ".join("-" * width for width in widths))
    for name in CLIENT_ORDER:
        client = summary["clients"].get(name)
        if client and client.get("unavailable"):
            text.append(f"{client['label']}: not available: {client['unavailable']}")
        for run in (client or {}).get("runs", []):
            if "error" in run:
                text.append(f"{client['label']} run {run['run']} failed: {run['error']}")
    return "\n".join(text)


def markdown(summary):
    clients = summary["clients"]
    labels = {name: clients[name]["label"] if name in clients else name for name in CLIENT_ORDER}
    lines = [
        "# Benchmark: our client against C tor",
        "",
        f"Written by `scripts/benchmark` on {summary['date']} (commit {summary['commit']}; "
        f"{summary['machine']['cpus']} CPUs, load {summary['machine']['load_average'][0]:.1f} at the end). "
        f"{summary['options']['runs']} runs per client, alternating; medians over successful runs "
        "(warm time to first byte: over every sample of the successful runs). "
        "Every fetch came out of an exit relay's process (X-Peer-Pid), every body's SHA-256 matched. "
        f"Our client: `{summary['options']['torctl']}`.",
        "",
        f"| figure | unit | ours: {labels['ours']} | {labels['tor']} | ours / C tor | better |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows(summary)]
    lines += ["", "Warm time to first byte, every sample (both clients running, taking turns):", ""]
    for name in CLIENT_ORDER:
        client = clients.get(name)
        if client and client.get("warm_spread"):
            low, middle, high = client["warm_spread"]
            lines.append(f"- {client['label']}: {client['warm_samples']} fetches, median "
                         f"{middle * 1000:.1f} ms, 10th-90th percentile {low * 1000:.1f}-{high * 1000:.1f} ms")
    lines += ["", "Runs:", ""]
    for name in CLIENT_ORDER:
        client = clients.get(name)
        if client is None:
            continue
        if client.get("unavailable"):
            lines.append(f"- {client['label']}: not available: {client['unavailable']}")
        for run in client["runs"]:
            detail = one_line(run["figures"]) if "figures" in run else "failed: " + run["error"]
            lines.append(f"- {client['label']} run {run['run']}: {detail}")
    lines += ["", "Reproduce: `scripts/benchmark --runs 2` (see benchmarks/README.md).", ""]
    return "\n".join(lines)
