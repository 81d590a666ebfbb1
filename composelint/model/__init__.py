"""The one container model every reader fills and every rule reads.

``container``: containers (ports, mounts, user, privileges, networks, limits...) and
the group they are started in; ``origin``: where each value was written;
``dockerfile``: a Dockerfile's instructions and stages; ``proxy``: the upstreams a
reverse-proxy config forwards to; ``intents``: the fixes rules ask for.
"""
