"""What diff.py and timeline_diff.py share: running the two programs, judging
their exit codes, the comparison of numbers and the report of differences.

Exit codes of a comparison: 0 same (or both rejected the input),
1 differences, 3 the input uses something refmodel does not implement,
4 a program could not be run.
"""

import json
import math
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
REFMODEL = os.path.join(HERE, "refmodel.py")


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def run(cmd, timeout):
    """(exit code or None when it could not run, stdout, stderr)"""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except OSError as e:
        return None, "", str(e)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %ss: %s" % (timeout, " ".join(cmd))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Differences:
    """Differences found so far.  A number that is not finite is reported as
    not a number when nonfinite_is_nan, else as a difference of values."""

    def __init__(self, tolerance, nonfinite_is_nan=False):
        self.tolerance = tolerance
        self.nonfinite_is_nan = nonfinite_is_nan
        self.items = []

    def add(self, msg):
        self.items.append(msg)

    def number(self, where, tool, ref, scale=1.0):
        if ref is None or tool is None:
            if ref is not tool:
                self.add("%s: tool %s, ref %s" % (where, json.dumps(tool), json.dumps(ref)))
            return
        if not is_number(tool) or (self.nonfinite_is_nan and not math.isfinite(tool)):
            self.add("%s: tool %s is not a number (ref %r)" % (where, json.dumps(tool), ref))
            return
        if not math.isfinite(tool) or abs(tool - ref) > self.tolerance * max(1.0, scale):
            self.add("%s: tool %r, ref %r (diff %.3g)" % (where, tool, ref, abs(tool - ref)))

    def equal(self, where, tool, ref):
        if tool != ref:
            self.add("%s: tool %s, ref %s" % (where, json.dumps(tool), json.dumps(ref)))


def tool_result(tool_run, ref_run, first_error_line=False):
    """Judges the exit codes of the two runs (each (code, stdout, stderr)).
    Returns (exit code, None) when that settles the comparison, after printing
    why, else (None, the tool's JSON object).  first_error_line: quote only
    the first line of refmodel's message when both rejected the input."""
    tool_rc, tool_out, tool_err = tool_run
    ref_rc, _, ref_err = ref_run
    if ref_rc == 3:
        print("skipped: %s" % ref_err.strip())
        return 3, None
    if ref_rc is None or ref_rc not in (0, 2):
        print("refmodel failed (exit %s): %s" % (ref_rc, ref_err.strip()[-2000:]))
        return 4, None
    if tool_rc is None:
        print("cannot run tool: %s" % tool_err.strip())
        return 4, None
    if ref_rc == 2:
        if tool_rc != 0:
            why = ref_err.strip()
            if first_error_line:
                why = why.split("\n")[0]
            print("same: both rejected the input (ref: %s)" % why)
            return 0, None
        print("1 difference:\n  input: refmodel rejects it (%s), tool accepts it"
              % ref_err.strip())
        return 1, None
    if tool_rc != 0:
        print("1 difference:\n  tool exit %d on input refmodel accepts: %s"
              % (tool_rc, tool_err.strip()[-2000:]))
        return 1, None
    try:
        tool = json.loads(tool_out)
    except ValueError as e:
        print("1 difference:\n  tool output is not JSON: %s" % e)
        return 1, None
    if not isinstance(tool, dict):
        print("1 difference:\n  tool output is not a JSON object")
        return 1, None
    return None, tool


def sector_outputs(path):
    """The graph file's sector outputs by node id (None where not given)"""
    with open(path, "rb") as f:
        graph = json.loads(f.read().decode("utf-8"))
    return graph, {n["id"]: n.get("output") for n in graph["nodes"] if n.get("kind") == "sector"}


def print_differences(diffs, show, note=""):
    """Prints the first `show` differences under a count (note follows the
    count); returns 1 when there were any, else 0 and prints nothing."""
    if not diffs.items:
        return 0
    print("%d difference%s%s:" % (len(diffs.items), "" if len(diffs.items) == 1 else "s", note))
    for msg in diffs.items[:show]:
        print("  " + msg)
    if len(diffs.items) > show:
        print("  ... %d more" % (len(diffs.items) - show))
    return 1
