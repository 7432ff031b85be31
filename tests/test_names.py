from minutes.core.names import NameIndex, normalize, slugify, split_names, strip_affiliation


def test_normalize_ignores_case_accents_honorifics_and_affiliation() -> None:
    assert normalize("Dr Kay Graf (ECAP - University of Erlangen)") == "kay graf"
    assert normalize("  Prof. Stephen   Serjeant ") == "stephen serjeant"
    assert normalize("Nazaret Bello González") == normalize("nazaret bello gonzalez")
    assert normalize("Jutta Schnabel (FAU Erlangen (ECAP))") == "jutta schnabel"
    assert normalize("Mrs. Ms Ada") == "ada"


def test_strip_affiliation_only_trailing_balanced_part() -> None:
    assert strip_affiliation("A (B (C))") == "A"
    assert strip_affiliation("A (B) C") == "A (B) C"
    assert strip_affiliation("no parens") == "no parens"


def test_slugify() -> None:
    assert slugify("Nazaret Bello González") == "nazaret-bello-gonzalez"
    assert slugify("  O'Neil, J. ") == "o-neil-j"


def test_split_names_respects_parentheses() -> None:
    assert split_names("Jutta Schnabel (FAU Erlangen (ECAP)), Dr Kay Graf (ECAP, Erlangen)") == [
        "Jutta Schnabel (FAU Erlangen (ECAP))",
        "Dr Kay Graf (ECAP, Erlangen)",
    ]
    assert split_names("Ian Bird and Xavier Espinal, Kay Graf") == [
        "Ian Bird", "Xavier Espinal", "Kay Graf",
    ]


def test_index_resolves_ids_names_aliases_and_suggests() -> None:
    index = NameIndex("person")
    assert index.add("mohammad-al-turany", ["Mohammad Al-Turany", "Mohammed Al-Turany"]) == []
    assert index.add("kay-graf", ["Kay Graf"]) == []
    assert index.resolve("mohammed al-turany (CERN)") == "mohammad-al-turany"
    assert index.resolve("KAY-GRAF") == "kay-graf"
    assert index.resolve("Kay Grafx") is None
    assert index.suggest("Kay Grf") == ["Kay Graf"]
    # a second entity may not take a name already held
    assert index.add("other", ["Kay Graf"]) == ["Kay Graf"]


def test_match_prefix_whole_words_longest_first() -> None:
    index = NameIndex("group")
    index.add("cta", ["CTA", "Cherenkov Telescope Array Observatory"])
    index.add("eso", ["ESO"])
    index.add("hl-lhc", ["HL-LHC"])
    assert index.match_prefix("CTA – status") == ("cta", 1)
    assert index.match_prefix("Cherenkov Telescope Array Observatory news") == ("cta", 4)
    assert index.match_prefix("ESOTERIC matters") is None
    assert index.match_prefix("HL-LHC 2m") == ("hl-lhc", 1)
    assert index.match_prefix("Round table") is None
