#!/usr/bin/env python3
"""The reference model behind the tool's command line, for testing the
differential scripts themselves (diff.py, timeline_diff.py, the fuzz
drivers, check_cases.py) before or without the C tool:

    refcli.py score GRAPH SCENARIO... --format json [-q] [--shares] [--at DATE]
    refcli.py timeline GRAPH SCENARIO... [--from D] [--to D] [--threshold X] --format json

`score` output always carries Shapley shares (refmodel --shares).  Only the options
above are understood; anything else is a usage error (exit 2).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refmodel  # noqa: E402


def main(argv):
    if not argv or argv[0] not in ("score", "timeline"):
        sys.stderr.write(__doc__)
        return 2
    args = []
    i = 1
    while i < len(argv):
        if argv[i] == "--format":
            if i + 1 >= len(argv) or argv[i + 1] != "json":
                sys.stderr.write("refcli: only --format json\n")
                return 2
            i += 2
            continue
        if argv[i] not in ("-q", "--shares"):
            args.append(argv[i])
        i += 1
    if argv[0] == "score":
        return refmodel.main(["refmodel.py"] + args + ["--shares"])
    return refmodel.main(["refmodel.py", "timeline"] + args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
