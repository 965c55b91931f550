#!/usr/bin/env python3
"""Writes a synthetic claims file: N claims on N/4 questions, three stances each.

Usage: gen.py N > claims.toml
"""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(7)
actors = max(10, n // 100)
out = sys.stdout
out.write('[[source]]\nkey = "wire"\ntitle = "Wire reports"\n')
for a in range(actors):
    out.write(f'\n[[actor]]\nkey = "org-{a}"\nname = "Actor {a}"\nkind = "organization"\n')
    if a >= 10 and a % 3 == 0:
        out.write(f'affiliation = "org-{a % 10}"\n')
qualifiers = ["exact", "about", "at-least", "more-than", "at-most", "fewer-than"]
for c in range(n):
    out.write(f'\n[[claim]]\nkey = "k{c}"\ntext = "Claim {c}: {rng.randint(1, 10**6)} casualties reported in region {c % 97}"\n')
    out.write(f'source = "wire"\ntopic = "{rng.choice(["deaths", "injuries", "seizures"])}"\nabout = "q{c // 4}"\n')
    out.write(f'value = {rng.randint(1, 1000)}\nqualifier = "{rng.choice(qualifiers)}"\nunit = "people"\n')
    for s in range(3):
        stance = "disputes" if s == 2 and rng.random() < 0.3 else "asserts"
        out.write(f'\n[[claim.stance]]\nactor = "org-{rng.randrange(actors)}"\nstance = "{stance}"\n')
