"""Fail when a test run executed nothing or skipped anything.

Every test in the suite is required: a skip usually means something was not
installed, which would hide a missing install step.
"""

import sys
import xml.etree.ElementTree as ET


def main(paths: list[str]) -> int:
    failed = False
    for path in paths:
        root = ET.parse(path).getroot()  # noqa: S314 - our own pytest output
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        tests = sum(int(suite.get("tests", 0)) for suite in suites)
        skipped = sum(int(suite.get("skipped", 0)) for suite in suites)
        print(f"{path}: {tests} tests, {skipped} skipped")
        if tests == 0 or skipped:
            failed = True
            for case in root.iter("testcase"):
                if case.find("skipped") is not None:
                    print(f"  skipped: {case.get('classname')}.{case.get('name')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
