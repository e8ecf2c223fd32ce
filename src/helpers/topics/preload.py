"""Imported by a fork server when the topic stage is in use
(:func:`helpers.compute.add_preload`): builds the default lexicon's matcher
(≈0.6 s) once, so every worker forked from it tags from its first task.

Only an optimization: if anything fails here, workers build the matcher on
first use as they would without it (a failing preload would stop the pool).
"""

try:
    from helpers.topics.lexicon import load_lexicon
    from helpers.topics.tagging import matcher_for

    matcher_for(load_lexicon())
except Exception:  # noqa: BLE001 - see the module docstring
    pass
