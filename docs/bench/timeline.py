#!/usr/bin/env python3
"""Where a command waits: its CPU and the disks' traffic in 100 ms steps (issue 16).

Usage: docs/bench/timeline.py [--step SECONDS] COMMAND [ARG...]

Runs COMMAND and, every step until it exits, prints the CPU its process tree used in that
step (100 % = one core busy), the megabytes the machine's disks read and wrote, and a bar of
the CPU. Steps where the CPU stays below the machine's cores while the disks move are waits on
the device; steps at every core are CPU-bound. The disks are the whole devices in
/proc/diskstats that are not loop, ram or zram devices (a loop device's traffic reaches the disk
under it, which is counted once). A summary line gives the wall time, the CPU seconds and the
share of steps in which the tree used less than one core.
"""
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
SECTOR = 512


def tree(root):
    """The pid and every descendant of it, from each task's list of children."""
    seen, todo = [], [root]
    while todo:
        pid = todo.pop()
        seen.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return seen


def cpu_ticks(pids):
    """User and system ticks of the given processes, threads included."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


def is_disk(name):
    if name.startswith(("loop", "ram", "zram", "dm-", "md")):
        return False
    return os.path.exists(f"/sys/block/{name}")


def disk_sectors():
    read = written = 0
    with open("/proc/diskstats") as f:
        for line in f:
            x = line.split()
            if len(x) > 9 and is_disk(x[2]):
                read += int(x[5])
                written += int(x[9])
    return read, written


def main(argv):
    step = 0.1
    if argv[:1] == ["--step"]:
        step = float(argv[1])
        argv = argv[2:]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv)
    except OSError as e:
        print(f"timeline: cannot run {argv[0]}: {e.strerror}", file=sys.stderr)
        return 127
    # Only live processes are sampled: a child that exits within a step loses that step's
    # ticks (the launcher's short helpers); the JVM, which the launcher becomes, does not.
    last_cpu, (last_r, last_w) = 0, disk_sectors()
    rows = []
    while True:
        try:
            proc.wait(timeout=step)
            break
        except subprocess.TimeoutExpired:
            pass
        now_cpu = cpu_ticks(tree(proc.pid))
        r, w = disk_sectors()
        used = max(0, now_cpu - last_cpu)
        rows.append((time.monotonic() - start, 100.0 * used / TICK / step,
                     (r - last_r) * SECTOR / 1e6, (w - last_w) * SECTOR / 1e6))
        last_cpu, last_r, last_w = now_cpu, r, w
    wall = time.monotonic() - start
    for t, cpu, rd, wr in rows:
        print(f"{t:6.1f} s  cpu {cpu:4.0f} %  read {rd:6.1f} MB  write {wr:6.1f} MB  {'#' * int(cpu // 10)}")
    busy = sum(c for _, c, _, _ in rows) * step / 100
    below_one = sum(1 for _, c, _, _ in rows if c < 100)
    print(f"wall {wall:.2f} s, {busy:.2f} CPU s sampled on {CORES} cores, "
          f"{below_one} of {len(rows)} steps under one core; exit {proc.returncode}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
