#!/usr/bin/env python3
"""Keeps the Welsh and Arabic resources (X.cy.resx, X.ar.resx) in step with the English ones (X.resx).

  python3 scripts/translations.py check            what is missing, extra, changed in English, or has other placeholders
  python3 scripts/translations.py todo cy > cy.txt  a table of the missing and changed texts of one language, to fill in
  python3 scripts/translations.py apply cy.txt      writes the table's texts into the X.cy.resx files

A table has one section per resource file and one line per text (see TRANSLATING.md):

  [src/OurSociety.Web/Resources/Text.resx]
  SkipToContent = Neidio i'r prif gynnwys

Plural texts (English Key.One and Key.Other) need one line per category of the language: Key.Zero, Key.One, Key.Two,
Key.Few, Key.Many and Key.Other for Welsh and Arabic. Each translated text keeps, as its resx comment, the English it
was made from, so a later change of the English text shows up as "changed" here. The files are written in English's
key order; keys English no longer has are dropped. The test ResourceCompletenessTests checks the same rules.
"""
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGUAGES = {"cy": ["Zero", "One", "Two", "Few", "Many", "Other"], "ar": ["Zero", "One", "Two", "Few", "Many", "Other"]}
ENGLISH_CATEGORIES = ["One", "Other"]
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def neutral_files():
    for base in ("src",):
        for folder, dirs, files in os.walk(os.path.join(ROOT, base)):
            dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
            for name in sorted(files):
                if name.endswith(".resx") and name.count(".") == 1:
                    yield os.path.relpath(os.path.join(folder, name), ROOT)


def translated_path(neutral, language):
    return neutral[: -len(".resx")] + f".{language}.resx"


def read(path):
    """key -> (value, comment), in file order."""
    full = os.path.join(ROOT, path)
    if not os.path.exists(full):
        return {}
    entries = {}
    for data in ET.parse(full).getroot().iter("data"):
        value = data.find("value")
        comment = data.find("comment")
        entries[data.get("name")] = (value.text or "" if value is not None else "", comment.text if comment is not None else None)
    return entries


def plural_bases(english):
    return {k[: -len(".Other")] for k in english if k.endswith(".Other") and k[: -len(".Other")] + ".One" in english}


def expected(english, language):
    """key in the translation -> the English text it translates, in English's order."""
    bases = plural_bases(english)
    keys = {}
    for key, (value, _) in english.items():
        base, _, category = key.rpartition(".")
        if base in bases and category in ENGLISH_CATEGORIES:
            if category == "Other":
                for c in LANGUAGES[language]:
                    keys[f"{base}.{c}"] = english[f"{base}.{c}"][0] if f"{base}.{c}" in english else value
            continue
        keys[key] = value
    return keys


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text)))


def placeholder_problem(key, english_text, text, plural):
    want, got = placeholders(english_text), placeholders(text)
    if plural:
        # "one member" and Arabic's dual may leave the number out; every other placeholder stays.
        want, got = [p for p in want if p != "count"], [p for p in got if p != "count"]
        if "count" in placeholders(text) and "count" not in placeholders(english_text):
            return f"{key}: has {{count}}, which English does not"
    if want != got:
        return f"{key}: placeholders {got} differ from English {want}"
    return None


def check():
    failed = False
    for neutral in neutral_files():
        english = read(neutral)
        bases = plural_bases(english)
        for language in LANGUAGES:
            path = translated_path(neutral, language)
            have = read(path)
            want = expected(english, language)
            problems = []
            for key, english_text in want.items():
                if key not in have:
                    problems.append(f"missing {key}: {english_text}")
                    continue
                text, source = have[key]
                if problem := placeholder_problem(key, english_text, text, key.rpartition(".")[0] in bases):
                    problems.append(problem)
                if source is not None and source != english_text:
                    print(f"{path}: changed in English since translated: {key}: {english_text}")
            problems += [f"extra {key} (English has no such text)" for key in have if key not in want]
            for p in problems:
                print(f"{path}: {p}")
            failed |= bool(problems)
    return 1 if failed else 0


def todo(language):
    for neutral in neutral_files():
        english = read(neutral)
        have = read(translated_path(neutral, language))
        lines = [f"{key} = " for key, text in expected(english, language).items()
                 if key not in have or (have[key][1] is not None and have[key][1] != text)]
        if lines:
            print(f"[{neutral}]")
            for key, text in expected(english, language).items():
                if f"{key} = " in lines:
                    print(f"# {text}")
                    print(f"{key} = ")
            print()


def parse_table(path):
    table, section = {}, None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = table.setdefault(line[1:-1], {})
                continue
            key, sep, text = line.partition(" = ")
            if not sep or section is None:
                sys.exit(f"{path}:{number}: expected 'Key = text' under a [file.resx] section")
            section[key.strip()] = text.strip().replace("\\n", "\n")
    return table


def write(path, entries):
    out = [HEADER]
    for key, (value, comment) in entries.items():
        c = f"<comment>{html.escape(comment, quote=False)}</comment>" if comment is not None else ""
        out.append(f'  <data name="{html.escape(key)}" xml:space="preserve"><value>{html.escape(value, quote=False)}</value>{c}</data>\n')
    out.append("</root>\n")
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
        f.write("".join(out))


def apply(table_path):
    language = os.path.basename(table_path).split(".")[0].split("-")[0]
    if language not in LANGUAGES:
        sys.exit(f"name the table after its language, e.g. cy.txt or ar-new.txt (one of {', '.join(LANGUAGES)})")
    for neutral, texts in parse_table(table_path).items():
        english = read(neutral)
        if not english:
            sys.exit(f"{neutral}: no such English resource")
        path = translated_path(neutral, language)
        have = read(path)
        merged = {}
        for key, english_text in expected(english, language).items():
            if key in texts:
                merged[key] = (texts[key], english_text)
            elif key in have:
                merged[key] = have[key]
        unknown = [k for k in texts if k not in merged]
        if unknown:
            sys.exit(f"{neutral}: the table names keys English does not have: {', '.join(unknown)}")
        write(path, merged)
        print(f"wrote {path}: {len(merged)} texts")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "check":
        sys.exit(check())
    if command == "todo" and len(sys.argv) == 3:
        todo(sys.argv[2])
    elif command == "apply" and len(sys.argv) == 3:
        apply(sys.argv[2])
    else:
        sys.exit(__doc__)
