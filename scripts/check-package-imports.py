#!/usr/bin/env python3
"""Checks that each target's dependencies in Package.swift are exactly the package modules its
Swift files import: none missing (an import that builds only by luck of build order) and none
extra (a dependency, such as Reporting on Validation, that no file uses).

Usage: scripts/check-package-imports.py   (from anywhere; exits 1 and lists each mismatch)
"""
import json
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
package = json.loads(subprocess.check_output(["swift", "package", "dump-package"], cwd=root))
targets = {t["name"]: t for t in package["targets"]}
import_line = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|enum|class|protocol|func|var|typealias)\s+)?(\w+)")


def folder(target):
    if target.get("path"):
        return root / target["path"]
    return root / ("Tests" if target["type"] == "test" else "Sources") / target["name"]


def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names


problems = []
for name, target in sorted(targets.items()):
    files = sorted(folder(target).rglob("*.swift"))
    if not files:
        continue  # a C target: its headers are not checked here
    imported = set()
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            match = import_line.match(line)
            if match and match.group(1) in targets:
                imported.add(match.group(1))
    imported.discard(name)
    wanted = declared(target)
    for missing in sorted(imported - wanted):
        problems.append(f"{name}: imports {missing} but does not declare it")
    for extra in sorted(wanted - imported):
        problems.append(f"{name}: declares {extra} but no file imports it")

for problem in problems:
    print(problem)
print(f"{len(targets)} targets checked, {len(problems)} mismatches")
sys.exit(1 if problems else 0)
