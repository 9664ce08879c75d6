#!/usr/bin/env python3
"""Tests of tools/tidy's Swift scanner: python3 tools/tidy_test.py"""

import importlib.machinery
import importlib.util
import os
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
_loader = importlib.machinery.SourceFileLoader("tidy", os.path.join(HERE, "tidy"))
_spec = importlib.util.spec_from_loader("tidy", _loader)
tidy = importlib.util.module_from_spec(_spec)
_loader.exec_module(tidy)


def units(src):
    """{name: (first line, lines)} of the bodies tidy counts."""
    found, _ = tidy.scan(textwrap.dedent(src))
    return {u.name: (u.line, u.lines) for u in found}


def publics(src):
    """{name: documented} of the public declarations tidy finds."""
    src = textwrap.dedent(src)
    lines = src.split("\n")
    _, decls = tidy.scan(src)
    return {d.name: tidy.is_documented(lines, d.line) for d in decls}


class MaskTests(unittest.TestCase):
    def test_braces_in_strings_and_comments_are_blanked(self):
        masked = tidy.mask('let a = "{ \\" }" // { \n/* { /* } */ { */ b')
        self.assertNotIn("{", masked)
        self.assertNotIn("}", masked)
        self.assertTrue(masked.rstrip().endswith("b"))
        self.assertEqual(masked.count("\n"), 1)

    def test_interpolation_with_nested_string_and_parens(self):
        masked = tidy.mask('let a = "x\\(f("}", (1)) + ")")" ; {')
        self.assertEqual(masked.count("{"), 1)
        self.assertNotIn("}", masked)
        self.assertTrue(masked.endswith("; {"))

    def test_multiline_string_keeps_lines(self):
        src = 'let a = """\n  { "quoted" \\(x) }\n  }\n  """\nlet b = 1 {'
        masked = tidy.mask(src)
        self.assertEqual(masked.count("\n"), src.count("\n"))
        self.assertEqual(masked.count("{"), 1)
        self.assertNotIn("}", masked)

    def test_raw_strings(self):
        masked = tidy.mask('let a = #"..{..."# + ##"a "# } "##; let b = #"""\n } " \\( \n"""#; {')
        self.assertEqual(masked.count("{"), 1)
        self.assertNotIn("}", masked)

    def test_raw_string_interpolation(self):
        masked = tidy.mask('let a = #"\\#(f("}"))}"#; {')
        self.assertEqual(masked.count("{"), 1)
        self.assertNotIn("}", masked)

    def test_regex_literal(self):
        masked = tidy.mask("let r = #/a{2}/#; {")
        self.assertEqual(masked.count("{"), 1)


class UnitTests(unittest.TestCase):
    def test_function_lines_from_declaration_to_closing_brace(self):
        found = units(
            """
            struct S {
                func f(_ a: Int, b c: Int, d: Int) -> Int {
                    let s = "}"
                    return a
                }
            }
            """
        )
        self.assertEqual(found, {"S.f(_:b:d:)": (3, 4)})

    def test_nested_functions_count_in_the_outer_and_alone(self):
        found = units(
            """
            extension T {
                public init?(x: Int) throws {
                    func inner() {
                        print(1)
                    }
                    inner()
                }
            }
            """
        )
        self.assertEqual(found["T.init?(x:)"], (3, 6))
        self.assertEqual(found["T.init?(x:).inner()"], (4, 3))

    def test_closures_belong_to_their_function(self):
        found = units(
            """
            func f() {
                let g = { (x: Int) -> Int in
                    x + 1
                }
                items.map { $0 }.forEach { print($0) }
                self.init(x: 1)
            }
            let table: [Int] = {
                return [1]
            }()
            """
        )
        self.assertEqual(found, {"f()": (2, 7)})

    def test_accessors_subscripts_and_requirements(self):
        found = units(
            """
            protocol P {
                func needs() -> Int
                var x: Int { get }
                init(y: Int)
            }
            struct Q {
                var stored: Int = 0 {
                    didSet { print(1) }
                }
                var computed: Int {
                    get { 1 }
                    set { print(newValue) }
                }
                subscript(i: Int) -> Int {
                    i
                }
                static func == (l: Q, r: Q) -> Bool { true }
                func generic<T: Hashable>(_ t: [T: Int]) where T: Sendable {
                }
                deinit {
                }
            }
            """
        )
        self.assertEqual(
            set(found),
            {"P.x", "Q.computed", "Q.subscript(_:)", "Q.==(l:r:)", "Q.generic(_:)", "Q.deinit"},
        )
        self.assertEqual(found["Q.computed"], (11, 4))

    def test_multiline_signature(self):
        found = units(
            """
            func f(
                a: Int,
                b: [String: Int]
            ) throws(E)
                -> Int
            {
                1
            }
            """
        )
        self.assertEqual(found, {"f(a:b:)": (2, 8)})


