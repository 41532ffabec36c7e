"""Words that Indonesian writes two ways, open or closed ("kerja sama" and "kerjasama") or with
an old spelling ("Sumatra" for "Sumatera"): a search for one form finds the other
(core.fulltext reads a query's words through `alternatives`).

The one list of them is SPELLINGS, kept short on purpose: only forms that mean the same thing
wherever they appear. A regency's own alternative names (agencies' Regency.alternative_names,
"Deliserdang", "Labuhan Batu") are in the stored vectors of the records in that regency; the
pairs below find the same words in titles and texts too.
"""

# Each entry: the forms of one word, as lower-case words separated by spaces.
SPELLINGS = [
    ("kerja sama", "kerjasama"),
    ("sumatera", "sumatra"),
    ("deli serdang", "deliserdang"),
    ("labuhan batu", "labuhanbatu"),
    # The regencies' two-word names that the reference data also knows written as one.
    ("pematang siantar", "pematangsiantar"),
    ("tanjung balai", "tanjungbalai"),
    ("tebing tinggi", "tebingtinggi"),
    ("batu bara", "batubara"),
    ("gunung sitoli", "gunungsitoli"),
]

FORMS = {}
for _entry in SPELLINGS:
    _forms = [tuple(form.split()) for form in _entry]
    for _form in _forms:
        FORMS[_form] = _forms
LONGEST = max(len(form) for form in FORMS)


def alternatives(words):
    """`words` (a query's, lower case, in order) as groups, each the list of the ways its
    words may be written: ["kerjasama", "medan"] gives [[("kerjasama",), ("kerja", "sama")],
    [("medan",)]]. The longest known form starting at a word wins."""
    groups, start = [], 0
    while start < len(words):
        for size in range(min(LONGEST, len(words) - start), 0, -1):
            forms = FORMS.get(tuple(words[start : start + size]))
            if forms is not None:
                # The form typed first, so a query reads as the person wrote it.
                typed = tuple(words[start : start + size])
                groups.append([typed, *(form for form in forms if form != typed)])
                start += size
                break
        else:
            groups.append([(words[start],)])
            start += 1
    return groups
