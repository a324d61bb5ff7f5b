"""What fuzz_diff.py and timeline_fuzz.py share: a work directory for one
case at a time, an optional snapshot of the tool, generating a case with
tools/gengraph.py, running a comparison script on it (exit codes as in
diffcommon.py) and keeping the failing cases.

    with FuzzCases(args, "fuzz-diff-", "fuzz-tool-") as cases:
        for seed in ...:
            graph, scenarios = cases.files(n_scenarios)
            if cases.generate(seed, [...gengraph arguments...]):
                cases.compare(seed, label, command, rerun)
    return cases.summary()
"""

import glob
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GENGRAPH = os.path.join(ROOT, "tools", "gengraph.py")


class FuzzCases:
    """args: the parsed options tool, keep, verbose and snapshot; with
    snapshot, args.tool is replaced by a copy of its last word."""

    def __init__(self, args, work_prefix, snapshot_prefix):
        self.args = args
        self.passed = self.failed = self.skipped = 0
        self.work = tempfile.mkdtemp(prefix=work_prefix)
        self.snapshot_dir = None
        if args.snapshot:
            words = shlex.split(args.tool)
            self.snapshot_dir = tempfile.mkdtemp(prefix=snapshot_prefix)
            copy = os.path.join(self.snapshot_dir, os.path.basename(words[-1]))
            shutil.copy2(words[-1], copy)
            args.tool = " ".join(shlex.quote(w) for w in words[:-1] + [copy])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.work, ignore_errors=True)
        if self.snapshot_dir:
            shutil.rmtree(self.snapshot_dir, ignore_errors=True)
        return False

    def files(self, n_scenarios):
        """Empties the work directory; returns the paths of the graph and
        scenario files of the next case."""
        for old in glob.glob(os.path.join(self.work, "*")):
            os.remove(old)
        graph = os.path.join(self.work, "graph.json")
        scenarios = [os.path.join(self.work, "scenario%d.json" % k)
                     for k in range(1, n_scenarios + 1)]
        self.graph, self.scenarios = graph, scenarios
        return graph, scenarios

    def generate(self, seed, gen_args):
        """Runs gengraph.py with gen_args; False (a failed case) when it fails."""
        g = subprocess.run([sys.executable, GENGRAPH] + gen_args,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if g.returncode != 0:
            print("seed %d: gengraph failed: %s" % (seed, g.stderr.decode().strip()))
            self.failed += 1
            return False
        return True

    def compare(self, seed, label, cmd, rerun):
        """Runs the comparison cmd on the case and counts its result; a
        failing case is copied to KEEP/seed-N with the output, and
        rerun(KEEP/seed-N) gives the command that repeats it."""
        d = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = d.stdout.decode("utf-8", "replace")
        if d.returncode == 0:
            self.passed += 1
            if self.args.verbose:
                print("%s: %s" % (label, out.strip()))
        elif d.returncode == 3:
            self.skipped += 1
            print("%s: %s" % (label, out.strip()))
        elif d.returncode == 4:
            self.failed += 1
            print("%s: could not run: %s" % (label, out.strip()[-500:]))
        else:
            self.failed += 1
            keep = os.path.join(self.args.keep, "seed-%d" % seed)
            os.makedirs(keep, exist_ok=True)
            for f in [self.graph] + self.scenarios:
                shutil.copy(f, keep)
            with open(os.path.join(keep, "diff.txt"), "w") as f:
                f.write(out)
            lines = out.rstrip().split("\n")
            print("%s FAILED (kept in %s):" % (label, keep))
            for line in lines[:8]:
                print("    " + line)
            if len(lines) > 8:
                print("    ...")
            print("    rerun: " + rerun(keep))

    def kept_scenarios(self, keep):
        """The scenario files as kept in keep, separated by spaces"""
        return " ".join(os.path.join(keep, os.path.basename(s)) for s in self.scenarios)

    def summary(self):
        """Prints the counts; the exit code: 0 when none failed, else 1."""
        if self.skipped:
            print("%d skipped" % self.skipped)
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 0 if self.failed == 0 else 1
