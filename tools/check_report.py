#!/usr/bin/env python3
"""Checks a `spotted-ledger report` HTML file: strictly well-formed, self-contained.

Usage: check_report.py REPORT.html

Well-formed: every element except HTML's void elements is closed, in order, and self-closing
tags are only used for void or SVG elements (Python's html.parser reads the tags; the nesting is
checked here). Self-contained: no external URL anywhere (http:, https:, protocol-relative //, a
src= or href= that is not a #fragment, <script src>, @import, url( other than url(#…)), and no
<script> at all. Exit code 0 when it passes, 1 with one line per problem otherwise.
"""

import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SVG_LEAVES = {"rect", "line", "circle", "path", "polygon", "polyline", "stop", "use", "ellipse"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems = [], []

    def where(self):
        line, col = self.getpos()
        return f"line {line} col {col}"

    def handle_starttag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        if tag == "script":
            self.problems.append(f"{self.where()}: <script> in a report")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        if tag not in VOID and tag not in SVG_LEAVES:
            self.problems.append(f"{self.where()}: <{tag}/> self-closed")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"{self.where()}: </{tag}> closes a void element")
        elif not self.stack or self.stack[-1] != tag:
            top = self.stack[-1] if self.stack else "nothing"
            self.problems.append(f"{self.where()}: </{tag}> closes <{top}>")
        else:
            self.stack.pop()

    def check_attrs(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "srcset") and not (value or "").startswith("#"):
                self.problems.append(f"{self.where()}: <{tag} {name}={value!r}> points elsewhere")


EXTERNAL = [
    (re.compile(r"https?:", re.I), "http(s): URL"),
    (re.compile(r"(?<![:\w])//[\w.-]"), "protocol-relative // URL"),
    (re.compile(r"@import", re.I), "@import"),
    (re.compile(r"url\(\s*['\"]?(?!#)", re.I), "url() to something other than #fragment"),
    (re.compile(r"<script\b", re.I), "<script>"),
]


def problems(text):
    checker = Checker()
    checker.feed(text)
    checker.close()
    out = list(checker.problems)
    if checker.stack:
        out.append(f"unclosed at the end: {' > '.join(checker.stack)}")
    if not text.lstrip().lower().startswith("<!doctype html>"):
        out.append("no <!DOCTYPE html> first")
    for pattern, what in EXTERNAL:
        m = pattern.search(text)
        if m:
            out.append(f"offset {m.start()}: {what}: {text[max(0, m.start() - 30):m.end() + 30]!r}")
    return out


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        found = problems(f.read())
    for p in found:
        print(f"{sys.argv[1]}: {p}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
