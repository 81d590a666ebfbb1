"""Rules of the filesystem family."""
