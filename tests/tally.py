"""Counting the checks of a test script (tests/report, tests/browser).

    tally = Tally("report")
    tally.check(cond, "what went wrong")   # prints "FAIL: report: ..." when not cond
    return tally.summary()                 # "report: N passed, M failed"; exit code
"""


class Tally:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.fails = []

    def check(self, cond, what):
        """Counts one check; returns cond."""
        if cond:
            self.passed += 1
        else:
            self.fails.append(what)
            print("FAIL: %s: %s" % (self.name, what))
        return cond

    def summary(self):
        """Prints the counts; returns the exit code: 1 when a check failed."""
        print("%s: %d passed, %d failed" % (self.name, self.passed, len(self.fails)))
        return 1 if self.fails else 0
