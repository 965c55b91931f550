#!/usr/bin/env python3
"""Writes a synthetic ledger's data twice: as a claims file for `claimledger
import`, and as the same bare rows in CSV for the sqlite3 shell's `.import`.
N claims on N/4 questions, three stances each, N/100 actors (a tenth of them
speaking for another). The same N gives the same data.

Usage: gen.py N DIR   (writes DIR/claims.toml, DIR/sources.csv, DIR/actors.csv,
                       DIR/claims.csv, DIR/stances.csv, and DIR/more.toml: N/10
                       more claims on the same source and actors, for an
                       import into the loaded ledger)
"""
import csv
import io
import os
import random
import sys

n, out_dir = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
actors = max(10, n // 100)
qualifiers = ["exact", "about", "at-least", "more-than", "at-most", "fewer-than"]

def table(name, header):
    f = open(os.path.join(out_dir, name), "w", newline="")
    w = csv.writer(f)
    w.writerow(header)
    return f, w

toml = open(os.path.join(out_dir, "claims.toml"), "w")
sources_f, sources = table("sources.csv", ["id", "key", "title"])
actors_f, actors_w = table("actors.csv", ["id", "key", "name", "kind", "affiliation"])
claims_f, claims = table("claims.csv", ["id", "key", "text", "source", "topic", "about", "value", "qualifier", "unit"])
stances_f, stances = table("stances.csv", ["id", "claim", "actor", "stance"])

header = io.StringIO()
header.write('[[source]]\nkey = "wire"\ntitle = "Wire reports"\n')
sources.writerow([1, "wire", "Wire reports"])
for a in range(actors):
    header.write(f'\n[[actor]]\nkey = "org-{a}"\nname = "Actor {a}"\nkind = "organization"\n')
    affiliation = f"org-{a % 10}" if a >= 10 and a % 3 == 0 else None
    if affiliation:
        header.write(f'affiliation = "{affiliation}"\n')
    actors_w.writerow([a + 1, f"org-{a}", f"Actor {a}", "organization", (a % 10) + 1 if affiliation else ""])
toml.write(header.getvalue())
stance_id = 0


def claim(out, c, rows):
    """Claim number c and its three stances, into `out` (and the CSVs when `rows`)."""
    global stance_id
    text = f"Claim {c}: {rng.randint(1, 10**6)} casualties reported in region {c % 97}"
    topic = rng.choice(["deaths", "injuries", "seizures"])
    value, qualifier = rng.randint(1, 1000), rng.choice(qualifiers)
    out.write(f'\n[[claim]]\nkey = "k{c}"\ntext = "{text}"\n')
    out.write(f'source = "wire"\ntopic = "{topic}"\nabout = "q{c // 4}"\n')
    out.write(f'value = {value}\nqualifier = "{qualifier}"\nunit = "people"\n')
    if rows:
        claims.writerow([c + 1, f"k{c}", text, 1, topic, f"q{c // 4}", value, qualifier, "people"])
    for s in range(3):
        stance = "disputes" if s == 2 and rng.random() < 0.3 else "asserts"
        actor = rng.randrange(actors)
        out.write(f'\n[[claim.stance]]\nactor = "org-{actor}"\nstance = "{stance}"\n')
        if rows:
            stance_id += 1
            stances.writerow([stance_id, c + 1, actor + 1, stance])


for c in range(n):
    claim(toml, c, True)
# A tenth more, after the same source and actors (which are already in the ledger when it is imported).
with open(os.path.join(out_dir, "more.toml"), "w") as more:
    more.write(header.getvalue())
    for c in range(n, n + max(1, n // 10)):
        claim(more, c, False)
for f in (toml, sources_f, actors_f, claims_f, stances_f):
    f.close()
