"""Propositions: found by the matcher as clusters of statements, kept by editors.

`propose_propositions` clusters every embedded statement and turns each cluster that spans two
or more sources into a proposition, titled by its most central statement. The clustering is
average linkage over cosine similarity, where a stored pair adds to its two statements' link in
proportion to its contradiction score (a clash is the strongest sign that two statements speak
to one question). Groups are only joined along an edge — a near neighbour of another source or a
stored pair — so a run costs neighbours × statements, not statements².

A re-run updates what the matcher made and never undoes what an editor did:

- a cluster is matched to the proposition that holds most of its statements (removed ones
  included, so a statement an editor took out still ties the cluster to that proposition);
- a statement an editor took out (`removed`) is never put back, one in another proposition is
  never taken from it, and a row an editor added is never taken out;
- a proposition an editor changed (`edited`) keeps its title and all its statements; one nobody
  changed follows its cluster, and goes when its cluster does;
- stances an editor set are kept; the others are read again (stance.py).

The editor services (`create_proposition`, `rename_proposition`, `merge_propositions`,
`split_proposition`, `move_statement`, `set_stance`) check the editor permission, lock the
propositions they change, and raise ValidationError with a message when the change makes no sense.
"""
