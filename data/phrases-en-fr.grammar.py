#!/usr/bin/env python3
"""Writes data/phrases-en-fr.tsv: short English -> French phrase pairs from a small hand-written
grammar (subjects, verbs conjugated by hand, nouns with their gender, adjectives before or after the
noun as French places them) plus a list of everyday phrases. Written for Sequence Lab; CC0.
Deterministic: `python3 data/phrases-en-fr.grammar.py > data/phrases-en-fr.tsv`."""
import random

SUBJECTS = [  # english, french, english verb form index (0: base, 1: third person -s), french person index
    ("i", "je", 0, 0), ("you", "tu", 0, 1), ("he", "il", 1, 2), ("she", "elle", 1, 2),
    ("we", "nous", 0, 3), ("they", "ils", 0, 4),
]
VERBS = {  # english (base, -s), french (je, tu, il, nous, ils), objects allowed
    "see": (("see", "sees"), ("vois", "vois", "voit", "voyons", "voient"), "any"),
    "like": (("like", "likes"), ("aime", "aimes", "aime", "aimons", "aiment"), "any"),
    "want": (("want", "wants"), ("veux", "veux", "veut", "voulons", "veulent"), "any"),
    "have": (("have", "has"), ("ai", "as", "a", "avons", "ont"), "any"),
    "eat": (("eat", "eats"), ("mange", "manges", "mange", "mangeons", "mangent"), "food"),
    "drink": (("drink", "drinks"), ("bois", "bois", "boit", "buvons", "boivent"), "drink"),
    "read": (("read", "reads"), ("lis", "lis", "lit", "lisons", "lisent"), "text"),
    "find": (("find", "finds"), ("trouve", "trouves", "trouve", "trouvons", "trouvent"), "any"),
}
NOUNS = [  # english, french, gender, kind
    ("cat", "chat", "m", "thing"), ("dog", "chien", "m", "thing"), ("house", "maison", "f", "thing"),
    ("car", "voiture", "f", "thing"), ("book", "livre", "m", "text"), ("letter", "lettre", "f", "text"),
    ("newspaper", "journal", "m", "text"), ("apple", "pomme", "f", "food"), ("bread", "pain", "m", "food"),
    ("cake", "gâteau", "m", "food"), ("soup", "soupe", "f", "food"), ("coffee", "café", "m", "drink"),
    ("milk", "lait", "m", "drink"), ("tea", "thé", "m", "drink"), ("key", "clé", "f", "thing"),
    ("table", "table", "f", "thing"), ("bird", "oiseau", "m", "thing"), ("garden", "jardin", "m", "thing"),
]
ADJECTIVES = [  # english, french masc, french fem, placed before the noun in french?
    ("big", "grand", "grande", True), ("small", "petit", "petite", True), ("good", "bon", "bonne", True),
    ("red", "rouge", "rouge", False), ("black", "noir", "noire", False), ("green", "vert", "verte", False),
    ("new", "nouveau", "nouvelle", True), ("old", "vieux", "vieille", True), ("hot", "chaud", "chaude", False),
]
PHRASES = [
    ("good morning", "bonjour"), ("good evening", "bonsoir"), ("good night", "bonne nuit"), ("thank you", "merci"),
    ("thank you very much", "merci beaucoup"), ("see you tomorrow", "à demain"), ("see you soon", "à bientôt"),
    ("excuse me", "excusez-moi"), ("i am sorry", "je suis désolé"), ("yes please", "oui s'il vous plaît"),
    ("no thank you", "non merci"), ("how are you ?", "comment allez-vous ?"), ("i am fine", "je vais bien"),
    ("where is the station ?", "où est la gare ?"), ("it is cold", "il fait froid"), ("it is hot", "il fait chaud"),
    ("i do not know", "je ne sais pas"), ("i understand", "je comprends"), ("welcome", "bienvenue"),
    ("happy birthday", "joyeux anniversaire"), ("what time is it ?", "quelle heure est-il ?"), ("help !", "au secours !"),
]

def article(fr_noun, gender, definite):
    if definite:
        return "l'" if fr_noun[0] in "aeiouéh" else ("le " if gender == "m" else "la ")
    return "un " if gender == "m" else "une "

def french_object(noun, adj, definite):
    en, fr, g, _ = noun
    if adj is None:
        return article(fr, g, definite) + fr
    _, m, f, before = adj
    a = m if g == "m" else f
    if before:
        art = ("le " if g == "m" else "la ") if definite else article(a, g, False)
        if definite and a[0] in "aeiouéh":
            art = "l'"
        if a == "vieux" and fr[0] in "aeiouéh":
            a = "vieil"
        if a == "nouveau" and fr[0] in "aeiouéh":
            a = "nouvel"
        return art + a + " " + fr
    return article(fr, g, definite) + fr + " " + a

def elide(subject, verb):
    return "j'" + verb if subject == "je" and verb[0] in "aeiouéh" else subject + " " + verb

def main():
    rng = random.Random(2026)
    pairs = set()
    for s in SUBJECTS:
        for vname, (en_forms, fr_forms, allowed) in VERBS.items():
            for n in NOUNS:
                if allowed != "any" and n[3] != allowed:
                    continue
                for adj in [None] + ADJECTIVES:
                    for definite in (True, False):
                        en_obj = ("the " if definite else ("an " if (adj[0] if adj else n[0])[0] in "aeiou" else "a ")) + ((adj[0] + " ") if adj else "") + n[0]
                        if not definite and n[3] == "drink" and adj is None:
                            continue
                        en = f"{s[0]} {en_forms[s[2]]} {en_obj}"
                        fr = f"{elide(s[1], fr_forms[s[3]])} {french_object(n, adj, definite)}"
                        pairs.add((en, fr))
    chosen = rng.sample(sorted(pairs), 420)
    out = sorted(chosen, key=lambda p: rng.random()) + PHRASES
    print("# English -> French phrase pairs for Sequence Lab (CC0). source<TAB>target, one pair per line.")
    print("# Generated by data/phrases-en-fr.grammar.py from a hand-written grammar plus everyday phrases.")
    for en, fr in out:
        print(f"{en}\t{fr}")

main()
