"""The hashed locks match the requirements they were compiled from (`make lint`; `make locks` recompiles them).

For each requirements*.txt beside a requirements*.lock: every package the .txt pins (`name==version`, through its
`-r` includes) is in the .lock at that version, and every entry of the .lock carries at least one `--hash`. Offline:
it reads the files only. A .txt edited without `make locks` fails here, before an install with --require-hashes
would.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
        elif match := PIN.match(line):
            found[canonical(match.group(1))] = match.group(3)
    return found


def locked(path: Path) -> tuple[dict[str, str], list[str]]:
    versions: dict[str, str] = {}
    unhashed: list[str] = []
    entries = re.split(r"\n(?=[A-Za-z0-9])", path.read_text())
    for entry in entries:
        if match := PIN.match(entry.strip()):
            name = canonical(match.group(1))
            versions[name] = match.group(3)
            if "--hash=sha256:" not in entry:
                unhashed.append(name)
    return versions, unhashed


def main() -> int:
    problems = []
    for lock in sorted(ROOT.glob("requirements*.lock")):
        source = lock.with_suffix(".txt")
        wanted = pins(source)
        have, unhashed = locked(lock)
        for name, version in sorted(wanted.items()):
            if have.get(name) != version:
                problems.append(f"{lock.name}: {name}=={version} from {source.name} is {have.get(name, 'missing')}")
        problems += [f"{lock.name}: {name} has no hash" for name in unhashed]
    for problem in problems:
        print(problem)
    if problems:
        print("Run `make locks` to compile the locks again.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