class DocTests(unittest.TestCase):
    def test_public_declarations_and_doc_comments(self):
        found = publics(
            """
            /// Documented.
            public struct A {
                /// Documented, with an attribute between.
                @inlinable
                public static func f() {}
                public private(set) var v: Int
                var internalOne: Int
                /** Block doc. */
                public init() {}
                // A plain comment is no doc.
                public let w = 1
                func g() {
                    public func never() {}
                }
            }
            public enum E {
                /// One.
                case one
                case two(Int), three
                public var p: Int { switch self { case .one: 1; default: 2 } }
            }
            public protocol P {
                /// Required.
                func r()
                var s: Int { get }
            }
            enum Internal { case x }
            """
        )
        self.assertEqual(
            found,
            {
                "A": True, "A.f()": True, "A.v": False, "A.init()": True, "A.w": False,
                "E": False, "E.one": True, "E.two, three": False, "E.p": False,
                "P": False, "P.r()": True, "P.s": False,
            },
        )


    def test_protocol_witnesses_and_overrides_are_exempt(self):
        found = publics(
            """
            /// Documented.
            public struct A: Hashable, CustomStringConvertible {
                public var description: String { "" }
                public static func == (a: A, b: A) -> Bool { true }
                public func hash(into h: inout Hasher) {}
                public static func + (a: A, b: A) -> A { a }
            }
            public struct B {
                public var description: String
            }
            """
        )
        self.assertEqual(found, {"A": True, "A.+(a:b:)": False, "B": False, "B.description": False})


class RatchetTests(unittest.TestCase):
    def test_new_grown_and_stale_entries_fail(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "Sources", "M"))
            os.makedirs(os.path.join(root, "tools"))
            body = "\n".join(["    x()"] * 80)
            with open(os.path.join(root, "Sources", "M", "a.swift"), "w") as f:
                f.write(f"func long() {{\n{body}\n}}\nfunc grown() {{\n{body}\n}}\n")
            with open(os.path.join(root, tidy.RATCHET), "w") as f:
                f.write("# comment\nSources/M/a.swift:grown() 75\nSources/M/a.swift:gone() 90\n")
            findings = []
            tidy.check_functions(root, findings)
            self.assertEqual(len(findings), 3, findings)
            self.assertIn("grown() grew to 82 lines (tools/tidy-long-functions.txt allows 75)",
                          findings[0])
            self.assertIn("long() is 82 lines (limit 70)", findings[1])
            self.assertIn("gone() is now within 70 lines or gone: remove from list", findings[2])
            tidy.write_ratchet(root, tidy.long_functions(root))
            findings = []
            tidy.check_functions(root, findings)
            self.assertEqual(findings, [])


class ImportTests(unittest.TestCase):
    def test_cli_imports(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, tidy.CLI_DIR))
            with open(os.path.join(root, tidy.CLI_DIR, "a.swift"), "w") as f:
                f.write("import ArgumentParser\n@preconcurrency import EventLog\n// import CLMDB\n"
                        "import struct SpottedProtocol.LedgerState\nimport SpottedLedger\n")
            findings = []
            tidy.check_imports(root, findings)
            self.assertEqual([f.split(":")[1] for f in findings], ["2", "4"])


if __name__ == "__main__":
    unittest.main(verbosity=1 if "-q" in sys.argv else 2, argv=[a for a in sys.argv if a != "-q"])
