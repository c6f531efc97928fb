"""pip-audit over the lock files: fail on any known vulnerability not in the ignore list.

The ignore list is requirements/audit-ignore.txt: one advisory id per line, each with a
comment saying why it does not apply. pip-audit asks PyPI's vulnerability data; where that
service cannot be reached, every package is reported as "could not be audited", and this
script says so loudly instead of claiming the lock is clean.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / "requirements" / "audit-ignore.txt"


def ignored_ids() -> list[str]:
    ids = []
    for line in IGNORE_FILE.read_text().splitlines():
        advisory = line.split("#", 1)[0].strip()
        if advisory:
            ids.append(advisory)
    return ids


def main(lock_files: list[str]) -> int:
    pip_audit = str(Path(sys.executable).with_name("pip-audit"))
    failed = False
    for lock in lock_files:
        arguments = [pip_audit, "--require-hashes", "--disable-pip", "-r", lock, "-f", "json"]
        for advisory in ignored_ids():
            arguments += ["--ignore-vuln", advisory]
        result = subprocess.run(arguments, capture_output=True, text=True, check=False)  # noqa: S603
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            print(f"{lock}: pip-audit failed:\n{result.stderr}")
            return 1
        dependencies = report.get("dependencies", [])
        vulnerable = [d for d in dependencies if d.get("vulns")]
        unaudited = [d for d in dependencies if d.get("skip_reason")]
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                print(f"{lock}: {dependency['name']} {dependency['version']}: {vuln['id']}")
        audited = len(dependencies) - len(unaudited)
        print(f"{lock}: {audited} packages audited, {len(vulnerable)} vulnerable.")
        if unaudited:
            print(
                f"WARNING: {len(unaudited)} of {len(dependencies)} packages in {lock} could not "
                "be audited (the vulnerability service did not answer for them)."
            )
        failed = failed or bool(vulnerable) or result.returncode not in (0, 1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
