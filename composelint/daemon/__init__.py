"""The Docker daemon's ``daemon.json``: a JSON reader with positions, and dockerd's keys.

``scanner`` reads JSON as Go's ``encoding/json`` (which dockerd uses) accepts it, keeping
each value's offsets; ``reader`` decides whether a ``daemon.json`` is dockerd's and fills
the model (:mod:`composelint.model.daemon`); ``edit`` holds the JSON text edits.
"""
