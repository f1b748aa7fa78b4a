"""Runs a receiver with its stdout on a pipe and reads that pipe slowly: 64 KiB, then a nap.

    python3 slow-reader.py NAP_SECONDS LIMIT_SECONDS -- CMD...
      -> prints {"pid": N} at once, and at the end
         {"bytes", "seconds", "mibps", "child_maxrss", "child_status"}

A real OS pipe between receiver and reader matters: the receiver's only way to cope with a
slow consumer is to stop reading its socket, which is exactly what is measured.
"""
import json
import os
import signal
import subprocess
import sys
import time

CHUNK = 64 * 1024


def main():
    nap, limit = float(sys.argv[1]), float(sys.argv[2])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    # Whoever stops this reader stops the receiver too.
    signal.signal(signal.SIGTERM, lambda *_: (child.kill(), sys.exit(143)))
    print(json.dumps({"pid": child.pid}), flush=True)
    started = time.perf_counter()
    total = 0
    fd = child.stdout.fileno()
    while time.perf_counter() - started < limit:
        data = os.read(fd, CHUNK)
        if not data:
            break
        total += len(data)
        time.sleep(nap)
    else:
        child.kill()
    seconds = time.perf_counter() - started
    _, status, usage = os.wait4(child.pid, 0)
    print(json.dumps({"bytes": total, "seconds": seconds, "mibps": total / 1048576 / seconds,
                      "child_maxrss": usage.ru_maxrss * 1024,
                      "child_status": os.waitstatus_to_exitcode(status)}))


main()
