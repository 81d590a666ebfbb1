"""Rules of the daemon family: the Docker daemon's own configuration (``daemon.json``)."""
